package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.TestHttp;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Without accounts, a web page the user visits must not reach the server through their browser: not by a host name
 * of its own pointed at 127.0.0.1 (DNS rebinding), not by a form or script posting from its origin.
 */
class OpenModeGuardTest extends EmbeddedServerTest {

    private TestHttp.RawReply send(String method, String path, String... headers) throws Exception {
        String body = method.equals("POST") ? "{\"content\":\"from a page\",\"expected_version\":0}" : "";
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        boolean hasHost = false;
        for (String header : headers) {
            request.append(header).append("\r\n");
            hasHost |= header.startsWith("Host:");
        }
        if (!hasHost) {
            request.append("Host: 127.0.0.1:").append(server.uri().getPort()).append("\r\n");
        }
        request.append("Content-Type: application/json\r\nContent-Length: ").append(body.length())
                .append("\r\nConnection: close\r\n\r\n").append(body);
        return TestHttp.raw(server.uri(), request.toString().getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void a_rebound_host_name_is_refused_and_addresses_and_localhost_are_answered() throws Exception {
        int port = server.uri().getPort();
        TestHttp.RawReply rebound = send("GET", "/files/", "Host: attacker.example:" + port);
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).contains("forbidden_host");
        assertThat(send("POST", "/files/x.txt", "Host: attacker.example:" + port).status()).isEqualTo(403);
        assertThat(send("GET", "/files/", "Host: 127.0.0.1:" + port).status()).isEqualTo(200);
        assertThat(send("GET", "/files/", "Host: localhost:" + port).status()).isEqualTo(200);
        assertThat(send("GET", "/files/", "Host: [::1]:" + port).status()).isEqualTo(200);
        assertThat(http.get("/files/x.txt").status()).isEqualTo(404);
    }

    @Test
    void a_change_posted_by_a_page_of_another_origin_is_refused_and_changes_nothing() throws Exception {
        int port = server.uri().getPort();
        TestHttp.RawReply forged = send("POST", "/files/x.txt", "Origin: https://attacker.example");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).contains("cross_origin");
        assertThat(send("POST", "/files/x.txt", "Sec-Fetch-Site: cross-site").status()).isEqualTo(403);
        assertThat(send("POST", "/files/x.txt", "Origin: null").status()).isEqualTo(403);
        assertThat(http.get("/files/x.txt").status()).isEqualTo(404);

        // the page of the server itself, and tools that send no Origin, still write
        assertThat(send("POST", "/files/x.txt", "Origin: http://127.0.0.1:" + port, "Sec-Fetch-Site: same-origin")
                .status()).isEqualTo(201);
        assertThat(send("POST", "/files/y.txt").status()).isEqualTo(201);
        // reading is not a change: a cross-origin read is the browser's to block (no CORS headers are sent)
        assertThat(send("GET", "/files/x.txt", "Origin: https://attacker.example").status()).isEqualTo(200);
    }
}
