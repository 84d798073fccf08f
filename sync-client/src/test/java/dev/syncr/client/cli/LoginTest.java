package dev.syncr.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code syncr login}, every command with the saved token, {@code syncr logout}, and exit code 6 for a 401. */
class LoginTest {

    @TempDir
    Path dir;
    SyncServer server;
    Path config;

    @BeforeEach
    void start() throws Exception {
        try (TestAccounts accounts = TestAccounts.inDataDir(dir.resolve("server"))) {
            accounts.userWithToken("alice");
        }
        server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString(),
                "--password-hash-memory", "1024");
        config = dir.resolve("config");
        System.setProperty("syncr.config.dir", config.toString());
    }

    @AfterEach
    void stop() {
        System.clearProperty("syncr.config.dir");
        if (server != null) {
            server.close();
        }
    }

    CliRun syncr(String stdin, String... args) {
        return CliRun.withInput(stdin, args);
    }

    @Test
    void login_keeps_an_owner_only_token_that_every_command_uses_until_logout() throws Exception {
        CliRun refused = syncr("", "--server", server.uri().toString(), "ls");
        assertThat(refused.code()).isEqualTo(ExitCodes.NOT_AUTHORIZED);
        assertThat(refused.err()).contains("syncr login").hasLineCount(1);

        CliRun wrong = syncr("not the password\n", "login", "--server", server.uri().toString(), "--user", "alice",
                "--password-stdin");
        assertThat(wrong.code()).isEqualTo(ExitCodes.NOT_AUTHORIZED);
        assertThat(Files.exists(config.resolve(SavedLogin.FILE))).isFalse();

        CliRun login = syncr(TestAccounts.PASSWORD + "\n", "login", "--server", server.uri().toString(), "--user",
                "Alice", "--password-stdin", "--label", "laptop");
        assertThat(login.code()).as(login.err()).isZero();
        assertThat(login.out()).contains("logged in to").contains("as alice").doesNotContain("syncr_");
        Path saved = config.resolve(SavedLogin.FILE);
        assertThat(Files.readString(saved)).contains("syncr_");
        if (saved.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rwx------");
        }

        // no --server: the logged-in server is the default from now on
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "private notes");
        assertThat(syncr("", "put", notes.toString()).code()).isZero();
        assertThat(syncr("", "cat", "notes.txt").out()).isEqualTo("private notes");
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Files.writeString(folder.resolve("synced.txt"), "from the folder");
        CliRun sync = syncr("", "sync", folder.toString());
        assertThat(sync.code()).as(sync.err()).isZero();
        assertThat(syncr("", "ls").out()).contains("notes.txt").contains("synced.txt");

        CliRun logout = syncr("", "logout");
        assertThat(logout.code()).isZero();
        assertThat(Files.exists(saved)).isFalse();
        CliRun after = syncr("", "--server", server.uri().toString(), "ls");
        assertThat(after.code()).isEqualTo(ExitCodes.NOT_AUTHORIZED);
    }

    @Test
    void logout_revokes_the_token_on_the_server() throws Exception {
        assertThat(syncr(TestAccounts.PASSWORD + "\n", "login", "--server", server.uri().toString(), "--user",
                "alice", "--password-stdin").code()).isZero();
        String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                config.resolve(SavedLogin.FILE).toFile()).get("token").asText();
        assertThat(syncr("", "logout").code()).isZero();
        var reply = new dev.syncr.server.TestHttp(server.uri()).withToken(token).get("/files/");
        assertThat(reply.status()).isEqualTo(401);
    }
}
