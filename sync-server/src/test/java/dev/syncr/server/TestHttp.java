package dev.syncr.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP client for server tests: JSON in and out, and raw sockets for requests no client would send. */
public final class TestHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String token;

    public TestHttp(URI base) {
        this(base, null);
    }

    private TestHttp(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same client sending {@code Authorization: Bearer token} with every request. */
    public TestHttp withToken(String bearer) {
        return new TestHttp(base, bearer);
    }

    public record Reply(int status, JsonNode json, String body, HttpResponse<String> raw) {

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/json") && !response.body().isEmpty()) {
            json = JSON.readTree(response.body());
        }
        return new Reply(response.statusCode(), json, response.body(), response);
    }

    /** The response with its body as a stream, for content too big to hold. */
    public HttpResponse<java.io.InputStream> stream(HttpRequest.Builder request) throws IOException,
            InterruptedException {
        return client.send(request.timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1)
                : path));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    public Reply postJson(String path, String json) throws IOException, InterruptedException {
        return postJson(path, json, "anonymous");
    }

    public Reply postJson(String path, String json, String clientId) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json").header("X-Client-Id", clientId)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    /** A multipart form with one file part, as curl -F sends it. */
    public static byte[] multipart(String boundary, String fileId, String expectedVersion, byte[] file) {
        StringBuilder head = new StringBuilder();
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"document.pdf\"\r\n")
                .append("Content-Type: application/octet-stream\r\n\r\n");
        StringBuilder tail = new StringBuilder("\r\n");
        if (fileId != null) {
            tail.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"file_id\"\r\n\r\n").append(fileId).append("\r\n");
        }
        if (expectedVersion != null) {
            tail.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"expected_version\"\r\n\r\n")
                    .append(expectedVersion).append("\r\n");
        }
        tail.append("--").append(boundary).append("--\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + file.length + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(file, 0, all, h.length, file.length);
        System.arraycopy(t, 0, all, h.length + file.length, t.length);
        return all;
    }

    /**
     * Sends bytes as they are over a plain socket and returns the status line's code and the body; for requests
     * a well-behaved client library refuses to produce. {@code closeAfterWrite} half-closes to end a short body.
     */
    public static RawReply raw(URI base, byte[] request, boolean closeAfterWrite) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            if (closeAfterWrite) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            try {
                in.transferTo(received);
            } catch (java.net.SocketException reset) {
                // a server that refuses a body may reset the connection after answering; keep the answer
            }
            String response = received.toString(StandardCharsets.ISO_8859_1);
            if (response.isEmpty()) {
                return new RawReply(-1, "");
            }
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyStart = response.indexOf("\r\n\r\n");
            return new RawReply(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }

    public record RawReply(int status, String body) {
    }
}
