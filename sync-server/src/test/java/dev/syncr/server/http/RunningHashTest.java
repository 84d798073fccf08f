package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestHttp;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new file's chunks sent with their place in the upload ({@code X-Syncr-Upload}, {@code X-Syncr-Offset}) are
 * hashed as they arrive, so the commit naming that upload reads none of them back; whatever the places claim, the
 * version's hash is its bytes' hash. Counted in storage reads, never in time.
 */
class RunningHashTest {

    @TempDir
    Path dir;
    SyncServer server;
    TestHttp http;
    final List<byte[]> chunks = List.of(random(300_000, 1), random(500_000, 2), random(400_000, 3));
    final byte[] whole = concat(chunks);

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.toString());
        http = new TestHttp(server.uri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestHttp.Reply put(byte[] chunk, String upload, String offset) throws Exception {
        HttpRequest.Builder request = http.request("/chunks/" + ContentHash.of(chunk))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk));
        if (upload != null) {
            request.header("X-Syncr-Upload", upload);
        }
        if (offset != null) {
            request.header("X-Syncr-Offset", offset);
        }
        return http.send(request);
    }

    /** Sends chunk {@code i} as if it were at {@code offsetOf}'s place in the upload. */
    private void putAt(int i, int offsetOf, String upload) throws Exception {
        long offset = 0;
        for (int k = 0; k < offsetOf; k++) {
            offset += chunks.get(k).length;
        }
        assertThat(put(chunks.get(i), upload, Long.toString(offset)).status()).isEqualTo(201);
    }

    private String manifest(String contentHash, String upload) {
        StringBuilder list = new StringBuilder();
        for (byte[] chunk : chunks) {
            list.append(list.isEmpty() ? "" : ",").append("{\"hash\":\"").append(ContentHash.of(chunk))
                    .append("\",\"size\":").append(chunk.length).append('}');
        }
        return "{\"chunks\":[" + list + "],\"content_hash\":\"" + contentHash + "\",\"size\":" + whole.length
                + ",\"expected_version\":0" + (upload == null ? "" : ",\"upload\":\"" + upload + "\"") + "}";
    }

    private static final Pattern OPENS = Pattern.compile(
            "syncr_store_operation_duration_seconds_count\\{backend=\"filesystem\",operation=\"open\"} ([0-9.]+)");

    /** Blob reads the server has made so far. */
    private long blobOpens() throws Exception {
        Matcher m = OPENS.matcher(http.get("/metrics").body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private void assertStoredWhole(String file) throws Exception {
        TestHttp.Reply metadata = http.get("/files/" + file + "/metadata");
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.json().get("content_hash").asText()).isEqualTo(ContentHash.of(whole));
        try (var body = http.stream(http.request("/files/" + file + "/download").GET()).body()) {
            assertThat(body.readAllBytes()).isEqualTo(whole);
        }
    }

    @Test
    void chunks_sent_in_order_with_their_places_are_not_read_back_at_the_commit() throws Exception {
        long before = blobOpens();
        for (int i = 0; i < chunks.size(); i++) {
            putAt(i, i, "u1");
        }
        TestHttp.Reply commit = http.postJson("/files/new.bin/manifest", manifest(ContentHash.of(whole), "u1"));
        assertThat(commit.status()).isEqualTo(201);
        assertThat(blobOpens() - before).as("nothing read back").isZero();
        assertStoredWhole("new.bin");
    }

    @Test
    void a_chunk_that_arrives_early_is_read_back_once_when_its_turn_comes_and_the_commit_reads_nothing()
            throws Exception {
        long before = blobOpens();
        putAt(2, 2, "u2");
        putAt(1, 1, "u2");
        assertThat(blobOpens() - before).isZero();
        putAt(0, 0, "u2"); // now 1 and 2 are fed, read back from storage
        assertThat(blobOpens() - before).isEqualTo(2);
        TestHttp.Reply commit = http.postJson("/files/late.bin/manifest", manifest(ContentHash.of(whole), "u2"));
        assertThat(commit.status()).isEqualTo(201);
        assertThat(blobOpens() - before).as("the commit read nothing back").isEqualTo(2);
        assertStoredWhole("late.bin");
    }

    @Test
    void places_that_do_not_match_the_manifest_only_cost_a_read_back_never_a_wrong_hash() throws Exception {
        putAt(1, 0, "swapped"); // the second chunk claims the first place, and the first the second
        putAt(0, 1, "swapped");
        putAt(2, 2, "swapped");
        long before = blobOpens();
        TestHttp.Reply commit = http.postJson("/files/swapped.bin/manifest",
                manifest(ContentHash.of(whole), "swapped"));
        assertThat(commit.status()).isEqualTo(201);
        assertThat(blobOpens() - before).as("all read back").isEqualTo(3);
        assertStoredWhole("swapped.bin");

        // and a manifest claiming a hash its bytes do not have is refused, running hash or not
        for (int i = 0; i < chunks.size(); i++) {
            putAt(i, i, "lie");
        }
        TestHttp.Reply lie = http.postJson("/files/lie.bin/manifest", manifest("0".repeat(64), "lie"));
        assertThat(lie.status()).isEqualTo(400);
        assertThat(http.get("/files/lie.bin/metadata").status()).isEqualTo(404);
    }

    @Test
    void a_commit_naming_an_upload_the_server_does_not_know_reads_everything_back() throws Exception {
        for (int i = 0; i < chunks.size(); i++) {
            putAt(i, i, "sent");
        }
        long before = blobOpens();
        TestHttp.Reply commit = http.postJson("/files/other.bin/manifest",
                manifest(ContentHash.of(whole), "never-sent"));
        assertThat(commit.status()).isEqualTo(201);
        assertThat(blobOpens() - before).isEqualTo(3);
        assertStoredWhole("other.bin");
    }

    @Test
    void a_place_that_is_not_one_is_a_400_and_stores_nothing() throws Exception {
        byte[] chunk = "a few bytes: the answer may come before a large body is sent".getBytes();
        for (String[] bad : new String[][] {{"u", null}, {null, "0"}, {"no/slash", "0"}, {"x".repeat(65), "0"},
                {"u", "-1"}, {"u", "ten"}}) {
            TestHttp.Reply reply = put(chunk, bad[0], bad[1]);
            assertThat(reply.status()).as(String.join(",", String.valueOf(bad[0]), String.valueOf(bad[1])))
                    .isEqualTo(400);
            assertThat(reply.json().get("message").asText()).contains("X-Syncr-Upload");
        }
        TestHttp.Reply missing = http.postJson("/chunks/missing", "{\"hashes\":[\"" + ContentHash.of(chunk) + "\"]}");
        assertThat(missing.json().get("missing")).hasSize(1);

        TestHttp.Reply badName = http.postJson("/files/x.bin/manifest", manifest(ContentHash.of(whole), "a b"));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("message").asText()).contains("upload");
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
