package dev.syncr.server.dav;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.S3TestServer;
import dev.syncr.server.ServerDatabase;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's litmus, the WebDAV compliance suite, against a real server: every area (basic, copymove, props, locks,
 * http), every test passing (103 in Debian's litmus 0.13). CI installs litmus ({@code .ci/run}); without it this test fails, never skips.
 */
@Tag("slow") // an external program: run by `mvn verify`
class LitmusTest {

    private static final Pattern SUMMARY = Pattern.compile("summary for `(\\w+)': of (\\d+) tests run: (\\d+) passed, "
            + "(\\d+) failed");

    @TempDir
    Path dir;

    @Test
    void litmus_passes_every_test_on_the_embedded_default() throws Exception {
        try (ServerDatabase database = ServerDatabase.sqlite(dir)) {
            litmus(database, List.of());
        }
    }

    @Test
    void litmus_passes_every_test_on_postgresql_and_s3() throws Exception {
        try (ServerDatabase database = ServerDatabase.postgres(); S3TestServer s3 = S3TestServer.start()) {
            litmus(database, List.of(s3.flags("litmus")));
        }
    }

    private void litmus(ServerDatabase database, List<String> flags) throws Exception {
        assertThat(Path.of("/usr/bin/litmus")).as("litmus is installed (apt-get install litmus)").exists();
        String token;
        try (TestAccounts accounts = database.accounts()) {
            token = accounts.userWithToken("alice");
        }
        try (SyncServer server = database.startServer(dir, flags)) {
            ProcessBuilder litmus = new ProcessBuilder(List.of("litmus", server.uri().resolve("/dav/files/alice/")
                    .toString(), "alice", token)).redirectErrorStream(true).redirectOutput(dir.resolve("litmus.log")
                    .toFile()).directory(dir.toFile());
            litmus.environment().put("TESTS", "basic copymove props locks http");
            Process run = litmus.start();
            assertThat(run.waitFor(4, TimeUnit.MINUTES)).as("litmus finished").isTrue();
            String log = Files.readString(dir.resolve("litmus.log"), StandardCharsets.UTF_8);
            Matcher m = SUMMARY.matcher(log);
            int areas = 0;
            int passed = 0;
            while (m.find()) {
                areas++;
                assertThat(m.group(4)).as("failures in %s:\n%s", m.group(1), log).isEqualTo("0");
                passed += Integer.parseInt(m.group(3));
            }
            assertThat(areas).as(log).isEqualTo(5);
            assertThat(passed).as("basic 16, copymove 13, props 30, locks 40, http 4").isEqualTo(103);
        }
    }
}
