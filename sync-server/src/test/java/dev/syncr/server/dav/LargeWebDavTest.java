package dev.syncr.server.dav;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.core.StreamingTest;
import dev.syncr.server.ServerProcess;
import dev.syncr.server.TestAccounts;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 1 GiB WebDAV PUT and GET through a server whose heap is 64 MB: streamed both ways, every byte checked. */
@Tag("slow") // a gigabyte each way: run by `mvn verify`
class LargeWebDavTest {

    private static final long SIZE = 1024L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void a_gigabyte_goes_up_and_down_by_webdav_through_a_64_megabyte_heap() throws Exception {
        String token;
        try (TestAccounts accounts = TestAccounts.inDataDir(dir)) {
            token = accounts.userWithToken("alice");
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString(("alice:" + token)
                .getBytes(StandardCharsets.UTF_8));
        try (ServerProcess server = ServerProcess.start("64m", "--data-dir", dir.toString())) {
            HttpClient client = HttpClient.newHttpClient();
            StreamingTest.GeneratedContent content = new StreamingTest.GeneratedContent(SIZE);
            HttpResponse<String> put = client.send(HttpRequest.newBuilder(server.uri().resolve("dav/files/alice/big.bin"))
                    .header("Authorization", basic)
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> content)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

            MessageDigest digest = ContentHash.newDigest();
            HttpResponse<InputStream> get = client.send(HttpRequest.newBuilder(server.uri()
                    .resolve("dav/files/alice/big.bin")).header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(get.statusCode()).isEqualTo(200);
            long count;
            try (InputStream in = get.body(); OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(),
                    digest)) {
                count = in.transferTo(sink);
            }
            assertThat(count).isEqualTo(SIZE);
            assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(content.hash());
            assertThat(server.isAlive()).as("the 64 MB server survived").isTrue();
        }
    }
}
