package dev.syncr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncr.server.bootstrap.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags whose rules picocli's types cannot state. */
class ServerCliTest {

    @TempDir
    Path dir;

    static ServerConfig parse(String... args) {
        return ServerCli.parse(args);
    }

    @Test
    void the_database_password_may_come_from_a_file_so_it_is_not_in_the_process_list() throws Exception {
        Path secret = dir.resolve("db-password");
        Files.writeString(secret, "s3cret with spaces\nignored second line\n");
        assertThat(parse("--db-password-file", secret.toString()).database().password())
                .isEqualTo("s3cret with spaces");
        assertThat(parse("--db-password-file", secret.toString()).database().toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> parse("--db-password", "x", "--db-password-file", secret.toString()).database())
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> parse("--db-password-file", dir.resolve("missing").toString()).database())
                .hasMessageContaining("cannot read");
    }

    @Test
    void paired_flags_come_together() {
        assertThatThrownBy(() -> parse("--tls-cert", "c.pem")).hasMessageContaining("--tls-key");
        assertThatThrownBy(() -> parse("--admin-user", "admin"))
                .hasMessageContaining("--admin-password-file");
        assertThatThrownBy(() -> parse("--read-timeout", "100ms")).hasMessageContaining("at least 1s");
        assertThatThrownBy(() -> parse("--password-hash-memory", "8"))
                .hasMessageContaining("--password-hash-memory");
    }
}
