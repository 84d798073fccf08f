package dev.syncr.server.dav;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.ServerProcess;
import dev.syncr.server.TestAccounts;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PROPFIND of a folder of 100 000 files, from a server whose heap is 64 MB: the answer streams, entry by entry. */
@Tag("slow") // 100 000 files: run by `mvn verify`
class LargePropfindTest {

    private static final int FILES = 100_000;
    private static final int BATCH = 1000;

    @TempDir
    Path dir;

    @Test
    void a_folder_of_a_hundred_thousand_files_is_listed_through_a_64_megabyte_heap() throws Exception {
        String token;
        try (TestAccounts accounts = TestAccounts.inDataDir(dir)) {
            token = accounts.userWithToken("alice");
        }
        try (ServerProcess server = ServerProcess.start("64m", "--data-dir", dir.toString())) {
            HttpClient client = HttpClient.newHttpClient();
            for (int first = 0; first < FILES; first += BATCH) {
                StringBuilder body = new StringBuilder("{\"writes\":[");
                for (int i = first; i < first + BATCH; i++) {
                    body.append(i == first ? "" : ",").append("{\"file_id\":\"many/f").append(i)
                            .append(".txt\",\"expected_version\":0,\"content\":\"").append(i).append("\"}");
                }
                HttpResponse<String> batch = client.send(HttpRequest.newBuilder(server.uri().resolve("batch"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
            }
            HttpResponse<InputStream> listing = client.send(HttpRequest.newBuilder(server.uri()
                    .resolve("dav/files/alice/many/")).header("Authorization", "Bearer " + token).header("Depth", "1")
                    .method("PROPFIND", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(listing.statusCode()).isEqualTo(207);
            int responses = 0;
            try (InputStream in = listing.body()) {
                XMLStreamReader xml = XMLInputFactory.newDefaultFactory().createXMLStreamReader(in);
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamReader.START_ELEMENT && xml.getLocalName().equals("response")) {
                        responses++;
                    }
                }
            }
            assertThat(responses).as("the folder and every file in it").isEqualTo(FILES + 1);
            assertThat(server.isAlive()).as("the 64 MB server survived").isTrue();
        }
    }
}
