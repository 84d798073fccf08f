package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestHttp;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest is a few bytes of JSON that can name gigabytes of held chunks: it must not make the server do more work
 * than an upload of its content within the limit would. Counted in storage reads, never in time.
 */
class ManifestLimitsTest {

    @TempDir
    Path dir;
    SyncServer server;
    TestHttp http;

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.toString(), "--max-upload-bytes",
                Long.toString(10L * 1024 * 1024));
        http = new TestHttp(server.uri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String putChunk(byte[] chunk) throws Exception {
        String hash = ContentHash.of(chunk);
        assertThat(http.send(http.request("/chunks/" + hash).PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)))
                .status()).isIn(200, 201);
        return hash;
    }

    private static String manifest(String chunkHash, int chunkSize, int times, String contentHash) {
        StringBuilder chunks = new StringBuilder();
        for (int i = 0; i < times; i++) {
            chunks.append(i == 0 ? "" : ",").append("{\"hash\":\"").append(chunkHash).append("\",\"size\":")
                    .append(chunkSize).append('}');
        }
        return "{\"chunks\":[" + chunks + "],\"content_hash\":\"" + contentHash + "\",\"size\":"
                + (long) chunkSize * times + ",\"expected_version\":0}";
    }

    private static final Pattern OPENS = Pattern.compile(
            "syncr_store_operation_duration_seconds_count\\{backend=\"filesystem\",operation=\"open\"} ([0-9.]+)");

    /** Blob reads the server has made so far. */
    private long blobOpens() throws Exception {
        Matcher m = OPENS.matcher(http.get("/metrics").body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void content_beyond_the_upload_limit_is_refused_before_any_chunk_is_read() throws Exception {
        byte[] chunk = new byte[4 * 1024 * 1024];
        new Random(1).nextBytes(chunk);
        String hash = putChunk(chunk);
        long before = blobOpens();

        TestHttp.Reply twoThousandFold = http.postJson("/files/huge.bin/manifest",
                manifest(hash, chunk.length, 2000, "0".repeat(64)));
        TestHttp.Reply twelveMegabytes = http.postJson("/files/twelve.bin/manifest",
                manifest(hash, chunk.length, 3, "0".repeat(64)));

        assertThat(twoThousandFold.status()).isEqualTo(413);
        assertThat(twoThousandFold.json().get("error").asText()).isEqualTo("payload_too_large");
        assertThat(twelveMegabytes.status()).isEqualTo(413);
        assertThat(blobOpens()).as("no chunk was read").isEqualTo(before);
        assertThat(http.get("/files/twelve.bin/metadata").status()).isEqualTo(404);
    }

    @Test
    void more_chunks_than_the_size_can_hold_are_refused_and_a_repeated_chunk_is_read_once() throws Exception {
        byte[] small = "tiny".getBytes();
        String tiny = putChunk(small);
        TestHttp.Reply confetti = http.postJson("/files/confetti.bin/manifest", manifest(tiny, 4, 100,
                "0".repeat(64)));
        assertThat(confetti.status()).isEqualTo(400);
        assertThat(confetti.json().get("message").asText()).contains("at most 1 chunks");

        byte[] chunk = new byte[1024 * 1024];
        new Random(2).nextBytes(chunk);
        String hash = putChunk(chunk);
        byte[] whole = new byte[5 * chunk.length];
        for (int i = 0; i < 5; i++) {
            System.arraycopy(chunk, 0, whole, i * chunk.length, chunk.length);
        }
        long before = blobOpens();
        TestHttp.Reply repeated = http.postJson("/files/repeated.bin/manifest",
                manifest(hash, chunk.length, 5, ContentHash.of(whole)));
        assertThat(repeated.status()).isEqualTo(201);
        assertThat(blobOpens() - before).as("the chunk listed five times is read once to verify it").isEqualTo(1);
    }
}
