package dev.syncr.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.ServerDatabase;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestHttp;
import dev.syncr.server.accounts.UserName;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow") // the HTTP contract again, on PostgreSQL (SQLite runs it in `mvn test`): run by `mvn verify`
class PostgresAuthHttpTest extends AuthHttpContract {

    @Override
    protected ServerDatabase database(Path dir) {
        return ServerDatabase.postgres();
    }

    @Test
    void a_revoked_token_is_refused_at_once_by_every_server_sharing_the_database() throws Exception {
        try (SyncServer second = start(List.of())) {
            TestHttp onSecond = new TestHttp(second.uri()).withToken(aliceToken);
            assertThat(alice.get("/files/").status()).isEqualTo(200);
            assertThat(onSecond.get("/files/").status()).isEqualTo(200);
            accounts.accounts().revokeToken(accounts.accounts().tokens(UserName.parse("alice")).getFirst().id());
            assertThat(alice.get("/files/").status()).isEqualTo(401);
            assertThat(onSecond.get("/files/").status()).isEqualTo(401);
        }
    }
}
