package dev.syncr.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Typed calls for every Syncr endpoint, over {@code java.net.http}. Content streams both ways. Every call is retried
 * with backoff on network faults and 5xx answers: reads are idempotent, and writes are too, because the server
 * answers a repeated write that already won with that same success.
 *
 * <pre>{@code
 * SyncClient client = new SyncClient(URI.create("http://127.0.0.1:8000/"), "ClientA");
 * switch (client.putText(FileId.of("doc.txt"), 0, "Hello World - Version 1")) {
 *     case WriteResult.Committed c -> System.out.println("v" + c.version());
 *     case WriteResult.Conflict c -> System.out.println("server is at v" + c.currentVersion());
 *     default -> { }
 * }
 * }</pre>
 */
public final class SyncClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String clientId;
    private final Transport transport;

    /** How often and how patiently calls are retried. */
    public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {

        public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2));
        public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    public SyncClient(URI server, String clientId) {
        this(server, clientId, RetryPolicy.DEFAULT);
    }

    public SyncClient(URI server, String clientId, RetryPolicy retry) {
        String s = server.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.clientId = clientId;
        this.transport = new Transport(base, retry);
    }

    /** Stops the HTTP client's threads; calls in flight fail. The client cannot be used afterwards. */
    @Override
    public void close() {
        transport.close();
    }

    public URI server() {
        return base;
    }

    public String clientId() {
        return clientId;
    }

    // ---- writes --------------------------------------------------------------------------------------------------

    /** Writes text through the seed's JSON endpoint ({@code POST /files/{id}}). */
    public WriteResult putText(FileId id, long expectedVersion, String content) {
        ObjectNode body = JSON.createObjectNode();
        body.put("content", content);
        body.put("expected_version", expectedVersion);
        body.put("content_hash", ContentHash.of(content.getBytes(StandardCharsets.UTF_8)));
        byte[] json = body.toString().getBytes(StandardCharsets.UTF_8);
        return write(id, () -> request(filePath(id)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    /**
     * Uploads a file through the seed's multipart endpoint, streaming it. Its hash is computed first and sent along,
     * so the server refuses the upload if the bytes arrive damaged.
     */
    public WriteResult upload(FileId id, long expectedVersion, Path file) throws IOException {
        String hash = hashOf(file);
        long size = Files.size(file);
        return upload(id, expectedVersion, () -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, size, Optional.of(hash));
    }

    /**
     * Uploads content from a stream supplier (called again for each retry).
     *
     * @param length the number of bytes, or -1 if unknown (the body is then sent chunked)
     */
    public WriteResult upload(FileId id, long expectedVersion, Supplier<InputStream> content, long length,
                              Optional<String> contentHash) {
        UploadForm form = UploadForm.of(id, expectedVersion, contentHash, content, length);
        HttpRequest.BodyPublisher publisher = form.publisher();
        return write(id, () -> request("files/upload").header("Content-Type", form.contentType()).POST(publisher));
    }

    /** Deletes (a tombstone version). With an expected version the delete is conditional and may conflict. */
    public WriteResult delete(FileId id, OptionalLong expectedVersion) {
        String query = expectedVersion.isPresent() ? "?expected_version=" + expectedVersion.getAsLong() : "";
        return write(id, () -> request(filePath(id) + query).DELETE());
    }

    /** Makes an old version's content the new head. */
    public WriteResult restore(FileId id, long version, long expectedVersion) {
        String json = "{\"version\":" + version + ",\"expected_version\":" + expectedVersion + "}";
        return write(id, () -> request(filePath(id) + "/restore").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private WriteResult write(FileId id, Supplier<HttpRequest.Builder> request) {
        HttpResponse<String> response = transport.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = parse(response.body());
        return switch (response.statusCode()) {
            case 200, 201 -> {
                String status = json.path("status").asText();
                if (status.equals("unchanged")) {
                    yield new WriteResult.Unchanged(id, json.path("version").asLong(), text(json, "content_hash"));
                }
                yield new WriteResult.Committed(id, json.path("version").asLong(),
                        json.path("previous_version").asLong(0), text(json, "content_hash"),
                        json.path("size_bytes").asLong(0), status.equals("created"), status);
            }
            case 409, 412 -> new WriteResult.Conflict(id, json.path("expected_version").asLong(),
                    json.path("current_version").asLong(), text(json, "current_hash"),
                    json.has("current") ? Optional.of(remoteFile(json.get("current"))) : Optional.empty());
            case 404 -> new WriteResult.NotFound(id, json.path("message").asText("not found"));
            default -> throw rejected(response.statusCode(), json);
        };
    }

    // ---- reads ---------------------------------------------------------------------------------------------------

    /** The head's metadata, or empty when there is no such file or it is deleted. */
    public Optional<RemoteFile> metadata(FileId id) {
        HttpResponse<String> response = transport.send(() -> request(filePath(id) + "/metadata").GET(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode json = ok(response);
        return Optional.of(remoteFile(json));
    }

    public Optional<TextFile> getText(FileId id) {
        HttpResponse<String> response = transport.send(() -> request(filePath(id)).GET(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode json = ok(response);
        return Optional.of(new TextFile(id, json.path("content").asText(), json.path("version").asLong(),
                text(json, "content_hash"), Instant.parse(json.path("updated_at").asText())));
    }

    /** Live files (or every head, deletes included). */
    public List<RemoteFile> list(boolean includeDeleted) {
        String query = includeDeleted ? "?include_deleted=true" : "";
        JsonNode json = ok(transport.send(() -> request("files/" + query).GET(),
                HttpResponse.BodyHandlers.ofString()));
        List<RemoteFile> files = new ArrayList<>();
        json.path("files").forEach(f -> files.add(remoteFile(f)));
        return files;
    }

    public List<RemoteFile> list() {
        return list(false);
    }

    /** Newest first; empty for an unknown file. */
    public List<RemoteVersion> history(FileId id) {
        HttpResponse<String> response = transport.send(() -> request(filePath(id) + "/versions").GET(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return List.of();
        }
        List<RemoteVersion> versions = new ArrayList<>();
        ok(response).path("versions").forEach(v -> versions.add(new RemoteVersion(FileId.of(v.path("file_id").asText()),
                v.path("version").asLong(), text(v, "content_hash"), v.path("size_bytes").asLong(),
                v.path("deleted").asBoolean(), Instant.parse(v.path("created_at").asText()), text(v, "client_id"))));
        return versions;
    }

    /**
     * Streams the head's content into {@code out}, checking it against the server's hash on the way.
     *
     * @return the version downloaded, or empty when there is no such (live) file
     */
    public Optional<RemoteFile> download(FileId id, OutputStream out) throws IOException {
        return downloadFrom(filePath(id) + "/download", id, out);
    }

    /** Streams an old version's content into {@code out}. */
    public Optional<RemoteFile> downloadVersion(FileId id, long version, OutputStream out) throws IOException {
        return downloadFrom(filePath(id) + "/versions/" + version + "/download", id, out);
    }

    /**
     * Downloads the head into {@code target} through a temporary file in the same folder, renamed into place only
     * once complete and verified: {@code target} is never left half-written.
     */
    public Optional<RemoteFile> download(FileId id, Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, ".syncr-download-", ".part");
        try {
            Optional<RemoteFile> got;
            try (OutputStream out = Files.newOutputStream(temp)) {
                got = download(id, out);
            }
            if (got.isPresent()) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return got;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Optional<RemoteFile> downloadFrom(String path, FileId id, OutputStream out) throws IOException {
        HttpResponse<InputStream> response = transport.send(() -> request(path).GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw rejected(response.statusCode(), parse(new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            }
            String expectedHash = response.headers().firstValue("X-Content-Hash").orElse(null);
            long version = response.headers().firstValueAsLong("X-File-Version").orElse(0);
            MessageDigest digest = ContentHash.newDigest();
            long size = new DigestInputStream(body, digest).transferTo(out);
            String hash = HexFormat.of().formatHex(digest.digest());
            if (expectedHash != null && !expectedHash.equals(hash)) {
                throw new IOException("download of " + id + " was damaged in transit: hash " + hash + ", expected "
                        + expectedHash);
            }
            return Optional.of(new RemoteFile(id, version, hash, size, false, null, null));
        }
    }

    // ---- change feed ---------------------------------------------------------------------------------------------

    public RemoteChange.Page changes(long cursor, int limit) {
        JsonNode json = ok(transport.send(() -> request("changes?cursor=" + cursor + "&limit=" + limit).GET(),
                HttpResponse.BodyHandlers.ofString()));
        List<RemoteChange> changes = new ArrayList<>();
        json.path("changes").forEach(c -> changes.add(new RemoteChange(c.path("cursor").asLong(),
                FileId.of(c.path("file_id").asText()), c.path("version").asLong(), c.path("deleted").asBoolean(),
                text(c, "content_hash"), c.path("size_bytes").asLong(), text(c, "client_id"))));
        return new RemoteChange.Page(changes, json.path("cursor").asLong(), json.path("has_more").asBoolean());
    }

    public long latestCursor() {
        return ok(transport.send(() -> request("changes/latest").GET(), HttpResponse.BodyHandlers.ofString()))
                .path("cursor").asLong();
    }

    /** Waits up to {@code timeout} for a change after {@code cursor}; true when there is one. */
    public boolean awaitChanges(long cursor, Duration timeout) {
        long seconds = Math.max(0, Math.min(300, timeout.toSeconds()));
        return ok(transport.send(() -> request("changes/longpoll?cursor=" + cursor + "&timeout=" + seconds)
                        .timeout(Duration.ofSeconds(seconds + 30)).GET(),
                HttpResponse.BodyHandlers.ofString())).path("changes").asBoolean();
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofMinutes(30))
                .header("X-Client-Id", clientId);
    }

    /**
     * {@code files/} plus the whole id as one percent-encoded segment, slashes included: the server then can never
     * mistake a file named {@code docs/metadata} for the metadata of {@code docs}.
     */
    static String filePath(FileId id) {
        return "files/" + encodeSegment(id.value());
    }

    private static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    private static JsonNode ok(HttpResponse<String> response) {
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw rejected(response.statusCode(), json);
        }
        return json;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", body.length() > 200 ? body.substring(0, 200) : body);
        }
    }

    private static RequestRejectedException rejected(int status, JsonNode json) {
        return new RequestRejectedException(status, text(json, "error"), json.path("message").asText("HTTP " + status));
    }

    private static RemoteFile remoteFile(JsonNode f) {
        String updatedAt = text(f, "updated_at");
        return new RemoteFile(FileId.of(f.path("file_id").asText()), f.path("version").asLong(),
                text(f, "content_hash"), f.path("size_bytes").asLong(), f.path("deleted").asBoolean(),
                updatedAt == null ? null : Instant.parse(updatedAt), text(f, "updated_by"));
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    /** SHA-256 of a file, streamed. */
    public static String hashOf(Path file) throws IOException {
        MessageDigest digest = ContentHash.newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
