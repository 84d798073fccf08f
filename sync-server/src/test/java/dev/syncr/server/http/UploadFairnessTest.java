package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import dev.syncr.server.TestHttp;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One account cannot take the chunk buffers everyone shares: sixteen of its uploads that trickle in (here: one byte,
 * then nothing) hold its own share at most, and another account's upload goes through while they still hang.
 */
@Tag("slow") // sockets held open for seconds: run by `mvn verify`, not `mvn test`
class UploadFairnessTest {

    @TempDir
    Path dir;

    private static final Pattern IN_PROGRESS = Pattern.compile("syncr_chunk_uploads_in_progress ([0-9.]+)");

    private static int inProgress(TestHttp http) throws Exception {
        Matcher m = IN_PROGRESS.matcher(http.get("/metrics").body());
        return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void sixteen_trickling_uploads_of_one_account_do_not_hold_up_another_accounts() throws Exception {
        String alice;
        String bob;
        try (TestAccounts accounts = TestAccounts.inDataDir(dir)) {
            alice = accounts.userWithToken("alice");
            bob = accounts.userWithToken("bob");
        }
        // a long read timeout, so nothing but the fix can free the buffers the trickles take
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.toString(), "--read-timeout",
                "600s")) {
            TestHttp http = new TestHttp(server.uri());
            List<Socket> trickles = new ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    Socket socket = new Socket(server.uri().getHost(), server.uri().getPort());
                    OutputStream out = socket.getOutputStream();
                    out.write(("PUT /chunks/" + "ab".repeat(32) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                            + alice + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 4194304\r\n\r\nx")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    trickles.add(socket);
                }
                // the trickles are in: as many buffers taken as they will ever take
                int taken = -1;
                for (int i = 0; i < 600 && taken != inProgress(http); i++) {
                    taken = inProgress(http);
                    Thread.sleep(200);
                }
                assertThat(taken).as("chunk buffers one account holds").isEqualTo(4);

                byte[] chunk = "bob's small chunk".repeat(60).getBytes(StandardCharsets.UTF_8);
                HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri()
                        .resolve("/chunks/" + ContentHash.of(chunk))).header("Authorization", "Bearer " + bob)
                        .timeout(Duration.ofSeconds(120)).PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(put.statusCode()).as("bob's upload, while alice's sixteen still hang").isIn(200, 201);
                assertThat(trickles).allSatisfy(s -> assertThat(s.isClosed()).isFalse());
            } finally {
                for (Socket s : trickles) {
                    s.close();
                }
            }
        }
    }
}
