package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.ServerProcess;
import dev.syncr.server.TestHttp;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default keeps everything across restarts, including a kill -9 right after an acknowledged write. */
@Tag("slow") // processes, hundreds of MB or long races: run by `mvn verify`, not `mvn test`
class RestartTest {

    @TempDir
    Path dir;

    @Test
    void files_history_deletes_and_the_feed_survive_a_kill_and_a_restart() throws Exception {
        try (ServerProcess first = ServerProcess.start("128m", "--data-dir", dir.toString())) {
            TestHttp http = new TestHttp(first.uri());
            assertThat(http.postJson("/files/docs/report.txt", "{\"content\":\"v1\",\"expected_version\":0}", "A")
                    .status()).isEqualTo(201);
            assertThat(http.postJson("/files/docs/report.txt", "{\"content\":\"v2\",\"expected_version\":1}", "B")
                    .status()).isEqualTo(200);
            assertThat(http.postJson("/files/gone.txt", "{\"content\":\"bye\",\"expected_version\":0}").status())
                    .isEqualTo(201);
            assertThat(http.delete("/files/gone.txt?expected_version=1").status()).isEqualTo(200);
            first.kill(); // no shutdown hook, no flush: acknowledged writes must already be durable
        }
        try (ServerProcess second = ServerProcess.start("128m", "--data-dir", dir.toString())) {
            TestHttp http = new TestHttp(second.uri());
            var text = http.get("/files/docs/report.txt");
            assertThat(text.json().get("content").asText()).isEqualTo("v2");
            assertThat(text.json().get("version").asLong()).isEqualTo(2);
            var history = http.get("/files/docs/report.txt/versions").json().get("versions");
            assertThat(history).hasSize(2);
            assertThat(history.get(1).get("client_id").asText()).isEqualTo("A");
            assertThat(http.get("/files/docs/report.txt/versions/1/download").body()).isEqualTo("v1");
            assertThat(http.get("/files/gone.txt").status()).isEqualTo(404);
            assertThat(http.get("/changes").json().get("changes")).hasSize(4);
            // the chain continues where it stopped
            assertThat(http.postJson("/files/docs/report.txt", "{\"content\":\"v3\",\"expected_version\":2}")
                    .json().get("version").asLong()).isEqualTo(3);
        }
    }
}
