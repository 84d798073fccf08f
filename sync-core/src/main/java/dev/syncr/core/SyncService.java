package dev.syncr.core;

import dev.syncr.core.chunk.ChunkRef;
import dev.syncr.core.chunk.ChunkUpload;
import dev.syncr.core.chunk.ChunkedContent;
import dev.syncr.core.chunk.Chunker;
import dev.syncr.core.chunk.FastCdc;
import dev.syncr.core.chunk.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    /** Chunk uploads held in memory at once: each may be {@link FastCdc#MAX_SIZE}, so this bounds the heap they use. */
    static final int CHUNK_BUFFERS = 16;

    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final Clock clock;
    /** Shared by every namespace's view: the heap is one. */
    private final Semaphore chunkBuffers;

    public SyncService(MetadataStore metadata, BlobStore blobs, Clock clock) {
        this(metadata, blobs, clock, new Semaphore(CHUNK_BUFFERS));
    }

    private SyncService(MetadataStore metadata, BlobStore blobs, Clock clock, Semaphore chunkBuffers) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.chunkBuffers = chunkBuffers;
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
     * Streams content into the blob store's staging area, hashing it. For callers that receive the bytes before they
     * know which file they belong to (a multipart form may put {@code file} before {@code file_id}).
     */
    public StagedBlob stage(InputStream content) throws IOException {
        // As chunks, like the chunk protocol: content stored twice, or edited a little, shares its chunks, and each
        // chunk goes straight to its final key. Chunks are written while the next ones arrive (a few at once: a
        // chunk's write ends with an fsync), and are this namespace's from now on (it sent their bytes); the manifest
        // is saved when the staged content is published.
        List<Future<?>> writes = new ArrayList<>();
        Semaphore inFlight = new Semaphore(CHUNK_WRITES_IN_FLIGHT);
        Manifest manifest;
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                manifest = Chunker.chunk(content, (chunk, offset, data, from) -> store(chunk, data, from,
                        (c, bytes, at) -> {
                            byte[] copy = Arrays.copyOfRange(bytes, at, at + c.size());
                            inFlight.acquireUninterruptibly();
                            writes.add(writers.submit(() -> {
                                try {
                                    blobs.putChunk(c, copy, 0);
                                    return null;
                                } finally {
                                    inFlight.release();
                                }
                            }));
                        }));
            } finally {
                for (Future<?> write : writes) {
                    awaitWrite(write);
                }
            }
        }
        return new StagedChunks(manifest);
    }

    /** Chunk writes of one upload running at once, each holding a copy of its chunk. */
    private static final int CHUNK_WRITES_IN_FLIGHT = 3;

    private static void awaitWrite(Future<?> write) throws IOException {
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while storing chunks", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Content stored as chunks, visible as a version's content once published (its manifest saved). */
    private final class StagedChunks implements StagedBlob {
        private final Manifest manifest;

        StagedChunks(Manifest manifest) {
            this.manifest = manifest;
        }

        @Override
        public ContentRef ref() {
            return contentOf(manifest);
        }

        @Override
        public void publish() throws IOException {
            List<String> hashes = manifest.chunks().stream().map(ChunkRef::hash).toList();
            if (!metadata.renewChunks(hashes, clock.instant()).containsAll(hashes)) {
                // held for longer than garbage collection's grace period, and reclaimed meanwhile
                throw new StoreException("some chunks of this upload were reclaimed before it was committed; "
                        + "upload again", null);
            }
            saveManifest(manifest);
        }

        @Override
        public void close() {
            // chunks stay: they are content-addressed, and unreferenced ones are reclaimed by garbage collection
        }
    }

    /** One chunk is the content itself (same hash, same key); more are found through the manifest. */
    private static ContentRef contentOf(Manifest manifest) {
        return manifest.chunks().size() <= 1
                ? ContentRef.of(manifest.contentHash(), manifest.size())
                : ContentRef.manifest(manifest.contentHash(), manifest.size());
    }

    private void saveManifest(Manifest manifest) throws IOException {
        if (manifest.chunks().isEmpty()) {
            try (StagedBlob empty = blobs.stage(InputStream.nullInputStream())) {
                empty.publish(); // the empty file's blob, which no chunk provides
            }
        } else if (manifest.chunks().size() > 1) {
            metadata.saveManifest(manifest);
        }
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
        if (content.chunked()) {
            Manifest manifest = metadata.manifest(content.hash()).orElseThrow(() -> new java.nio.file
                    .NoSuchFileException("no manifest for " + content.hash()));
            return ChunkedContent.open(blobs, manifest, offset, length);
        }
        return blobs.open(content.storageKey(), offset, length);
    }

    // ---- chunks --------------------------------------------------------------------------------------------------

    /** The chunks, of those named, that this namespace does not hold yet (in the order asked, once each). */
    public List<String> missingChunks(Collection<String> hashes) {
        Set<String> held = metadata.heldChunks(hashes);
        Set<String> reclaiming = metadata.reclaiming(hashes);
        return hashes.stream().distinct().filter(h -> !held.contains(h) || reclaiming.contains(h)).toList();
    }

    /**
     * Takes this namespace's hold on a chunk, then writes its bytes unless they are there already. The order is what
     * makes garbage collection safe beside uploads: a reclaim checks holds after it announced itself, and an upload
     * checks for reclaims after it took its hold, so either the reclaim sees the hold and backs off, or the upload
     * sees the reclaim, waits for it to finish and writes the bytes again.
     */
    private void store(ChunkRef chunk, byte[] data, int from, ChunkWriter writer) throws IOException {
        metadata.holdChunks(List.of(chunk.hash()), clock.instant());
        awaitNoReclaim(chunk.hash());
        writer.write(chunk, data, from);
    }

    /** Writes one chunk's bytes (now, or handed to a pool). */
    private interface ChunkWriter {
        void write(ChunkRef chunk, byte[] data, int from) throws IOException;
    }

    private void awaitNoReclaim(String hash) throws IOException {
        long deadline = System.nanoTime() + RECLAIM_WAIT.toNanos();
        while (!metadata.reclaiming(List.of(hash)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new StoreException("chunk " + hash + " is still being reclaimed after " + RECLAIM_WAIT
                        + "; retry", null);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while a chunk was being reclaimed", e);
            }
        }
    }

    /** A reclaim deletes one chunk's bytes: milliseconds; this is generous for a store that is slow right now. */
    private static final java.time.Duration RECLAIM_WAIT = java.time.Duration.ofSeconds(60);

    /**
     * Stores one chunk sent as {@code claimedHash}: read whole (at most {@link FastCdc#MAX_SIZE} bytes, with at most
     * a few such buffers at once), hashed, and only then written under its key and granted to this namespace.
     */
    public ChunkUpload putChunk(String claimedHash, InputStream in) throws IOException {
        chunkBuffers.acquireUninterruptibly();
        try {
            byte[] bytes = in.readNBytes(FastCdc.MAX_SIZE + 1);
            if (bytes.length == 0 || bytes.length > FastCdc.MAX_SIZE) {
                return new ChunkUpload.BadSize(bytes.length);
            }
            String actual = ContentHash.of(bytes);
            if (!actual.equals(claimedHash)) {
                return new ChunkUpload.HashMismatch(claimedHash, actual);
            }
            ChunkRef chunk = new ChunkRef(actual, bytes.length);
            store(chunk, bytes, 0, blobs::putChunk);
            return new ChunkUpload.Stored(chunk);
        } finally {
            chunkBuffers.release();
        }
    }

    /** A chunk's bytes, if this namespace holds it; another namespace's chunk is as absent as one nobody has. */
    public Optional<InputStream> openChunk(String hash) throws IOException {
        if (!metadata.heldChunks(List.of(hash)).contains(hash)) {
            return Optional.empty();
        }
        return Optional.of(blobs.open(ContentHash.storageKey(hash)));
    }

    /** The chunks of a version's content, when it is stored as chunks (older versions are single blobs). */
    public Optional<Manifest> manifestOf(FileVersion version) {
        if (version.deleted()) {
            return Optional.empty();
        }
        ContentRef content = version.content();
        if (content.chunked()) {
            return metadata.manifest(content.hash());
        }
        if (content.size() > 0 && content.size() <= FastCdc.MAX_SIZE
                && !metadata.heldChunks(List.of(content.hash())).isEmpty()) {
            // one chunk that is the whole content: its blob is that chunk
            return Optional.of(new Manifest(List.of(new ChunkRef(content.hash(), (int) content.size())),
                    content.hash(), content.size()));
        }
        return Optional.empty();
    }

    /**
     * Commits content this namespace has uploaded as chunks: the same outcomes as any write, plus
     * {@link WriteOutcome.MissingChunks} when a chunk named is not held (upload it, then retry). The whole content is
     * read back and hashed before the commit, so a version's {@code content_hash} is always its bytes' hash.
     */
    public WriteOutcome commitManifest(FileId id, long expectedVersion, Manifest manifest, String clientId)
            throws IOException {
        List<String> hashes = manifest.chunks().stream().map(ChunkRef::hash).distinct().toList();
        // renewing the holds keeps garbage collection off these chunks while the version is made of them
        Set<String> held = metadata.renewChunks(hashes, clock.instant());
        List<String> missing = hashes.stream().filter(h -> !held.contains(h)).toList();
        if (!missing.isEmpty()) {
            return new WriteOutcome.MissingChunks(id, missing);
        }
        Optional<FileVersion> head = metadata.head(id);
        ContentRef content = contentOf(manifest);
        Optional<WriteOutcome> settled = settleAgainst(head, content, expectedVersion, clientId);
        if (settled.isPresent()) {
            return settled.get();
        }
        long expected = effectiveExpected(head, expectedVersion);
        if (head.map(FileVersion::version).orElse(0L) != expected) {
            return new WriteOutcome.Conflict(id, expectedVersion, head);
        }
        String actual;
        try (InputStream in = ChunkedContent.open(blobs, manifest, 0, -1)) {
            ContentHash.Hashing hashing = ContentHash.hashing(in);
            hashing.transferTo(java.io.OutputStream.nullOutputStream());
            actual = hashing.finish().hash();
        }
        if (!actual.equals(manifest.contentHash())) {
            return new WriteOutcome.HashMismatch(manifest.contentHash(), actual);
        }
        saveManifest(manifest);
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
