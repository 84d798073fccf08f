package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestHttp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that cannot chunk (curl, browsers) use the seed's multipart upload; the server chunks the stream itself, so
 * their uploads deduplicate too, and the seed's download and ranges still read the whole.
 */
class ServerChunkingTest {

    @TempDir
    Path dir;

    static long storedChunks(Path blobs) throws IOException {
        try (Stream<Path> walk = Files.walk(blobs.resolve("sha256"))) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    TestHttp.Reply multipart(TestHttp http, String id, byte[] content) throws Exception {
        return http.send(http.request("/files/upload").header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestHttp.multipart("b", id, "0", content))));
    }

    @Test
    void a_multipart_upload_of_content_already_stored_stores_nothing_new_and_an_edit_little() throws Exception {
        byte[] content = new byte[20 * 1024 * 1024];
        new SplittableRandom(1).nextBytes(content);
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.toString())) {
            TestHttp http = new TestHttp(server.uri());
            assertThat(multipart(http, "a.bin", content).status()).isEqualTo(201);
            long afterFirst = storedChunks(dir.resolve("blobs"));
            assertThat(afterFirst).isGreaterThan(5);

            assertThat(multipart(http, "copy.bin", content).status()).isEqualTo(201);
            assertThat(storedChunks(dir.resolve("blobs"))).as("the same bytes again").isEqualTo(afterFirst);

            byte[] edited = content.clone();
            edited[10 * 1024 * 1024] ^= 1;
            assertThat(multipart(http, "edited.bin", edited).status()).isEqualTo(201);
            assertThat(storedChunks(dir.resolve("blobs")) - afterFirst).isBetween(1L, 2L);

            HttpResponse<byte[]> whole = java.net.http.HttpClient.newHttpClient().send(http.request(
                    "/files/edited.bin/download").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(ContentHash.of(whole.body())).isEqualTo(ContentHash.of(edited));
            CRC32C crc = new CRC32C();
            crc.update(edited);
            assertThat(whole.headers().firstValue("X-Content-CRC32C")).as("what a client checks the bytes against")
                    .hasValue(String.format("%08x", crc.getValue()));
            assertThat(whole.headers().firstValue("X-Content-Hash")).hasValue(ContentHash.of(edited));
            assertThat(http.send(http.request("/files/edited.bin/manifest").GET()).json().get("crc32c").asText())
                    .as("for a client that reassembles the file from chunks").isEqualTo(String.format("%08x",
                            crc.getValue()));
            HttpResponse<byte[]> range = java.net.http.HttpClient.newHttpClient().send(http.request(
                    "/files/edited.bin/download").header("Range", "bytes=10485750-10485769").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(edited, 10485750, 10485770));
            assertThat(range.headers().firstValue("X-Content-CRC32C")).as("it is the whole's, not the range's")
                    .isEmpty();

            assertThat(multipart(http, "small.txt", new byte[] {1, 2, 3}).status()).isEqualTo(201);
            HttpResponse<byte[]> small = java.net.http.HttpClient.newHttpClient().send(http.request(
                    "/files/small.txt/download").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(small.headers().firstValue("X-Content-CRC32C")).as("checked by its SHA-256").isEmpty();
        }
    }
}
