package dev.syncr.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestHttp;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /batch/download} through the client: many files in one answer, each checked against its hash on
 * arrival; files the server does not send in a batch say why; a bad request changes nothing and says what is wrong.
 */
class BatchDownloadTest {

    @TempDir
    Path dir;

    @Test
    void many_files_come_in_one_answer_each_checked_and_those_not_sent_say_why() throws Exception {
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.toString())) {
            SyncClient client = new SyncClient(server.uri(), "test");
            byte[] tiny = "tiny".getBytes(StandardCharsets.UTF_8);
            byte[] medium = new byte[300_000];
            new Random(1).nextBytes(medium);
            byte[] big = new byte[(int) SyncClient.MAX_BATCHED_FILE_BYTES + 1];
            client.putBatch(List.of(new SyncClient.BatchFile(FileId.of("a/tiny.txt"), 0, tiny)));
            client.putBatch(List.of(new SyncClient.BatchFile(FileId.of("a/tiny.txt"), 1, "newer".getBytes(
                    StandardCharsets.UTF_8))));
            Path mediumFile = dir.resolve("medium.bin");
            java.nio.file.Files.write(mediumFile, medium);
            client.putFile(FileId.of("b/medium.bin"), 0, mediumFile);
            Path bigFile = dir.resolve("big.bin");
            java.nio.file.Files.write(bigFile, big);
            client.putFile(FileId.of("big.bin"), 0, bigFile);
            client.putBatch(List.of(new SyncClient.BatchFile(FileId.of("gone.txt"), 0, tiny)));
            client.delete(FileId.of("gone.txt"), 1);

            List<SyncClient.Fetched> got = new ArrayList<>();
            client.getBatch(List.of(new SyncClient.Wanted(FileId.of("a/tiny.txt"), 1),
                    new SyncClient.Wanted(FileId.of("b/medium.bin"), 1),
                    new SyncClient.Wanted(FileId.of("big.bin"), 1),
                    new SyncClient.Wanted(FileId.of("gone.txt"), 2),
                    new SyncClient.Wanted(FileId.of("never.txt"), 1),
                    new SyncClient.Wanted(FileId.of("a/tiny.txt"), 2)), got::add);

            assertThat(got).hasSize(6);
            assertThat(got.get(0).bytes()).as("an old version, as asked").isEqualTo(tiny);
            assertThat(got.get(1).bytes()).isEqualTo(medium);
            assertThat(got.get(1).contentHash()).isEqualTo(ContentHash.of(medium));
            assertThat(got.get(2).error()).isEqualTo("too_large");
            assertThat(got.get(2).bytes()).isNull();
            assertThat(got.get(3).error()).as("a delete has no content").isEqualTo("not_found");
            assertThat(got.get(4).error()).isEqualTo("not_found");
            assertThat(new String(got.get(5).bytes(), StandardCharsets.UTF_8)).isEqualTo("newer");
        }
    }

    @Test
    void a_bad_request_is_a_4xx_with_a_reason_and_the_server_keeps_serving() throws Exception {
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.toString())) {
            TestHttp http = new TestHttp(server.uri());
            TestHttp.Reply badId = http.postJson("/batch/download", "{\"files\":[{\"file_id\":\"../x\"}]}");
            assertThat(badId.status()).isEqualTo(400);
            assertThat(badId.json().get("error").asText()).isEqualTo("invalid_file_id");
            StringBuilder many = new StringBuilder("{\"files\":[");
            for (int i = 0; i < 1001; i++) {
                many.append(i == 0 ? "" : ",").append("{\"file_id\":\"f").append(i).append("\"}");
            }
            assertThat(http.postJson("/batch/download", many + "]}").status()).isEqualTo(400);
            assertThat(http.postJson("/batch/download", "{\"files\":[{\"file_id\":\"a\",\"version\":0}]}").status())
                    .isEqualTo(400);
            assertThat(http.send(http.request("/batch/download").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))).status()).isEqualTo(415);
            assertThatThrownBy(() -> new SyncClient(server.uri(), "t").getBatch(List.of(new SyncClient.Wanted(
                    FileId.of("x"), 1)), f -> { throw new java.io.IOException("the receiver failed"); }))
                    .hasMessageContaining("the receiver failed");
            assertThat(http.get("/healthz").status()).isEqualTo(200);
        }
    }
}
