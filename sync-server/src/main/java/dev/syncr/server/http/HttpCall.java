package dev.syncr.server.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.syncr.server.metrics.ServerMetrics;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** One HTTP request and its response, with the parsing every handler needs and nothing more. */
public final class HttpCall {

    public static final String CLIENT_ID_HEADER = "X-Client-Id";
    private static final int STREAM_BUFFER = 256 * 1024;
    private static final int MAX_CLIENT_ID = 128;

    private final HttpExchange exchange;
    private final long maxBodyBytes;
    private final BodyPace pace;
    private final ReadDeadlines.Watch watch;
    private final Map<String, String> query;
    private final ServerMetrics metrics;
    private long bytesIn;
    private long bytesOut;
    private boolean responded;

    HttpCall(HttpExchange exchange, long maxBodyBytes, ReadDeadlines.Watch watch, ServerMetrics metrics) {
        this(exchange, maxBodyBytes, watch, metrics, BodyPace.DEFAULT);
    }

    HttpCall(HttpExchange exchange, long maxBodyBytes, ReadDeadlines.Watch watch, ServerMetrics metrics,
             BodyPace pace) {
        this.pace = pace;
        this.exchange = exchange;
        this.maxBodyBytes = maxBodyBytes;
        this.watch = watch;
        this.metrics = metrics;
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    /** Whether the method only reads (GET, HEAD, OPTIONS): what cross-site and CSRF rules let through. */
    public boolean readOnly() {
        return switch (method()) {
            case "GET", "HEAD", "OPTIONS" -> true;
            default -> false;
        };
    }

    /** The path as sent, still percent-encoded, so an encoded {@code %2F} stays distinguishable from {@code /}. */
    public String rawPath() {
        String raw = exchange.getRequestURI().getRawPath();
        return raw == null ? "/" : raw;
    }

    /** The peer's IP address (a proxy's, behind one). */
    public String remoteAddress() {
        java.net.InetSocketAddress remote = exchange.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public OptionalLong queryLong(String name, long min, long max) {
        Optional<String> raw = query(name);
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(parseLong(name, raw.get(), min, max));
    }

    public static long parseLong(String name, String raw, long min, long max) {
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, got '" + abbreviate(raw) + "'");
        }
        if (value < min || value > max) {
            throw ApiException.badRequest(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** The name a write is recorded under when the client gives none: its token's label, else "anonymous". */
    private String defaultClientId = "anonymous";

    void defaultClientId(String name) {
        if (name != null && !name.isBlank()) {
            defaultClientId = name;
        }
    }

    /** Who is writing, as the client names itself; recorded on each version and used in conflicted-copy names. */
    public String clientId() {
        String id = header(CLIENT_ID_HEADER).map(String::strip).orElse("");
        if (id.isEmpty()) {
            return defaultClientId;
        }
        if (id.length() > MAX_CLIENT_ID || id.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(CLIENT_ID_HEADER + " must be at most " + MAX_CLIENT_ID
                    + " printable characters");
        }
        return id;
    }

    public String contentType() {
        return header("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The request body, refused with 413 as soon as it passes the server's limit (by its declared length up front,
     * and by counting as it streams, for chunked bodies).
     */
    public InputStream body() {
        return body(maxBodyBytes);
    }

    /**
     * Whether the client reached us over HTTPS: our own TLS, or a TLS-terminating proxy that says so. Believing the
     * header costs nothing: a client that claims HTTPS over plain HTTP only gets answers meant for HTTPS.
     */
    public boolean https() {
        return overTls() || header("X-Forwarded-Proto")
                .map(proto -> proto.strip().toLowerCase(java.util.Locale.ROOT).startsWith("https")).orElse(false);
    }

    /** The largest body, and so the largest content, the server accepts (--max-upload-bytes). */
    public long maxUploadBytes() {
        return maxBodyBytes;
    }

    /** The body with a tighter limit than the server-wide one. */
    public InputStream body(long limit) {
        long max = Math.min(limit, maxBodyBytes);
        header("Content-Length").ifPresent(length -> {
            long declared = parseLong("Content-Length", length, 0, Long.MAX_VALUE);
            if (declared > max) {
                throw tooLarge(max);
            }
        });
        return new LimitedBody(exchange.getRequestBody(), max);
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(413, "payload_too_large", "request body is larger than this endpoint accepts ("
                + max + " bytes; the upload limit is set with --max-upload-bytes)").with("max_bytes", max);
    }

    public Headers responseHeaders() {
        return exchange.getResponseHeaders();
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** The status sent, or -1 when none was (the connection was lost first). */
    int status() {
        return exchange.getResponseCode();
    }

    /** Request body bytes read so far. */
    long bytesIn() {
        return bytesIn;
    }

    /** Response body bytes written so far. */
    long bytesOut() {
        return bytesOut;
    }

    /** Whether the request came over TLS (a cookie set in the answer is then marked Secure). */
    public boolean overTls() {
        return exchange instanceof com.sun.net.httpserver.HttpsExchange;
    }

    /** The exchange itself, for a handler that answers on its own (the metrics endpoint). */
    public HttpExchange exchange() {
        responded = true;
        return exchange;
    }

    public void respondJson(int status, Object body) throws IOException {
        respond(status, Json.bytes(body), "application/json");
    }

    public void respond(int status, byte[] bytes, String contentType) throws IOException {
        send(status, new java.io.ByteArrayInputStream(bytes), bytes.length, contentType);
    }

    /** Streams exactly {@code length} bytes from {@code content}. */
    public void respondStream(int status, InputStream content, long length, String contentType) throws IOException {
        send(status, content, length, contentType);
    }

    /** Streams {@code content} to its end with chunked transfer encoding, for content of unknown length. */
    public void respondStreamToEnd(int status, InputStream content, String contentType) throws IOException {
        send(status, content, UNKNOWN_LENGTH, contentType);
    }

    private static final long UNKNOWN_LENGTH = -1;

    /** Writes a response body of unknown length as it is made (a zip of a folder), in bounded memory. */
    public interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Streams what {@code writer} writes, with chunked transfer encoding; a HEAD gets the headers only. */
    public void respondWriting(int status, String contentType, BodyWriter writer) throws IOException {
        responseHeaders().set("Content-Type", contentType);
        responded = true;
        if ("HEAD".equals(method())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, 0);
        try (OutputStream out = responseBody()) {
            writer.write(out);
        }
    }

    /**
     * Streams what {@code writer} writes, exactly {@code length} bytes announced up front (a body made of many small
     * pieces: they go out in large writes, not a socket write and a chunk header each few kilobytes). Writing more or
     * fewer bytes fails the exchange, and the client sees a body cut short.
     */
    public void respondWriting(int status, String contentType, long length, BodyWriter writer) throws IOException {
        responseHeaders().set("Content-Type", contentType);
        responded = true;
        if ("HEAD".equals(method())) {
            responseHeaders().set("Content-Length", Long.toString(length));
        }
        if ("HEAD".equals(method()) || length == 0) {
            exchange.sendResponseHeaders(status, -1); // the JDK's server: -1 is "no body"
            return;
        }
        exchange.sendResponseHeaders(status, length);
        try (OutputStream out = new java.io.BufferedOutputStream(responseBody(), STREAM_BUFFER)) {
            writer.write(out);
        }
    }

    /**
     * The one way a body goes out. A HEAD gets the same headers as its GET and no body: the length when it is known,
     * and the content is never read.
     */
    private void send(int status, InputStream content, long length, String contentType) throws IOException {
        responseHeaders().set("Content-Type", contentType);
        responded = true;
        try (content) {
            if ("HEAD".equals(method())) {
                if (length != UNKNOWN_LENGTH) {
                    responseHeaders().set("Content-Length", Long.toString(length));
                }
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            // the JDK's server: -1 is "no body", 0 is "chunked"
            exchange.sendResponseHeaders(status, length == 0 ? -1 : length == UNKNOWN_LENGTH ? 0 : length);
            if (length == 0) {
                return;
            }
            try (OutputStream out = responseBody()) {
                // large writes: fewer trips through the server's output stream and the socket per megabyte
                byte[] buffer = new byte[STREAM_BUFFER];
                int n;
                while ((n = content.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            }
        }
    }

    public void respondEmpty(int status) throws IOException {
        responded = true;
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    boolean responded() {
        return responded;
    }

    /** Ends the exchange; flushing to a client that stopped reading counts against the read timeout too. */
    void close() {
        watch.enterIo();
        try {
            exchange.close();
        } finally {
            watch.exitIo();
        }
    }

    /** The response body, each write timed by the read deadline (a client that stops reading is cut off). */
    private OutputStream responseBody() {
        return new java.io.FilterOutputStream(exchange.getResponseBody()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                watch.enterIo();
                try {
                    out.write(b, off, len);
                    bytesOut += len;
                } finally {
                    if (watch.exitIo()) {
                        throw new IOException("the client stopped reading for longer than --read-timeout");
                    }
                }
            }
        };
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("malformed query string: " + abbreviate(pair));
            }
        }
        return params;
    }

    public static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /**
     * Counts body bytes as they stream and refuses the request once it passes the limit. Read failures become
     * 400s here, so an {@link IOException} anywhere else means one of our stores failed.
     */
    private final class LimitedBody extends FilterInputStream {
        private final long limit;
        private final long started = System.nanoTime();
        private long remaining;

        LimitedBody(InputStream in, long limit) {
            super(in);
            this.limit = limit;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            int n;
            watch.enterIo();
            try {
                n = in.read(buf, off, len);
            } catch (IOException e) {
                // the client's side of the connection failed: a fault of the request, not of our stores
                throw new ApiException(400, "incomplete_body", "request body ended early: " + e.getMessage());
            } finally {
                if (watch.exitIo()) {
                    throw new ApiException(400, "incomplete_body", "the client sent nothing for longer than "
                            + "--read-timeout; the connection was closed");
                }
            }
            if (n > 0) {
                bytesIn += n;
                remaining -= n;
                if (remaining < 0) {
                    throw tooLarge(limit);
                }
            }
            if (n >= 0 && pace.tooSlow(limit - remaining, System.nanoTime() - started)) {
                exchange.getResponseHeaders().set("Connection", "close");
                throw new ApiException(408, "body_too_slow", "the request body arrived slower than "
                        + pace.bytesPerSecond() + " bytes a second (--min-body-rate); nothing was stored");
            }
            return n;
        }
    }
}
