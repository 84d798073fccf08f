package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed requests, sent byte for byte over a socket: each must get a 4xx with a JSON {error, message}, store
 * nothing, and leave the server serving.
 */
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK_JSON = "{\"content\":\"x\",\"expected_version\":0}";

    @TempDir
    static Path dir;
    static SyncServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.toString(), "--max-upload-bytes", "1000000");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Case(String name, String method, String path, List<String> headers, byte[] body, int status,
                boolean closeEarly) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case json(String name, String body, int status) {
        return new Case(name, "POST", "/files/doc.txt", List.of("Content-Type: application/json"),
                body.getBytes(StandardCharsets.UTF_8), status, false);
    }

    private static Case path(String name, String method, String path, int status) {
        boolean post = method.equals("POST");
        return new Case(name, method, path, post ? List.of("Content-Type: application/json") : List.of(),
                post ? OK_JSON.getBytes(StandardCharsets.UTF_8) : new byte[0], status, false);
    }

    private static Case form(String name, String contentType, String body, int status) {
        return new Case(name, "POST", "/files/upload", List.of("Content-Type: " + contentType),
                body.getBytes(StandardCharsets.UTF_8), status, false);
    }

    private static String part(String name, String value) {
        return "--b\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    private static final String FILE = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n"
            + "bytes\r\n";

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>(List.of(
                // JSON text writes
                json("unterminated JSON", "{\"content\": \"x\", ", 400),
                json("JSON array", "[]", 400),
                json("JSON string", "\"content\"", 400),
                json("empty body", "", 400),
                json("empty object", "{}", 400),
                json("missing expected_version", "{\"content\":\"x\"}", 400),
                json("missing content", "{\"expected_version\":0}", 400),
                json("negative version", "{\"content\":\"x\",\"expected_version\":-1}", 400),
                json("version as string", "{\"content\":\"x\",\"expected_version\":\"1\"}", 400),
                json("fractional version", "{\"content\":\"x\",\"expected_version\":1.5}", 400),
                json("boolean version", "{\"content\":\"x\",\"expected_version\":true}", 400),
                json("null version", "{\"content\":\"x\",\"expected_version\":null}", 400),
                json("huge version", "{\"content\":\"x\",\"expected_version\":123456789012345678901234567890}", 400),
                json("content as number", "{\"content\":5,\"expected_version\":0}", 400),
                json("content null", "{\"content\":null,\"expected_version\":0}", 400),
                json("content as object", "{\"content\":{\"a\":1},\"expected_version\":0}", 400),
                json("extra field", "{\"content\":\"x\",\"expected_version\":0,\"admin\":true}", 400),
                json("hash not hex", "{\"content\":\"x\",\"expected_version\":0,\"content_hash\":\"zz\"}", 400),
                json("hash as number", "{\"content\":\"x\",\"expected_version\":0,\"content_hash\":12}", 400),
                json("trailing garbage", OK_JSON + " trailing", 400),
                json("deep nesting", "[".repeat(5000) + "]".repeat(5000), 400),
                new Case("text/plain body", "POST", "/files/doc.txt", List.of("Content-Type: text/plain"),
                        "hello".getBytes(), 415, false),
                new Case("no content type", "POST", "/files/doc.txt", List.of(), OK_JSON.getBytes(), 415, false),
                // ids
                path("traversal ../x", "POST", "/files/..%2Fx", 400),
                path("traversal a/../b", "POST", "/files/a/%2E%2E/b", 400),
                path("empty segment a//b", "POST", "/files/a//b", 400),
                path("dot segment", "POST", "/files/a/%2E/b", 400),
                path("NUL in id", "POST", "/files/a%00b", 400),
                path("newline in id", "POST", "/files/a%0Ab", 400),
                path("backslash in id", "POST", "/files/a%5Cb", 400),
                path("trailing slash", "POST", "/files/docs/", 400),
                path("overlong id", "POST", "/files/" + "x".repeat(1100), 400),
                path("invalid UTF-8 in id", "POST", "/files/%E9t%E9", 400),
                path("version zero", "GET", "/files/doc.txt/versions/0/download", 400),
                // multipart uploads
                form("multipart without boundary", "multipart/form-data", FILE + "--b--\r\n", 400),
                form("boundary too long", "multipart/form-data; boundary=" + "b".repeat(71), "x", 400),
                form("no file part", "multipart/form-data; boundary=b",
                        part("file_id", "a.txt") + part("expected_version", "0") + "--b--\r\n", 400),
                form("no file_id", "multipart/form-data; boundary=b",
                        FILE + part("expected_version", "0") + "--b--\r\n", 400),
                form("non-numeric version", "multipart/form-data; boundary=b",
                        FILE + part("file_id", "a.txt") + part("expected_version", "abc") + "--b--\r\n", 400),
                form("negative version in form", "multipart/form-data; boundary=b",
                        FILE + part("file_id", "a.txt") + part("expected_version", "-3") + "--b--\r\n", 400),
                form("traversal id in form", "multipart/form-data; boundary=b",
                        FILE + part("file_id", "../etc/passwd") + part("expected_version", "0") + "--b--\r\n", 400),
                form("truncated multipart", "multipart/form-data; boundary=b",
                        part("file_id", "a.txt") + part("expected_version", "0")
                                + "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nhalf a fi", 400),
                form("part without disposition", "multipart/form-data; boundary=b",
                        "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n", 400),
                form("duplicate file_id", "multipart/form-data; boundary=b",
                        FILE + part("file_id", "a.txt") + part("file_id", "b.txt") + part("expected_version", "0")
                                + "--b--\r\n", 400),
                form("two file parts", "multipart/form-data; boundary=b",
                        FILE + FILE + part("file_id", "a.txt") + part("expected_version", "0") + "--b--\r\n", 400),
                form("unknown form field", "multipart/form-data; boundary=b",
                        FILE + part("file_id", "a.txt") + part("expected_version", "0") + part("owner", "me")
                                + "--b--\r\n", 400),
                form("header line without colon", "multipart/form-data; boundary=b",
                        "--b\r\nnot a header\r\n\r\nx\r\n--b--\r\n", 400),
                form("upload as text/plain", "text/plain", "hello", 415),
                // query strings and headers
                path("cursor not a number", "GET", "/changes?cursor=abc", 400),
                path("limit zero", "GET", "/changes?limit=0", 400),
                path("limit too large", "GET", "/changes?limit=100000", 400),
                path("negative long-poll timeout", "GET", "/changes/longpoll?timeout=-1", 400),
                path("delete version not a number", "DELETE", "/files/doc.txt?expected_version=abc", 400),
                new Case("weak If-Match", "POST", "/files/doc.txt", List.of("Content-Type: application/json",
                        "If-Match: W/\"1\""), "{\"content\":\"x\"}".getBytes(), 400, false),
                new Case("If-Match not a version", "POST", "/files/doc.txt", List.of("Content-Type: application/json",
                        "If-Match: \"abc\""), "{\"content\":\"x\"}".getBytes(), 400, false),
                new Case("If-Match disagreeing with body", "POST", "/files/doc.txt",
                        List.of("Content-Type: application/json", "If-Match: \"4\""), OK_JSON.getBytes(), 400, false),
                new Case("overlong client id", "POST", "/files/doc.txt", List.of("Content-Type: application/json",
                        "X-Client-Id: " + "c".repeat(500)), OK_JSON.getBytes(), 400, false),
                new Case("restore without version", "POST", "/files/doc.txt/restore",
                        List.of("Content-Type: application/json"), "{\"expected_version\":1}".getBytes(), 400, false),
                new Case("restore version 0", "POST", "/files/doc.txt/restore",
                        List.of("Content-Type: application/json"), "{\"version\":0,\"expected_version\":1}".getBytes(),
                        400, false),
                // methods and paths
                path("PUT on metadata", "PUT", "/files/doc.txt/metadata", 405),
                path("PATCH a file", "PATCH", "/files/doc.txt", 405),
                path("DELETE the list", "DELETE", "/files/", 405),
                path("POST the change feed", "POST", "/changes", 405),
                path("unknown endpoint", "GET", "/admin", 404),
                path("unknown file", "GET", "/files/nothing-here.txt", 404),
                // sizes
                new Case("declared body over the limit", "POST", "/files/doc.txt",
                        List.of("Content-Type: application/json", "Content-Length: 5000000"), new byte[0], 413, true),
                new Case("streamed multipart over the limit", "POST", "/files/upload",
                        List.of("Content-Type: multipart/form-data; boundary=b", "Transfer-Encoding: chunked"),
                        chunked((FILE.replace("bytes", "z".repeat(1_200_000)) + part("file_id", "big.bin")
                                + part("expected_version", "0") + "--b--\r\n").getBytes()), 413, false),
                new Case("body shorter than Content-Length", "POST", "/files/doc.txt",
                        List.of("Content-Type: application/json", "Content-Length: 100"),
                        "{\"content\":".getBytes(), 400, true)));
        return cases.stream();
    }

    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length; i += 8192) {
            int n = Math.min(8192, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes());
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes());
        }
        out.writeBytes("0\r\n\r\n".getBytes());
        return out.toByteArray();
    }

    private static TestHttp.RawReply send(Case c) throws Exception {
        StringBuilder head = new StringBuilder(c.method() + " " + c.path() + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nConnection: close\r\n");
        for (String h : c.headers()) {
            head.append(h).append("\r\n");
        }
        boolean declared = c.headers().stream().anyMatch(h -> h.startsWith("Content-Length")
                || h.startsWith("Transfer-Encoding"));
        if (!declared) {
            head.append("Content-Length: ").append(c.body().length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(c.body());
        return TestHttp.raw(server.uri(), request.toByteArray(), c.closeEarly());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void is_refused_with_a_json_error_and_changes_nothing(Case c) throws Exception {
        TestHttp.RawReply reply = send(c);

        assertThat(reply.status()).as("status of %s: %s", c.name(), reply.body()).isEqualTo(c.status());
        JsonNode body = JSON.readTree(reply.body());
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");

        TestHttp http = new TestHttp(server.uri());
        assertThat(http.get("/healthz").status()).isEqualTo(200);
        assertThat(http.get("/files/?include_deleted=true").json().get("count").asInt()).isZero();
        assertThat(http.get("/changes/latest").json().get("cursor").asLong()).isZero();
    }

    @Test
    void there_are_at_least_forty_cases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void a_request_line_that_is_not_a_uri_is_refused_by_the_jdk_server_before_routing() throws Exception {
        // The JDK's HttpServer parses the request URI before any handler runs and answers 400 itself (not JSON):
        // we cannot reach these requests, but they are refused and change nothing.
        TestHttp.RawReply reply = TestHttp.raw(server.uri(),
                "GET /files/a%2 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(), false);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(new TestHttp(server.uri()).get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void huge_headers_are_refused_and_the_server_keeps_serving() throws Exception {
        String request = "GET /files/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Big: "
                + "h".repeat(2_000_000) + "\r\n\r\n";
        try {
            TestHttp.RawReply reply = TestHttp.raw(server.uri(), request.getBytes(StandardCharsets.ISO_8859_1), false);
            // the JDK's HTTP server answers oversized headers itself (431/400) or drops the connection
            assertThat(reply.status()).isIn(-1, 400, 413, 431);
        } catch (java.net.SocketException dropped) {
            // refused by closing the connection: also a refusal
        }
        assertThat(new TestHttp(server.uri()).get("/healthz").status()).isEqualTo(200);
    }
}
