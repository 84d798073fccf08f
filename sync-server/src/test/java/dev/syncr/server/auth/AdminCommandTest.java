package dev.syncr.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.ServerProcess;
import dev.syncr.server.ServerProcess.AdminRun;
import dev.syncr.server.TestHttp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's view: the server jar's {@code user} and {@code token} commands, run as separate processes beside a
 * running server on the same data dir, and a server log and token table that never hold a secret.
 */
@Tag("slow") // the admin commands as processes: run by `mvn verify`, not `mvn test`
class AdminCommandTest {

    static final String PASSWORD = "a long and unusual passphrase";

    @TempDir
    Path dir;

    AdminRun admin(String stdin, String... args) throws Exception {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--data-dir", dir.toString(), "--password-hash-memory", "1024"}, 0, all,
                args.length, 4);
        return ServerProcess.admin(stdin, all);
    }

    @Test
    void users_and_tokens_are_managed_beside_a_running_server_and_no_secret_reaches_its_log_or_tables()
            throws Exception {
        try (ServerProcess server = ServerProcess.start("256m", "--data-dir", dir.toString(),
                "--password-hash-memory", "1024")) {
            URI uri = server.uri();
            TestHttp anonymous = new TestHttp(uri);
            assertThat(anonymous.postJson("/files/before.txt", "{\"content\":\"open mode\",\"expected_version\":0}")
                    .status()).isEqualTo(201);
            assertThat(server.output()).contains("open local mode");

            AdminRun weak = admin("password\n", "user", "add", "alice", "--password-stdin");
            assertThat(weak.exitCode()).isEqualTo(2);
            assertThat(weak.stderr()).contains("common");

            AdminRun added = admin(PASSWORD + "\n", "user", "add", "alice", "--password-stdin", "--adopt-local");
            assertThat(added.exitCode()).as(added.stderr()).isZero();
            assertThat(added.stdout()).contains("added user alice").contains("1 file(s)");
            assertThat(admin("", "user", "add", "alice", "--password-stdin").exitCode()).isEqualTo(2);

            AdminRun created = admin("", "token", "create", "alice", "--label", "laptop");
            assertThat(created.exitCode()).as(created.stderr()).isZero();
            String token = created.lastLine();
            assertThat(token).matches("syncr_[0-9a-f]{48}");

            assertThat(anonymous.get("/files/before.txt").status()).as("a user exists now").isEqualTo(401);
            TestHttp laptop = anonymous.withToken(token);
            assertThat(laptop.get("/files/before.txt").json().get("content").asText())
                    .as("adopted from the open mode").isEqualTo("open mode");
            String garbled = token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0");
            assertThat(anonymous.withToken(garbled).get("/files/").status()).isEqualTo(401);
            assertThat(laptop.postJson("/files/x.txt", "{\"content\":5}").status()).isEqualTo(400);
            String login = anonymous.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"" + PASSWORD
                    + "\"}").json().get("token").asText();
            anonymous.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "x\"}");

            AdminRun listed = admin("", "token", "list", "alice");
            assertThat(listed.stdout().lines()).hasSize(2);
            String id = listed.stdout().lines().filter(l -> l.contains("laptop")).findFirst().orElseThrow()
                    .split("\t")[0];
            assertThat(listed.stdout()).contains("laptop").doesNotContain(token).doesNotContain(login)
                    .doesNotContain(token.substring(6));
            assertThat(admin("", "user", "list").stdout()).startsWith("alice\t");

            AdminRun revoked = admin("", "token", "revoke", id);
            assertThat(revoked.exitCode()).as(revoked.stderr()).isZero();
            assertThat(laptop.get("/files/").status()).as("revoked on the next request").isEqualTo(401);
            assertThat(admin("", "token", "revoke", id).exitCode()).isEqualTo(2);
            assertThat(anonymous.withToken(login).get("/files/").status()).isEqualTo(200);

            assertThat(admin("another passphrase entirely\n", "user", "passwd", "alice", "--password-stdin")
                    .exitCode()).isZero();
            assertThat(anonymous.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\"another "
                    + "passphrase entirely\"}").status()).isEqualTo(201);

            String log = server.output();
            assertThat(log).doesNotContain(token).doesNotContain(login).doesNotContain(PASSWORD)
                    .doesNotContain("another passphrase").doesNotContain("syncr_");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("syncr.db"));
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM device_tokens")) {
                StringBuilder table = new StringBuilder();
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        table.append(rs.getString(i)).append('|');
                    }
                }
                assertThat(table.toString()).contains("alice").doesNotContain(token).doesNotContain(login)
                        .doesNotContain(token.substring(6)).doesNotContain(login.substring(6));
            }

            AdminRun removed = admin("", "user", "remove", "alice");
            assertThat(removed.stdout()).contains("--adopt ");
            assertThat(anonymous.withToken(login).get("/files/").status()).isEqualTo(401);
        }
        assertThat(Files.exists(dir.resolve("syncr.db"))).isTrue();
    }

    @Test
    void without_users_a_server_refuses_a_network_address_unless_told_otherwise() throws Exception {
        ServerProcess refused = ServerProcess.launch("256m", "--data-dir", dir.toString(), "--bind", "0.0.0.0");
        assertThat(refused.awaitExit(Duration.ofMinutes(2))).isEqualTo(2);
        assertThat(refused.output()).contains("refusing to serve on 0.0.0.0").contains("user add");

        try (ServerProcess open = ServerProcess.start("256m", "--data-dir", dir.toString(), "--bind", "0.0.0.0",
                "--insecure-no-auth")) {
            assertThat(open.output()).contains("INSECURE");
            assertThat(new TestHttp(open.uri()).get("/files/").status()).isEqualTo(200);
        }

        Path secret = dir.resolve("admin-password");
        Files.writeString(secret, PASSWORD + "\n");
        try (ServerProcess container = ServerProcess.start("256m", "--data-dir", dir.toString(), "--bind",
                "0.0.0.0", "--admin-user", "admin", "--admin-password-file", secret.toString(),
                "--password-hash-memory", "1024")) {
            TestHttp http = new TestHttp(container.uri());
            assertThat(http.get("/files/").status()).isEqualTo(401);
            assertThat(http.postJson("/auth/login", "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}")
                    .status()).isEqualTo(201);
        }
    }
}
