package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestHttp;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the server lets slip besides files: caches, metrics, and log lines a file name could forge. */
class SmallLeaksTest {

    @TempDir
    Path dir;
    SyncServer server;
    TestHttp http;
    final List<String> lines = new CopyOnWriteArrayList<>();
    java.util.logging.Level level;
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("metrics-token"), "scraper-secret\n");
        server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("data").toString(),
                "--metrics-token-file", dir.resolve("metrics-token").toString());
        http = new TestHttp(server.uri());
        Logger log = Logger.getLogger("sync_server");
        level = log.getLevel();
        log.setLevel(java.util.logging.Level.INFO);
        log.addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("sync_server").removeHandler(capture);
        Logger.getLogger("sync_server").setLevel(level);
        server.close();
    }

    @Test
    void metrics_need_the_operators_token_when_one_is_given() throws Exception {
        assertThat(http.get("/metrics").status()).isEqualTo(401);
        assertThat(http.withToken("wrong").get("/metrics").status()).isEqualTo(401);
        TestHttp.Reply scraped = http.withToken("scraper-secret").get("/metrics");
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.body()).contains("syncr_http_requests_total");
    }

    @Test
    void private_answers_are_never_cached_and_only_chunks_are_immutable() throws Exception {
        assertThat(http.postJson("/files/a.txt", "{\"content\":\"private\",\"expected_version\":0}").status())
                .isEqualTo(201);
        assertThat(http.get("/files/a.txt").header("Cache-Control")).isEqualTo("no-store");
        assertThat(http.get("/files/").header("Cache-Control")).isEqualTo("no-store");
        assertThat(http.get("/files/a.txt/download").header("Cache-Control")).isEqualTo("no-store");
        assertThat(http.get("/nowhere").header("Cache-Control")).as("an error too").isEqualTo("no-store");
        byte[] chunk = "a chunk's bytes never change".getBytes();
        String hash = ContentHash.of(chunk);
        http.send(http.request("/chunks/" + hash).PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)));
        assertThat(http.get("/chunks/" + hash).header("Cache-Control")).contains("private", "immutable");
    }

    @Test
    void a_file_name_cannot_forge_fields_in_a_log_line() throws Exception {
        String forged = "report event=deleted file_id=payroll.txt";
        String path = "/files/" + java.net.URLEncoder.encode(forged, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        assertThat(http.postJson(path, "{\"content\":\"x\",\"expected_version\":0}").status()).isEqualTo(201);

        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("Created \"" + forged + "\" v1 "));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains(" " + forged));
    }
}
