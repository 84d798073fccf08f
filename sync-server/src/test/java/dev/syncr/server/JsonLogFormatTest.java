package dev.syncr.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --log-format json}: each event one JSON object, with the same fields as the text line. */
class JsonLogFormatTest {

    @TempDir
    Path dir;

    @Test
    void a_write_is_logged_as_one_json_object_with_its_fields() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        JsonLogFormat format = new JsonLogFormat();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(format.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger events = Logger.getLogger("sync_server");
        java.util.logging.Level level = events.getLevel();
        events.setLevel(java.util.logging.Level.INFO); // tests may run quieter
        events.addHandler(capture);
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.toString())) {
            new TestHttp(server.uri()).postJson("/files/notes%20one.txt",
                    "{\"content\":\"a \\\"quoted\\\" line\",\"expected_version\":0}", "laptop");
        } finally {
            events.removeHandler(capture);
            events.setLevel(level);
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode created = null;
        for (String line : lines) {
            assertThat(line).endsWith(System.lineSeparator()).doesNotContain("\n" + "{");
            JsonNode node = json.readTree(line);
            if ("created".equals(node.path("event").asText())) {
                created = node;
            }
        }
        assertThat(created).as(String.join("", lines)).isNotNull();
        assertThat(created.get("message").asText()).isEqualTo("Created notes one.txt v1");
        assertThat(created.get("file_id").asText()).isEqualTo("notes one.txt");
        assertThat(created.get("version").asInt()).isEqualTo(1);
        assertThat(created.get("client_id").asText()).isEqualTo("laptop");
        assertThat(created.get("level").asText()).isEqualTo("INFO");
        assertThat(created.get("time").asText()).endsWith("Z");
    }
}
