package dev.syncr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM in the middle of a large upload and a burst of commits: the server stops accepting, lets what is in flight
 * finish, and exits 0; after a restart every acknowledged write is there, byte for byte, and nothing is half-done.
 */
@Tag("slow") // a server process and a 200 MB upload: run by `mvn verify`
class GracefulShutdownTest {

    private static final long LARGE = 200L * 1024 * 1024;

    @TempDir
    Path dir;

    /** Deterministic bytes, sent slowly enough that the SIGTERM lands mid-upload; counts what the client sent. */
    private static final class SlowContent extends InputStream {
        private final Random random = new Random(42);
        private final AtomicLong sent;
        private final boolean slow;
        private long left = LARGE;

        SlowContent(AtomicLong sent, boolean slow) {
            this.sent = sent;
            this.slow = slow;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, 64 * 1024), left);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            left -= n;
            if (sent.addAndGet(n) % (4 * 1024 * 1024) < n && slow) {
                try {
                    Thread.sleep(20); // about 5 s for the whole: long enough to be caught in flight
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return n;
        }
    }

    private static String expectedLargeHash() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new SlowContent(new AtomicLong(), false)) {
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void sigterm_mid_upload_and_mid_burst_finishes_what_is_in_flight_and_exits_0() throws Exception {
        ServerProcess server = ServerProcess.start("256m", "--data-dir", dir.toString(), "--shutdown-grace", "60s");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AtomicLong sent = new AtomicLong();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch burstRunning = new CountDownLatch(4);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            String boundary = "shutdown-test";
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file_id\"\r\n\r\nbig.bin\r\n"
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"expected_version\"\r\n\r\n0\r\n"
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes();
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();
            Future<HttpResponse<String>> upload = pool.submit(() -> client.send(HttpRequest.newBuilder(
                            server.uri().resolve("files/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                            java.util.Collections.enumeration(List.of(new ByteArrayInputStream(head),
                                    new SlowContent(sent, true), new ByteArrayInputStream(tail)))))).build(),
                    HttpResponse.BodyHandlers.ofString()));
            for (int t = 0; t < 4; t++) {
                int thread = t;
                pool.submit(() -> {
                    burstRunning.countDown();
                    for (int i = 0; !stopping.get() || i % 50 != 0; i++) {
                        String id = "burst-" + thread + "-" + i + ".txt";
                        String content = "commit " + thread + "/" + i;
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri().resolve("files/"
                                            + id)).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + content
                                            + "\",\"expected_version\":0}")).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 201) {
                                acknowledged.put(id, content);
                            }
                        } catch (IOException refused) {
                            return null; // the server no longer accepts: this write was never acknowledged
                        }
                    }
                    return null;
                });
            }
            burstRunning.await();
            while (sent.get() < LARGE / 4) {
                Thread.sleep(10);
            }
            stopping.set(true);
            server.terminate(); // SIGTERM, a quarter of the way into the upload, commits still flowing
            assertThat(server.awaitExit(Duration.ofSeconds(120))).as(server.output()).isZero();

            HttpResponse<String> uploaded = upload.get();
            assertThat(uploaded.statusCode()).as("the upload in flight finished: " + uploaded.body()).isEqualTo(201);
            assertThat(server.awaitOutput("event=stopped", Duration.ofSeconds(10))).as(server.output()).isTrue();
            assertThat(server.output()).contains("event=stopping");
        }

        ServerProcess restarted = ServerProcess.start("256m", "--data-dir", dir.toString());
        try {
            TestHttp http = new TestHttp(restarted.uri());
            assertThat(http.get("/files/big.bin/metadata").json().get("content_hash").asText())
                    .isEqualTo(expectedLargeHash());
            assertThat(acknowledged).as("the burst got some writes in").isNotEmpty();
            for (var write : acknowledged.entrySet()) {
                assertThat(http.get("/files/" + write.getKey()).json().get("content").asText())
                        .as(write.getKey()).isEqualTo(write.getValue());
            }
            // nothing half-done: every file the server lists reads back whole, matching its hash
            for (var file : http.get("/files/").json().get("files")) {
                String id = file.get("file_id").asText();
                if (!id.equals("big.bin")) { // checked by fsck below
                    String body = http.get("/files/" + id + "/download").body();
                    assertThat(ContentHash.of(body.getBytes())).as(id).isEqualTo(file.get("content_hash").asText());
                }
            }
        } finally {
            restarted.close();
        }
        ServerProcess.AdminRun fsck = ServerProcess.admin("", "fsck", "--data-dir", dir.toString());
        assertThat(fsck.exitCode()).as(fsck.stdout() + fsck.stderr()).isZero();
    }
}
