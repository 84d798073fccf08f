package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.SyncServer;
import dev.syncr.server.TestHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that try to hold or flood the server: one that stops sending is cut off after --read-timeout, in its
 * headers or its body, and leaves nothing behind; one that sends slowly but steadily is served; a flood of headers is
 * refused. No timing is asserted: the test only waits for the outcome.
 */
@Tag("slow") // waits out read timeouts: run by `mvn verify`, not `mvn test`
class HostileClientTest {

    @TempDir
    static Path dir;
    static SyncServer server;
    static URI uri;

    @BeforeAll
    static void start() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.toString(), "--read-timeout", "3s");
        uri = server.uri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_client_that_stops_in_its_headers_is_disconnected() throws Exception {
        assertThat(stallAfter("POST /files/a.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl")).isTrue();
        assertThat(new TestHttp(uri).get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void a_client_that_stops_in_its_body_is_disconnected_and_nothing_is_written() throws Exception {
        String body = "{\"content\":\"never finished\",\"expected_version\":0}";
        assertThat(stallAfter("POST /files/stalled.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (body.length() + 100) + "\r\n\r\n" + body)).isTrue();
        assertThat(new TestHttp(uri).get("/files/stalled.txt").status()).isEqualTo(404);
    }

    @Test
    void a_slow_but_steady_client_is_served() throws Exception {
        String body = "{\"content\":\"" + "s".repeat(150) + "\",\"expected_version\":0}";
        String request = "POST /files/steady.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            // about 4 s in all, longer than the read timeout; each gap is far shorter than it
            for (byte b : request.getBytes(StandardCharsets.UTF_8)) {
                out.write(b);
                out.flush();
                Thread.sleep(15);
            }
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 201");
        }
    }

    @Test
    void a_flood_of_headers_is_refused_and_the_server_keeps_serving() throws Exception {
        StringBuilder request = new StringBuilder("GET /files/ HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < 40; i++) {
            request.append("X-Padding-").append(i).append(": ").append("p".repeat(4000)).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        int status;
        try {
            status = TestHttp.raw(uri, request.toString().getBytes(StandardCharsets.ISO_8859_1), false).status();
        } catch (SocketException reset) {
            status = -1; // refused so early that the server reset the connection while the headers were being sent
        }
        assertThat(status).as("160 KB of headers").isIn(-1, 400, 431);
        assertThat(new TestHttp(uri).get("/files/").status()).isEqualTo(200);
    }

    /** Sends the start of a request, then nothing; true when the server closes the connection. */
    private static boolean stallAfter(String start) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write(start.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // a 400 may come first; what matters is that the connection ends
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException reset) {
                return true;
            }
        }
    }
}
