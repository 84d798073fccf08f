package dev.syncr.server.api;

import dev.syncr.api.ApiJson;
import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.ETags;
import dev.syncr.server.http.EventLog;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Json;
import dev.syncr.server.http.Request;
import dev.syncr.api.ChunkInfo;
import dev.syncr.api.FileList;
import dev.syncr.api.RenamedFrom;
import dev.syncr.api.FileMetadata;
import dev.syncr.api.History;
import dev.syncr.api.ManifestView;
import dev.syncr.api.ManifestWrite;
import dev.syncr.api.MoveWrite;
import dev.syncr.api.RestoreWrite;
import dev.syncr.api.TextContent;
import dev.syncr.api.TextWrite;
import dev.syncr.core.share.Tree;
import dev.syncr.core.ContentHash;
import dev.syncr.core.DeleteRequest;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.MoveRequest;
import dev.syncr.core.RestoreRequest;
import dev.syncr.core.SyncService;
import dev.syncr.core.UploadRequest;
import dev.syncr.core.WriteOutcome;
import dev.syncr.core.chunk.ChunkRef;
import dev.syncr.core.chunk.Manifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code /files/…}: parse, call {@link SyncService}, render. The rules live in the service; which method reaches which
 * of these is the route table's business.
 */
public final class FilesHandler {

    /** The JSON text endpoints carry whole files in a string; bigger files go through upload/download. */
    static final int MAX_TEXT_BYTES = 16 * 1024 * 1024;
    private static final long MAX_JSON_BODY = 6L * MAX_TEXT_BYTES + 64 * 1024;

    private final ChangeSignal signal;

    public FilesHandler(ChangeSignal signal) {
        this.signal = signal;
    }

    /** A manifest lists at most this many chunks: 4 MiB each, more than the largest upload allowed. */
    private static final long MAX_MANIFEST_BODY = 8L * 1024 * 1024;

    public void manifest(Request r) throws IOException {
        HttpCall call = r.call();
        FileId id = r.fileId();
        Tree service = r.tree();
        FileVersion head = liveHead(service, id);
        if (ETags.notModified(call, head.version())) {
            return;
        }
        Optional<Manifest> manifest = service.manifestOf(head);
        List<ChunkInfo> chunks = manifest.map(m -> m.chunks().stream().map(c -> new ChunkInfo(c.hash(), c.size()))
                .toList()).orElse(List.of());
        String crc32c = manifest.filter(m -> m.crc32c().isPresent())
                .map(m -> ContentHash.crc32cText(m.crc32c().getAsLong())).orElse(null);
        call.responseHeaders().set("ETag", ETags.of(head.version()));
        call.respondJson(200, new ManifestView(id.value(), head.version(), head.hash(), head.size(),
                manifest.isPresent(), chunks, crc32c));
    }

    /**
     * A manifest's chunks are at least this large on average (FastCDC's are 256 KiB or more, the web page's 4 MiB; only
     * the last may be smaller), so a content of N bytes lists at most N / this + 1 of them.
     */
    static final int MIN_AVERAGE_CHUNK = 64 * 1024;

    public void commitManifest(Request r) throws IOException {
        HttpCall call = r.call();
        FileId id = r.fileId();
        Tree service = r.tree();
        ManifestWrite write = Json.readBody(call, MAX_MANIFEST_BODY, ManifestWrite.class,
                "send Content-Type: application/json with {\"chunks\": [{\"hash\", \"size\"}, ...], "
                        + "\"content_hash\", \"size\", \"expected_version\"}");
        // the cheap checks first, before any chunk is looked up or read: a manifest may name content far larger
        // than its body (one held chunk listed many times)
        if (write.size() > call.maxUploadBytes()) {
            throw new ApiException(413, "payload_too_large", "the content (" + write.size() + " bytes) is larger "
                    + "than the upload limit (" + call.maxUploadBytes() + " bytes, --max-upload-bytes)")
                    .with("max_bytes", call.maxUploadBytes());
        }
        long maxChunks = write.size() / MIN_AVERAGE_CHUNK + 1;
        if (write.chunks().size() > maxChunks) {
            throw ApiException.badRequest("a manifest of " + write.size() + " bytes lists at most " + maxChunks
                    + " chunks (" + MIN_AVERAGE_CHUNK + " bytes each on average), not " + write.chunks().size());
        }
        Manifest manifest = new Manifest(write.chunks().stream().map(c -> new ChunkRef(c.hash(), c.size())).toList(),
                write.contentHash(), write.size());
        WriteOutcome outcome = service.commitManifest(id, write.expectedVersion(), manifest, call.clientId(),
                ConflictPolicy.of(call, write.merge(), write.keepBoth()));
        Outcomes.render(call, id, outcome, false, "updated", signal.onCommit(r));
    }

    /** Without {@code limit}, trees up to this size come whole, as the seed's clients expect; larger ones page. */
    static final int UNPAGED_LIMIT = 10_000;

    public void list(Request r) throws IOException {
        HttpCall call = r.call();
        Tree service = r.tree();
        boolean includeDeleted = call.query("include_deleted").map(Boolean::parseBoolean).orElse(false);
        Optional<String> prefix = call.query("prefix");
        OptionalLong limitAsked = call.queryLong("limit", 1, UNPAGED_LIMIT);
        int limit = (int) limitAsked.orElse(UNPAGED_LIMIT);
        FileId after = call.query("after").map(FileId::of).orElse(null);
        List<FileVersion> page = new ArrayList<>(service.list(after, limit + 1, includeDeleted));
        boolean more = page.size() > limit;
        if (more) {
            page.removeLast();
        }
        if (!more && after == null && limitAsked.isEmpty()) {
            page.sort(Comparator.comparing(FileVersion::id)); // the whole tree, in the seed's order
        }
        List<FileMetadata> files = page.stream()
                .filter(h -> prefix.isEmpty() || h.id().value().startsWith(prefix.get()))
                .map(Views::metadata)
                .toList();
        call.respondJson(200, new FileList(files, files.size(), more, more ? page.getLast().id().value() : null));
    }

    static FileVersion liveHead(Tree service, FileId id) {
        FileVersion head = service.metadata(id)
                .orElseThrow(() -> ApiException.notFound("no file " + id).with("file_id", id.value()));
        if (head.deleted()) {
            throw ApiException.notFound(id + " was deleted (version " + head.version() + ")")
                    .with("file_id", id.value()).with("deleted", true).with("version", head.version());
        }
        return head;
    }

    public void metadata(Request r) throws IOException {
        HttpCall call = r.call();
        FileVersion head = liveHead(r.tree(), r.fileId());
        if (ETags.notModified(call, head.version())) {
            return;
        }
        call.responseHeaders().set("ETag", ETags.of(head.version()));
        call.respondJson(200, Views.metadata(head));
    }

    public void read(Request r) throws IOException {
        HttpCall call = r.call();
        FileId id = r.fileId();
        Tree service = r.tree();
        FileVersion head = liveHead(service, id);
        if (ETags.notModified(call, head.version())) {
            return;
        }
        if (head.size() > MAX_TEXT_BYTES) {
            throw new ApiException(422, "too_large_for_text", id + " is " + head.size()
                    + " bytes; GET /files/{file_id}/download streams files of any size");
        }
        byte[] bytes;
        try (InputStream in = service.open(head.content())) {
            bytes = in.readAllBytes();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(422, "not_text", id + " is not UTF-8 text; GET /files/{file_id}/download");
        }
        call.responseHeaders().set("ETag", ETags.of(head.version()));
        call.respondJson(200, new TextContent(id.value(), text, head.version(), head.hash(),
                ApiJson.time(head.createdAt())));
    }

    public void write(Request r) throws IOException {
        HttpCall call = r.call();
        FileId id = r.fileId();
        Tree service = r.tree();
        TextWrite body = Json.readBody(call, MAX_JSON_BODY, TextWrite.class,
                "POST /files/{file_id} takes application/json "
                        + "{\"content\": …, \"expected_version\": …}; use POST /files/upload for multipart");
        byte[] bytes = body.content().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_TEXT_BYTES) {
            throw new ApiException(413, "payload_too_large", "text content is limited to " + MAX_TEXT_BYTES
                    + " bytes; use POST /files/upload for bigger files");
        }
        Optional<String> claimedHash = Optional.ofNullable(body.contentHash());
        ExpectedVersion expected = ExpectedVersion.require(call, optional(body.expectedVersion()), id, service);
        EventLog.info("POST /files/" + id + " (expected_version=" + expected.version() + ")", "event",
                "upload_received", "file_id", id, "expected_version", expected.version(), "client_id",
                call.clientId(), "size_bytes", bytes.length);
        WriteOutcome outcome = service.upload(new UploadRequest(id, expected.version(),
                new ByteArrayInputStream(bytes), claimedHash, call.clientId(),
                ConflictPolicy.of(call, body.merge(), body.keepBoth())));
        Outcomes.render(call, id, outcome, expected.fromHeader(), "updated", signal.onCommit(r));
    }

    public void delete(Request r) throws IOException {
        HttpCall call = r.call();
        FileId id = r.fileId();
        Tree service = r.tree();
        OptionalLong fromQuery = call.queryLong("expected_version", 0, Long.MAX_VALUE);
        Optional<ExpectedVersion> expected = ExpectedVersion.resolve(call, fromQuery, id, service);
        EventLog.info("DELETE /files/" + id, "event", "delete_received", "file_id", id, "expected_version",
                expected.map(e -> (Object) e.version()).orElse("any"), "client_id", call.clientId());
        OptionalLong version = expected.map(e -> OptionalLong.of(e.version())).orElse(OptionalLong.empty());
        WriteOutcome outcome = service.delete(new DeleteRequest(id, version, call.clientId()));
        Outcomes.render(call, id, outcome, expected.map(ExpectedVersion::fromHeader).orElse(false), "deleted",
                signal.onCommit(r));
    }

    public void versions(Request r) throws IOException {
        FileId id = r.fileId();
        List<FileVersion> history = r.tree().history(id);
        if (history.isEmpty()) {
            throw ApiException.notFound("no file " + id).with("file_id", id.value());
        }
        RenamedFrom before = r.tree().renamedFrom(id).map(v -> new RenamedFrom(v.id().value(), v.version()))
                .orElse(null);
        r.call().respondJson(200, new History(id.value(), history.stream().map(Views::version).toList(), before));
    }

    public void version(Request r) throws IOException {
        HttpCall call = r.call();
        FileId id = r.fileId();
        long version = r.version();
        FileVersion v = r.tree().version(id, version).orElseThrow(() ->
                ApiException.notFound("no version " + version + " of " + id).with("file_id", id.value()));
        call.responseHeaders().set("ETag", ETags.of(v.version()));
        call.respondJson(200, Views.version(v));
    }

    public void restore(Request r) throws IOException {
        HttpCall call = r.call();
        FileId id = r.fileId();
        Tree service = r.tree();
        RestoreWrite body = Json.readBody(call, 64 * 1024, RestoreWrite.class,
                "restore takes application/json {\"version\": n, \"expected_version\": head}");
        ExpectedVersion expected = ExpectedVersion.require(call, optional(body.expectedVersion()), id, service);
        WriteOutcome outcome = service.restore(new RestoreRequest(id, body.version(), expected.version(),
                call.clientId()));
        Outcomes.render(call, id, outcome, expected.fromHeader(), "restored", signal.onCommit(r));
    }

    public void move(Request r) throws IOException {
        HttpCall call = r.call();
        FileId id = r.fileId();
        Tree service = r.tree();
        MoveWrite body = Json.readBody(call, 64 * 1024, MoveWrite.class,
                "move takes application/json {\"to\": \"new/id\", \"expected_version\": head}");
        FileId to = Wire.fileId(body.to());
        if (to.equals(id)) {
            throw ApiException.badRequest("the new id is the file's own id; nothing to move");
        }
        ExpectedVersion expected = ExpectedVersion.require(call, optional(body.expectedVersion()), id, service);
        if (expected.version() < 1) {
            throw ApiException.notFound("no file " + id).with("file_id", id.value());
        }
        WriteOutcome outcome = service.move(new MoveRequest(id, to, expected.version(), call.clientId()));
        if (outcome instanceof WriteOutcome.Conflict c && c.id().equals(to)) {
            throw new ApiException(409, "already_exists", "a file named " + to + " already exists; move it or "
                    + "delete it first").with("file_id", to.value()).with("current", Views.metadata(
                    c.current().orElseThrow()));
        }
        if (outcome instanceof WriteOutcome.Committed moved) {
            EventLog.info("Moved " + id + " → " + to, "event", "moved", "file_id", id, "to", to,
                    "client_id", call.clientId());
            // answered as the new name's write: 200 "moved" with its version (the old name now holds a tombstone)
            Outcomes.render(call, to, new WriteOutcome.Committed(moved.version(), false), false, "moved",
                    signal.onCommit(r));
            return;
        }
        Outcomes.render(call, id, outcome, expected.fromHeader(), "moved", signal.onCommit(r));
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
