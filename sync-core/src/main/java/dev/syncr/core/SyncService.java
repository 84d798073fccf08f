package dev.syncr.core;

import dev.syncr.core.chunk.ChunkUpload;
import dev.syncr.core.chunk.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The sync rules, in one place: every write is checked against the version it was based on and committed with
 * the store's atomic compare-and-set. Stores only have to make that commit atomic; everything else (retries,
 * unchanged uploads, creates over tombstones) is decided here.
 *
 * <pre>{@code
 * var service = new SyncService(new InMemoryMetadataStore(), new InMemoryBlobStore());
 * var outcome = service.upload(new UploadRequest(FileId.of("doc.txt"), 0, in, "ClientA"));
 * switch (outcome) {
 *     case WriteOutcome.Committed c -> ... // c.version().version() == 1
 *     case WriteOutcome.Conflict c -> ...  // keep both
 *     ...
 * }
 * }</pre>
 */
public final class SyncService {

    /** Bounds the retries of an unconditional delete that keeps losing races to writers. */
    private static final int UNCONDITIONAL_DELETE_ATTEMPTS = 16;

    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final Clock clock;
    /** Shared by every namespace's view: the heap is one. */
    private final Semaphore chunkBuffers;
    private final ChunkStore chunks;

    public SyncService(MetadataStore metadata, BlobStore blobs, Clock clock) {
        this(metadata, blobs, clock, new Semaphore(ChunkStore.CHUNK_BUFFERS));
    }

    private SyncService(MetadataStore metadata, BlobStore blobs, Clock clock, Semaphore chunkBuffers) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.chunkBuffers = chunkBuffers;
        this.chunks = new ChunkStore(metadata, blobs, clock, chunkBuffers);
    }

    public SyncService(MetadataStore metadata, BlobStore blobs) {
        this(metadata, blobs, Clock.systemUTC());
    }

    /**
     * The same rules over the files of one namespace only. Content storage is shared underneath (content-addressed,
     * stored once), but every answer depends only on this namespace's files, so nothing observable tells whether
     * another namespace stores some content.
     */
    public SyncService in(Namespace namespace) {
        return new SyncService(metadata.in(namespace), blobs, clock, chunkBuffers);
    }

    /**
     * Streams the content into the blob store while hashing it, then commits it as {@code expectedVersion + 1}.
     * The blob is published before the metadata commit, so no version can ever point at missing bytes.
     */
    public WriteOutcome upload(UploadRequest request) throws IOException {
        try (StagedBlob staged = stage(request.content())) {
            return upload(new StagedUpload(request.id(), request.expectedVersion(), staged, request.claimedHash(),
                    request.clientId()));
        }
    }

    /**
     * Streams content into storage as chunks, hashing it. For callers that receive the bytes before they know which
     * file they belong to (a multipart form may put {@code file} before {@code file_id}).
     */
    public StagedBlob stage(InputStream content) throws IOException {
        return chunks.stage(content);
    }

    /** Commits staged content; the caller still owns (and closes) the staged blob. */
    public WriteOutcome upload(StagedUpload request) throws IOException {
        StagedBlob staged = request.staged();
        ContentRef content = staged.ref();
        Optional<String> claimed = request.claimedHash().map(ContentHash::normalize);
        if (claimed.isPresent() && !claimed.get().equals(content.hash())) {
            return new WriteOutcome.HashMismatch(claimed.get(), content.hash());
        }
        Optional<FileVersion> head = metadata.head(request.id());
        Optional<WriteOutcome> settled = settleAgainst(head, content, request.expectedVersion(), request.clientId());
        if (settled.isPresent()) {
            return settled.get();
        }
        long expected = effectiveExpected(head, request.expectedVersion());
        if (head.map(FileVersion::version).orElse(0L) != expected) {
            // Already lost: answer without publishing (its chunks stay for a retry; unreferenced ones are reclaimed).
            return new WriteOutcome.Conflict(request.id(), request.expectedVersion(), head);
        }
        staged.publish();
        return commit(request.id(), request.expectedVersion(), expected, content, request.clientId(),
                isCreate(head));
    }

    /** Deletes by committing a tombstone; see {@link DeleteRequest} for conditional vs. unconditional. */
    public WriteOutcome delete(DeleteRequest request) {
        FileId id = request.id();
        if (request.expectedVersion().isPresent()) {
            long expected = request.expectedVersion().getAsLong();
            Optional<FileVersion> head = metadata.head(id);
            if (head.isEmpty()) {
                return new WriteOutcome.NotFound(id, "no file " + id);
            }
            Optional<WriteOutcome> settled = settleAgainst(head, null, expected, request.clientId());
            if (settled.isPresent()) {
                return settled.get();
            }
            return commit(id, expected, expected, null, request.clientId(), false);
        }
        for (int attempt = 0; attempt < UNCONDITIONAL_DELETE_ATTEMPTS; attempt++) {
            Optional<FileVersion> head = metadata.head(id);
            if (head.isEmpty()) {
                return new WriteOutcome.NotFound(id, "no file " + id);
            }
            if (head.get().deleted()) {
                return new WriteOutcome.Unchanged(head.get());
            }
            WriteOutcome outcome = commit(id, head.get().version(), head.get().version(), null,
                    request.clientId(), false);
            if (!(outcome instanceof WriteOutcome.Conflict)) {
                return outcome;
            }
        }
        return new WriteOutcome.Conflict(id, -1, metadata.head(id));
    }

    /** Makes an old version's content the new head. The bytes are not copied: the new version shares the blob. */
    public WriteOutcome restore(RestoreRequest request) {
        Optional<FileVersion> old = metadata.version(request.id(), request.version());
        if (old.isEmpty()) {
            return new WriteOutcome.NotFound(request.id(), "no version " + request.version() + " of " + request.id());
        }
        if (old.get().deleted()) {
            return new WriteOutcome.Rejected("version " + request.version() + " of " + request.id()
                    + " is a delete; restore a version that has content");
        }
        ContentRef content = old.get().content();
        Optional<FileVersion> head = metadata.head(request.id());
        Optional<WriteOutcome> settled = settleAgainst(head, content, request.expectedVersion(), request.clientId());
        if (settled.isPresent()) {
            return settled.get();
        }
        long expected = effectiveExpected(head, request.expectedVersion());
        return commit(request.id(), request.expectedVersion(), expected, content, request.clientId(),
                isCreate(head));
    }

    public Optional<FileVersion> metadata(FileId id) {
        return metadata.head(id);
    }

    /** Live files, tombstones left out. */
    public List<FileVersion> list() {
        return metadata.list().stream().filter(r -> !r.deleted()).toList();
    }

    /** Every head, deletes included: what a sync client compares against. */
    public List<FileVersion> listIncludingDeleted() {
        return metadata.list();
    }

    public List<FileVersion> history(FileId id) {
        return metadata.history(id);
    }

    public Optional<FileVersion> version(FileId id, long version) {
        return metadata.version(id, version);
    }

    public ChangePage changes(long cursor, int limit) {
        return metadata.changes(cursor, limit);
    }

    public long latestCursor() {
        return metadata.latestCursor();
    }

    /** Opens the bytes of a version with content; callers check {@link FileVersion#deleted()} first. */
    public InputStream open(ContentRef content, long offset, long length) throws IOException {
        return chunks.open(content, offset, length);
    }

    // ---- chunks --------------------------------------------------------------------------------------------------

    /** The chunks, of those named, that this namespace does not hold yet (in the order asked, once each). */
    public List<String> missingChunks(Collection<String> hashes) {
        return chunks.missing(hashes);
    }

    /** Stores one chunk sent as {@code claimedHash} (see {@link ChunkStore#put}). */
    public ChunkUpload putChunk(String claimedHash, InputStream in) throws IOException {
        return chunks.put(claimedHash, in);
    }

    /** A chunk's bytes, if this namespace holds it; another namespace's chunk is as absent as one nobody has. */
    public Optional<InputStream> openChunk(String hash) throws IOException {
        return chunks.open(hash);
    }

    /** The chunks of a version's content, when it is stored as chunks (older versions are single blobs). */
    public Optional<Manifest> manifestOf(FileVersion version) {
        return chunks.manifestOf(version);
    }

    /**
     * Commits content this namespace has uploaded as chunks: the same outcomes as any write, plus
     * {@link WriteOutcome.MissingChunks} when a chunk named is not held (upload it, then retry). The whole content is
     * read back and hashed before the commit, so a version's {@code content_hash} is always its bytes' hash.
     */
    public WriteOutcome commitManifest(FileId id, long expectedVersion, Manifest manifest, String clientId)
            throws IOException {
        List<String> missing = chunks.renew(manifest);
        if (!missing.isEmpty()) {
            return new WriteOutcome.MissingChunks(id, missing);
        }
        Optional<FileVersion> head = metadata.head(id);
        ContentRef content = ChunkStore.contentOf(manifest);
        Optional<WriteOutcome> settled = settleAgainst(head, content, expectedVersion, clientId);
        if (settled.isPresent()) {
            return settled.get();
        }
        long expected = effectiveExpected(head, expectedVersion);
        if (head.map(FileVersion::version).orElse(0L) != expected) {
            return new WriteOutcome.Conflict(id, expectedVersion, head);
        }
        String actual = chunks.hashOf(manifest);
        if (!actual.equals(manifest.contentHash())) {
            return new WriteOutcome.HashMismatch(manifest.contentHash(), actual);
        }
        chunks.publish(manifest);
        return commit(id, expectedVersion, expected, content, clientId, isCreate(head));
    }

    public InputStream open(ContentRef content) throws IOException {
        return open(content, 0, -1);
    }

    /**
     * Decides a write without committing, when the head already reflects it. {@code content == null} is a delete.
     * A retry of our own winning write (head = expected + 1, same content, same client) is that win again; the
     * same content (or an already deleted file) from anyone else is unchanged.
     */
    private static Optional<WriteOutcome> settleAgainst(Optional<FileVersion> head, ContentRef content,
                                                        long expected, String clientId) {
        if (head.isEmpty()) {
            return Optional.empty();
        }
        FileVersion current = head.get();
        boolean sameContent = content == null
                ? current.deleted()
                : !current.deleted() && current.hash().equals(content.hash());
        if (!sameContent) {
            return Optional.empty();
        }
        if (current.version() == expected + 1 && Objects.equals(current.clientId(), clientId)) {
            return Optional.of(new WriteOutcome.Committed(current, expected == 0));
        }
        return Optional.of(new WriteOutcome.Unchanged(current));
    }

    /** "Create" (expected 0) over a tombstone continues the chain: versions never repeat. */
    private static long effectiveExpected(Optional<FileVersion> head, long expected) {
        if (expected == 0 && head.isPresent() && head.get().deleted()) {
            return head.get().version();
        }
        return expected;
    }

    private static boolean isCreate(Optional<FileVersion> head) {
        return head.isEmpty() || head.get().deleted();
    }

    private WriteOutcome commit(FileId id, long requestedExpected, long expected, ContentRef content, String clientId,
                                boolean creating) {
        CommitResult result = metadata.commit(new CommitRequest(id, expected, content, clientId,
                clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        return switch (result) {
            case CommitResult.Committed c -> new WriteOutcome.Committed(c.version(), creating);
            case CommitResult.Conflict c -> settleAgainst(c.current(), content, expected, clientId)
                    .orElseGet(() -> new WriteOutcome.Conflict(id, requestedExpected, c.current()));
        };
    }

}
