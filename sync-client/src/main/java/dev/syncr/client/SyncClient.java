package dev.syncr.client;

import dev.syncr.api.ApiError;
import dev.syncr.api.ApiJson;
import dev.syncr.api.Changes;
import dev.syncr.api.ConflictList;
import dev.syncr.api.ConflictView;
import dev.syncr.api.Cursor;
import dev.syncr.api.DeviceTokenIssued;
import dev.syncr.api.FileList;
import dev.syncr.api.Login;
import dev.syncr.api.FileMetadata;
import dev.syncr.api.History;
import dev.syncr.api.LongPoll;
import dev.syncr.api.Resolution;
import dev.syncr.api.ResolveWrite;
import dev.syncr.api.RestoreWrite;
import dev.syncr.api.TextContent;
import dev.syncr.api.TextWrite;
import dev.syncr.api.WriteResponse;
import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import dev.syncr.core.Keep;
import dev.syncr.core.OnConflict;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
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

    private final URI base;
    private final String clientId;
    private final Access access;
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
        this(server, clientId, retry, Access.NONE);
    }

    /** A client that authenticates with {@code access}'s token (see {@link #login}) and trusts its CA, if any. */
    public SyncClient(URI server, String clientId, RetryPolicy retry, Access access) {
        String s = server.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.clientId = clientId;
        this.access = access;
        this.transport = new Transport(base, retry, access);
    }

    // ---- accounts ------------------------------------------------------------------------------------------------

    /**
     * Exchanges a user name and password for a new device token ({@code POST /auth/login}); the password goes only
     * to the server. {@link NotAuthorizedException} for a wrong name or password.
     */
    public DeviceTokenIssued login(String user, char[] password, String label) {
        byte[] json = body(new Login(user, new String(password), label));
        HttpResponse<String> response = transport.send(() -> request("auth/login")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json)),
                HttpResponse.BodyHandlers.ofString());
        return ok(response, DeviceTokenIssued.class);
    }

    /** Who this client is on the server and what its files hold against its quota ({@code GET /account}). */
    public Optional<dev.syncr.api.AccountInfo> account() {
        HttpResponse<String> response = transport.send(() -> request("account").GET(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty(); // a server from before accounts had quotas
        }
        return Optional.of(ok(response, dev.syncr.api.AccountInfo.class));
    }

    /** Revokes this client's own token ({@code POST /auth/logout}): the device is unlinked everywhere at once. */
    public void logout() {
        HttpResponse<String> response = transport.send(() -> request("auth/logout")
                .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw rejected(response.statusCode(), error(response));
        }
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

    /** The token and trust this client uses, for making another client to the same server. */
    public Access access() {
        return access;
    }

    // ---- writes --------------------------------------------------------------------------------------------------

    /** Writes text through the seed's JSON endpoint ({@code POST /files/{id}}). */
    public WriteResult putText(FileId id, long expectedVersion, String content) {
        return putText(id, expectedVersion, content, OnConflict.REJECT);
    }

    /** As {@link #putText(FileId, long, String)}, asking the server to merge or keep both if it loses a race. */
    public WriteResult putText(FileId id, long expectedVersion, String content, OnConflict onConflict) {
        byte[] json = body(new TextWrite(content, expectedVersion,
                ContentHash.of(content.getBytes(StandardCharsets.UTF_8)), flag(onConflict.merge()),
                flag(onConflict.keepBoth())));
        return write(id, () -> request(filePath(id)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    /**
     * Uploads a local file through the seed's multipart endpoint, streaming it. Its hash is computed first and sent
     * along, so the server refuses the upload if the bytes arrive damaged.
     */
    public WriteResult upload(FileId id, long expectedVersion, Path file) throws IOException {
        return upload(Upload.of(id, expectedVersion, file));
    }

    /** Uploads content from a stream (see {@link Upload}); without a length the body is sent chunked. */
    public WriteResult upload(Upload upload) {
        UploadForm form = UploadForm.of(upload);
        HttpRequest.BodyPublisher publisher = form.publisher();
        return write(upload.id(), () -> request("files/upload").header("Content-Type", form.contentType())
                .POST(publisher));
    }

    /** Deletes whatever version is the head (a tombstone version). */
    public WriteResult delete(FileId id) {
        return write(id, () -> request(filePath(id)).DELETE());
    }

    /** Deletes only if the head is still {@code expectedVersion}; otherwise the answer is a conflict. */
    public WriteResult delete(FileId id, long expectedVersion) {
        return write(id, () -> request(filePath(id) + "?expected_version=" + expectedVersion).DELETE());
    }

    /** Makes an old version's content the new head: {@code restore(id, new RestoreWrite(1L, head))}. */
    public WriteResult restore(FileId id, RestoreWrite restore) {
        byte[] json = body(restore);
        return write(id, () -> request(filePath(id) + "/restore").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    /**
     * Uploads a local file as content-defined chunks, sending only those the server does not have from this account
     * yet (a small edit of a large file sends one or two chunks); several at once. Safe to repeat after an
     * interruption: what was sent before is not sent again. A file of at most
     * {@value dev.syncr.core.ContentRef#INLINE_MAX_BYTES} bytes, which the server keeps with its version, goes in one
     * request instead.
     */
    public WriteResult putFile(FileId id, long expectedVersion, Path file) throws IOException {
        return putFile(id, expectedVersion, file, TransferOptions.DEFAULT);
    }

    /** As {@link #putFile(FileId, long, Path)}, with so many streams and a listener for the bytes sent. */
    public WriteResult putFile(FileId id, long expectedVersion, Path file, TransferOptions options)
            throws IOException {
        return putFile(id, expectedVersion, file, options, OnConflict.REJECT);
    }

    /** As {@link #putFile(FileId, long, Path, TransferOptions)}, merging or keeping both if it loses a race. */
    public WriteResult putFile(FileId id, long expectedVersion, Path file, TransferOptions options,
                               OnConflict onConflict) throws IOException {
        return sendFile(id, expectedVersion, file, options, onConflict, null).result();
    }

    /** The server's answer to an upload, and the SHA-256 of the content it sent (as read, or as claimed). */
    public record Sent(WriteResult result, String contentHash) {
    }

    /**
     * As {@link #putFile(FileId, long, Path, TransferOptions, OnConflict)}, telling also the hash of what was sent (a
     * caller that had not hashed the file settles a conflict with it), and claiming {@code knownHash} (when not
     * null) as the content's SHA-256 instead of hashing every byte once more: for a file the caller hashed moments
     * ago whose stat has not changed since. The server checks the claim against the bytes it stores; a file that
     * changed meanwhile is refused ({@code hash_mismatch}), never committed under the wrong hash.
     */
    public Sent sendFile(FileId id, long expectedVersion, Path file, TransferOptions options, OnConflict onConflict,
                         String knownHash) throws IOException {
        return new ChunkedTransfer(this, options).upload(id, expectedVersion, file, onConflict, knownHash);
    }

    /**
     * Writes many small files in one request and one server transaction ({@code POST /batch}, at most
     * {@value dev.syncr.api.BatchWrite#MAX_WRITES}): one result per file, in order, as each would have had alone.
     * A conflict is answered, not merged or kept: resend that file alone with what should happen.
     */
    public List<WriteResult> putBatch(List<BatchFile> files) {
        byte[] json = body(new dev.syncr.api.BatchWrite(files.stream().map(f -> new dev.syncr.api.BatchItem(
                f.id().value(), f.expectedVersion(), null, java.util.Base64.getEncoder().encodeToString(f.content()),
                null)).toList()));
        dev.syncr.api.BatchResponse answer = ok(transport.send(() -> request("batch")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json)),
                HttpResponse.BodyHandlers.ofString()), dev.syncr.api.BatchResponse.class);
        List<WriteResult> results = new java.util.ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            BatchFile file = files.get(i);
            dev.syncr.api.BatchOutcome outcome = answer.results().get(i);
            results.add(switch (outcome.status()) {
                case "created", "updated" -> new WriteResult.Committed(file.id(), outcome.version(),
                        outcome.version() - 1, outcome.contentHash(), file.content().length,
                        outcome.status().equals("created"), outcome.status());
                case "unchanged" -> new WriteResult.Unchanged(file.id(), outcome.version(), outcome.contentHash());
                case "conflict" -> new WriteResult.Conflict(file.id(), file.expectedVersion(),
                        outcome.currentVersion(), null, Optional.empty());
                default -> throw new IllegalStateException("the server refused " + file.id() + " in a batch: "
                        + outcome.message());
            });
        }
        return results;
    }

    /** A file {@link #getBatch} asks for: {@code version} of {@code id}. */
    public record Wanted(FileId id, long version) {
    }

    /**
     * A file {@link #getBatch} answered: its bytes, checked against its SHA-256; or {@code bytes == null} when the
     * server did not send it ({@code error}: not_found or too_large), for the caller to fetch alone or forget.
     */
    public record Fetched(FileId id, long version, String contentHash, byte[] bytes, String error) {
    }

    /** What to do with each file of a batch, as it arrives. */
    @FunctionalInterface
    public interface FetchedFiles {
        void accept(Fetched file) throws IOException;
    }

    /**
     * Many small files in one request ({@code POST /batch/download}, up to 1000), each handed to {@code each} as it
     * arrives, its bytes checked against its hash: one round trip for a folder's worth of small files. Files the
     * server would not send in a batch come with an error and no bytes. Throws when the answer is cut or damaged (a
     * file handed over before that was whole and checked).
     */
    public void getBatch(List<Wanted> files, FetchedFiles each) throws IOException {
        byte[] json = body(new dev.syncr.api.DownloadBatch(files.stream().map(f -> new dev.syncr.api.DownloadItem(
                f.id().value(), f.version())).toList()));
        HttpResponse<InputStream> response = transport.send(() -> request("batch/download")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json)),
                HttpResponse.BodyHandlers.ofInputStream());

        try (InputStream body = new java.io.BufferedInputStream(response.body(), 1 << 16)) {
            if (response.statusCode() != 200) {
                throw rejected(response.statusCode(), WireResults.error(new String(body.readNBytes(64 * 1024),
                        java.nio.charset.StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < files.size(); i++) {
                dev.syncr.api.DownloadedFile entry = read(headerLine(body), dev.syncr.api.DownloadedFile.class);
                FileId id = FileId.of(entry.fileId());
                if (!id.equals(files.get(i).id())) {
                    throw new IOException("the batch answered " + id + " where " + files.get(i).id() + " was asked");
                }
                if (entry.error() != null) {
                    each.accept(new Fetched(id, entry.version(), entry.contentHash(), null, entry.error()));
                    continue;
                }
                if (entry.sizeBytes() < 0 || entry.sizeBytes() > MAX_BATCHED_FILE_BYTES) {
                    throw new IOException("the batch announced " + entry.sizeBytes() + " bytes for " + id);
                }
                byte[] bytes = body.readNBytes((int) entry.sizeBytes());
                if (bytes.length != entry.sizeBytes() || !ContentHash.of(bytes).equals(entry.contentHash())) {
                    throw new IOException(id + " was cut or damaged in transit");
                }
                each.accept(new Fetched(id, entry.version(), entry.contentHash(), bytes, null));
            }
        }
    }

    /** The largest file a batch download carries (the server's limit); larger ones come by chunks. */
    public static final long MAX_BATCHED_FILE_BYTES = 1024 * 1024;

    /** One entry's line of JSON, read byte by byte up to its newline (bounded: a line is a few hundred bytes). */
    private static String headerLine(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("the batch ended early");
            }
            if (line.size() > 64 * 1024) {
                throw new IOException("a batch entry's header is too long");
            }
            line.write(b);
        }
        return line.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** One file of {@link #putBatch}: its whole (small) content, based on {@code expectedVersion}. */
    public record BatchFile(FileId id, long expectedVersion, byte[] content) {
    }

    /** {@code true} as itself, {@code false} left out of the body. */
    static Boolean flag(boolean value) {
        return value ? Boolean.TRUE : null;
    }

    // ---- conflicts -----------------------------------------------------------------------------------------------

    /** The conflicts the server recorded for this account, newest first: the open ones, or all. */
    public List<RemoteConflict> conflicts(boolean includeResolved) {
        HttpResponse<String> response = transport.send(() -> request("conflicts" + (includeResolved
                ? "?status=all" : "")).GET(), HttpResponse.BodyHandlers.ofString());
        return ok(response, ConflictList.class).conflicts().stream().map(WireResults::conflict).toList();
    }

    public Optional<RemoteConflict> conflict(long id) {
        HttpResponse<String> response = transport.send(() -> request("conflicts/" + id).GET(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(WireResults.conflict(ok(response, ConflictView.class)));
    }

    /**
     * Resolves a conflict; the server applies it as versioned writes (the original's next version for
     * {@link Keep#COPY} and {@link Keep#CONTENT}, based on {@code expectedVersion}; the copy's delete unless
     * {@link Keep#BOTH}). A stale {@code expectedVersion} or a conflict resolved otherwise is a
     * {@link RequestRejectedException} (409), as is an unknown id (404).
     *
     * @param content for {@link Keep#CONTENT}: the text to keep
     */
    public RemoteConflict resolve(long id, Keep keep, Long expectedVersion, String content) {
        byte[] json = body(new ResolveWrite(keep.wireName(), expectedVersion, content));
        HttpResponse<String> response = transport.send(() -> request("conflicts/" + id + "/resolve")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json)),
                HttpResponse.BodyHandlers.ofString());
        return WireResults.conflict(ok(response, Resolution.class).conflict());
    }

    /**
     * Downloads the head into {@code target}, fetching only the chunks that {@code target}'s current content does not
     * already hold; {@code target} is replaced atomically once the whole is verified.
     */
    public Optional<RemoteFile> getFile(FileId id, Path target) throws IOException {
        return getFile(id, target, TransferOptions.DEFAULT);
    }

    /** As {@link #getFile(FileId, Path)}, with so many streams and a listener for the bytes fetched. */
    public Optional<RemoteFile> getFile(FileId id, Path target, TransferOptions options) throws IOException {
        return new ChunkedTransfer(this, options).download(id, target);
    }

    /**
     * Writes the head into {@code into}, taking the chunks {@code reuse} (a local copy, say the version last synced)
     * already holds from there and fetching only the rest; verified and flushed before it returns. For callers that
     * decide themselves when to move the result into place.
     */
    public Optional<RemoteFile> getFile(FileId id, Path into, Path reuse) throws IOException {
        return getFile(id, into, reuse, size -> List.of());
    }

    /**
     * As {@link #getFile(FileId, Path, Path)}, also reusing chunks from the files {@code sameSize} offers for the
     * head's size: where a copied or renamed file usually already is.
     */
    public Optional<RemoteFile> getFile(FileId id, Path into, Path reuse, LongFunction<List<Path>> sameSize)
            throws IOException {
        return new ChunkedTransfer(this, TransferOptions.DEFAULT).download(id, into, reuse, sameSize);
    }

    Transport transport() {
        return transport;
    }

    /** A refusal in the API's words, as the exception a call throws. */
    RequestRejectedException refusal(HttpResponse<String> response) {
        return rejected(response.statusCode(), error(response));
    }

    WriteResult write(FileId id, Supplier<HttpRequest.Builder> request) {
        HttpResponse<String> response = transport.send(request, HttpResponse.BodyHandlers.ofString());
        return switch (response.statusCode()) {
            case 200, 201 -> WireResults.written(id, read(response.body(), WriteResponse.class));
            case 409, 412, 404 -> WireResults.refused(id, error(response));
            default -> throw rejected(response.statusCode(), error(response));
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
        return Optional.of(WireResults.file(ok(response, FileMetadata.class)));
    }

    public Optional<TextFile> getText(FileId id) {
        HttpResponse<String> response = transport.send(() -> request(filePath(id)).GET(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        TextContent text = ok(response, TextContent.class);
        return Optional.of(new TextFile(id, text.content(), text.version(), text.contentHash(),
                ApiJson.parseTime(text.updatedAt())));
    }

    /** Every file, page by page (a page of {@value #LIST_PAGE} a request, however large the tree). */
    public List<RemoteFile> list(boolean includeDeleted) {
        List<RemoteFile> files = new java.util.ArrayList<>();
        String after = null;
        while (true) {
            String query = "?limit=" + LIST_PAGE + (includeDeleted ? "&include_deleted=true" : "")
                    + (after == null ? "" : "&after=" + java.net.URLEncoder.encode(after, StandardCharsets.UTF_8));
            FileList page = ok(transport.send(() -> request("files/" + query).GET(),
                    HttpResponse.BodyHandlers.ofString()), FileList.class);
            page.files().stream().map(WireResults::file).forEach(files::add);
            if (!Boolean.TRUE.equals(page.hasMore())) {
                return files;
            }
            after = page.nextAfter();
        }
    }

    /** Files a listing request asks for at once. */
    static final int LIST_PAGE = 1000;

    public List<RemoteFile> list() {
        return list(false);
    }

    /** Newest first; empty for an unknown file. */
    public List<RemoteVersion> history(FileId id) {
        return fullHistory(id).versions();
    }

    /**
     * A file's versions, newest first, and where its history goes on if it was renamed here ({@code renamedFrom}:
     * the old name and that name's version it was moved from). No versions for an unknown file.
     */
    public record FileHistory(List<RemoteVersion> versions, Optional<RemoteVersion.Renamed> renamedFrom) {
    }

    public FileHistory fullHistory(FileId id) {
        HttpResponse<String> response = transport.send(() -> request(filePath(id) + "/versions").GET(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return new FileHistory(List.of(), Optional.empty());
        }
        History history = ok(response, History.class);
        return new FileHistory(history.versions().stream().map(WireResults::version).toList(),
                Optional.ofNullable(history.renamedFrom()).map(r -> new RemoteVersion.Renamed(FileId.of(r.fileId()),
                        r.version())));
    }

    /**
     * Streams the head's content into {@code out}, checking it on the way against the checksum the server kept when it
     * stored it (CRC-32C, for content stored as chunks) or else its SHA-256.
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
        return placeDownload(target, out -> download(id, out));
    }

    /** Streams an old version's content into {@code target}, placed the same checked way as {@link #download}. */
    public Optional<RemoteFile> downloadVersion(FileId id, long version, Path target) throws IOException {
        return placeDownload(target, out -> downloadVersion(id, version, out));
    }

    /** A download into a stream. */
    private interface StreamDownload {
        Optional<RemoteFile> into(OutputStream out) throws IOException;
    }

    /**
     * Runs {@code download} into a temporary file beside {@code target} and places it (see {@link FilePlacement}),
     * unless {@code target} changed meanwhile: then {@link TargetChangedException}, and {@code target} is kept.
     */
    private static Optional<RemoteFile> placeDownload(Path target, StreamDownload download) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        FilePlacement.Expected seen = FilePlacement.Expected.of(target);
        Path temp = Files.createTempFile(parent, ".syncr-download-", ".part");
        try {
            Optional<RemoteFile> got;
            try (OutputStream out = FlushedAsItLands.open(temp)) {
                got = download.into(out);
            }
            if (got.isPresent() && FilePlacement.place(temp, target, seen) instanceof FilePlacement.TargetChanged) {
                throw new TargetChangedException(target);
            }
            return got;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Large reads: fewer trips through the stream, the digest and {@code out} per megabyte. */
    private static final int DOWNLOAD_BUFFER = 256 * 1024;

    private Optional<RemoteFile> downloadFrom(String path, FileId id, OutputStream out) throws IOException {
        try (Transport.Streamed response = transport.stream(path)) {
            if (response.status() == 404) {
                return Optional.empty();
            }
            if (response.status() != 200) {
                throw rejected(response.status(), WireResults.error(new String(response.body().readAllBytes(),
                        StandardCharsets.UTF_8)));
            }
            String expectedHash = response.header("X-Content-Hash");
            String versionHeader = response.header("X-File-Version");
            long version = versionHeader == null ? 0 : Long.parseLong(versionHeader.strip());
            ContentCheck check = new ContentCheck(expectedHash, response.header("X-Content-CRC32C"));
            byte[] buffer = new byte[DOWNLOAD_BUFFER];
            long size = 0;
            int n;
            while ((n = response.body().read(buffer)) >= 0) {
                check.update(buffer, 0, n);
                out.write(buffer, 0, n);
                size += n;
            }
            String hash = check.verify("download of " + id + " was damaged (in transit or in the server's storage)");
            return Optional.of(new RemoteFile(id, version, hash, size, false, null, null));
        }
    }


    // ---- change feed ---------------------------------------------------------------------------------------------

    public RemoteChange.Page changes(long cursor, int limit) {
        Changes page = ok(transport.send(() -> request("changes?cursor=" + cursor + "&limit=" + limit).GET(),
                HttpResponse.BodyHandlers.ofString()), Changes.class);
        return new RemoteChange.Page(page.changes().stream().map(WireResults::change).toList(), page.cursor(),
                page.hasMore(), page.storeId());
    }

    public long latestCursor() {
        return ok(transport.send(() -> request("changes/latest").GET(), HttpResponse.BodyHandlers.ofString()),
                Cursor.class).cursor();
    }

    /** Waits up to {@code timeout} for a change after {@code cursor}; true when there is one. */
    public boolean awaitChanges(long cursor, Duration timeout) {
        return awaitCursor(cursor, timeout) > cursor;
    }

    /**
     * Waits up to {@code timeout} for a change after {@code cursor}, and returns the server's newest position then
     * (greater than {@code cursor} when there are changes): the position to wait from next, so that changes already
     * announced do not answer the next wait at once.
     */
    public long awaitCursor(long cursor, Duration timeout) {
        long seconds = Math.max(0, Math.min(300, timeout.toSeconds()));
        LongPoll answer = ok(transport.send(() -> request("changes/longpoll?cursor=" + cursor + "&timeout=" + seconds)
                        .timeout(Duration.ofSeconds(seconds + 30)).GET(),
                HttpResponse.BodyHandlers.ofString()), LongPoll.class);
        return answer.changes() ? Math.max(answer.cursor(), cursor + 1) : cursor;
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    /** Shared folders: share, list, change roles, leave (see {@link Sharing}). */
    public Sharing sharing() {
        return new Sharing(this);
    }

    /** Sends a request that answers a JSON body of {@code type} (any other status is thrown, as everywhere here). */
    <T extends Record> T call(Supplier<HttpRequest.Builder> request, Class<T> type) {
        return ok(transport.send(request, HttpResponse.BodyHandlers.ofString()), type);
    }

    /** Sends a request that answers no body (204). */
    void callEmpty(Supplier<HttpRequest.Builder> request) {
        HttpResponse<String> response = transport.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw rejected(response.statusCode(), error(response));
        }
    }

    HttpRequest.Builder request(String path) {
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

    static <T extends Record> T ok(HttpResponse<String> response, Class<T> type) {
        if (response.statusCode() / 100 != 2) {
            throw rejected(response.statusCode(), error(response));
        }
        return read(response.body(), type);
    }

    private static <T> T read(String body, Class<T> type) {
        try {
            return ApiJson.TOLERANT.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalStateException("the server sent a " + type.getSimpleName() + " this client cannot read: "
                    + e.getMessage(), e);
        }
    }

    static byte[] body(Record request) {
        try {
            return ApiJson.TOLERANT.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiError error(HttpResponse<String> response) {
        return WireResults.error(response.body());
    }

    private static RequestRejectedException rejected(int status, ApiError error) {
        return new RequestRejectedException(status, error.error(),
                error.message() == null ? "HTTP " + status : error.message());
    }
}
