package dev.syncr.server.shares;

import dev.syncr.server.ServerDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

@Tag("slow") // the isolation matrix again, on PostgreSQL (SQLite runs it in `mvn test`): run by `mvn verify`
class PostgresShareIsolationTest extends ShareIsolationContract {

    @Override
    protected ServerDatabase database(Path dir) {
        return ServerDatabase.postgres();
    }
}
