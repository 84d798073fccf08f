package dev.syncr.server.shares;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.core.StreamingTest;
import dev.syncr.server.ServerProcess;
import dev.syncr.server.TestAccounts;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A view link's zip of a 1 GiB folder, streamed by a server whose heap is 64 MB: every byte, in bounded memory. */
@Tag("slow") // a gigabyte each way: run by `mvn verify`, not `mvn test`
class LargeZipTest {

    private static final long FILE = 256L * 1024 * 1024;
    private static final int FILES = 4;

    @TempDir
    Path dir;

    @Test
    void a_gigabyte_folder_streams_as_a_zip_through_a_64_megabyte_heap() throws Exception {
        String token;
        try (TestAccounts accounts = TestAccounts.inDataDir(dir)) {
            token = accounts.userWithToken("alice");
        }
        try (ServerProcess server = ServerProcess.start("64m", "--data-dir", dir.toString())) {
            HttpClient client = HttpClient.newHttpClient();
            Map<String, String> hashes = new TreeMap<>();
            for (int i = 0; i < FILES; i++) {
                String id = "Big/part-" + i + ".bin";
                StreamingTest.GeneratedContent content = new StreamingTest.GeneratedContent(FILE + i);
                String boundary = "----syncr-zip";
                byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file_id\"\r\n\r\n" + id
                        + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"expected_version\"\r\n\r\n"
                        + "0\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n"
                        + "\r\n").getBytes();
                byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();
                HttpResponse<String> up = client.send(HttpRequest.newBuilder(server.uri().resolve("files/upload"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                                Collections.enumeration(List.of(new ByteArrayInputStream(head), content,
                                        new ByteArrayInputStream(tail)))))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
                hashes.put("Big/part-" + i + ".bin", content.hash());
            }
            HttpResponse<String> link = client.send(HttpRequest.newBuilder(server.uri().resolve("links"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"Big\",\"access\":\"view\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
            String url = link.body().replaceAll(".*\"url\":\"([^\"]+)\".*", "$1");

            HttpResponse<InputStream> zip = client.send(HttpRequest.newBuilder(server.uri().resolve(url.substring(1)
                    + "/zip")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(zip.statusCode()).isEqualTo(200);
            Map<String, String> received = new TreeMap<>();
            try (ZipInputStream in = new ZipInputStream(zip.body())) {
                ZipEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    MessageDigest digest = ContentHash.newDigest();
                    try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                        in.transferTo(sink);
                    }
                    received.put(entry.getName(), HexFormat.of().formatHex(digest.digest()));
                }
            }
            assertThat(received).isEqualTo(hashes);
            assertThat(server.isAlive()).as("the 64 MB server survived").isTrue();
        }
    }
}
