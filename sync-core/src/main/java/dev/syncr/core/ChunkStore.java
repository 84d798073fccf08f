package dev.syncr.core;

import dev.syncr.core.chunk.ChunkRef;
import dev.syncr.core.chunk.ChunkUpload;
import dev.syncr.core.chunk.ChunkedContent;
import dev.syncr.core.chunk.Chunker;
import dev.syncr.core.chunk.FastCdc;
import dev.syncr.core.chunk.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.zip.CRC32C;

/**
 * How {@link SyncService} stores and reads content as chunks, in one namespace: chunking uploads, the chunk protocol
 * (which chunks are missing, storing one, reading one), manifests, and the holds that keep garbage collection off
 * chunks an upload or a commit is using.
 */
final class ChunkStore {

    /** Chunk uploads held in memory at once: each may be {@link FastCdc#MAX_SIZE}, so this bounds the heap they use. */
    static final int CHUNK_BUFFERS = 16;
    /**
     * Of those, how many one account may hold: a quarter, so that one account's uploads (or a few that trickle in a
     * byte at a time) leave the rest for everyone else.
     */
    static final int CHUNK_BUFFERS_PER_ACCOUNT = CHUNK_BUFFERS / 4;

    /** The server's chunk buffers, and each account's share of them. */
    static final class Buffers {
        private final Semaphore all = new Semaphore(CHUNK_BUFFERS, true);
        private final java.util.Map<Namespace, Semaphore> accounts = new java.util.concurrent.ConcurrentHashMap<>();

        /** Chunk uploads holding a buffer now, over every account. */
        int inUse() {
            return CHUNK_BUFFERS - all.availablePermits();
        }

        /** The buffers as one namespace may take them: its share first, then one of the server's. */
        Share of(Namespace namespace) {
            return new Share(accounts.computeIfAbsent(namespace, n -> new Semaphore(CHUNK_BUFFERS_PER_ACCOUNT, true)),
                    all);
        }
    }

    /** One namespace's way to a chunk buffer. */
    record Share(Semaphore account, Semaphore all) {

        void acquire() {
            account.acquireUninterruptibly(); // waiting here holds none of the server's buffers
            all.acquireUninterruptibly();
        }

        void release() {
            all.release();
            account.release();
        }
    }

    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final Clock clock;
    private final Share chunkBuffers;

    ChunkStore(MetadataStore metadata, BlobStore blobs, Clock clock, Share chunkBuffers) {
        this.metadata = metadata;
        this.blobs = blobs;
        this.clock = clock;
        this.chunkBuffers = chunkBuffers;
    }

    /**
     * Streams content into the blob store's staging area, hashing it. For callers that receive the bytes before they
     * know which file they belong to (a multipart form may put {@code file} before {@code file_id}).
     */
    StagedBlob stage(InputStream content) throws IOException {
        // Small content (one chunk) is only hashed here and written when it is published: a write that turns out to
        // have lost its race (most, on a busy file) then costs no storage work at all.
        byte[] head = content.readNBytes(FastCdc.MIN_SIZE + 1);
        if (head.length <= ContentRef.INLINE_MAX_BYTES) {
            return new StagedInline(head);
        }
        if (head.length <= FastCdc.MIN_SIZE) {
            return new StagedSmall(head);
        }
        // As chunks, like the chunk protocol: content stored twice, or edited a little, shares its chunks, and each
        // chunk goes straight to its final key. Chunks are written while the next ones arrive (a few at once: a
        // chunk's write ends with an fsync), and are this namespace's from now on (it sent their bytes); the manifest
        // is saved when the staged content is published.
        Manifest manifest;
        try (BackgroundWrites writes = new BackgroundWrites()) {
            manifest = Chunker.chunk(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), content),
                    (chunk, offset, data, from) -> store(chunk, data, from, writes));
            writes.awaitAll();
        }
        return new StagedChunks(manifest);
    }

    /** Content small enough to be stored inline: held in memory, and saved by the commit that references it. */
    private record StagedInline(byte[] inlineBytes, ContentRef ref) implements StagedBlob {
        StagedInline(byte[] bytes) {
            this(bytes, ContentRef.inline(ContentHash.of(bytes), bytes.length));
        }

        @Override
        public void publish() {
            // the commit carries the bytes
        }

        @Override
        public void close() {
            // nothing was written
        }
    }

    /** Content of one chunk, held in memory until published: then stored like any chunk. */
    private final class StagedSmall implements StagedBlob {
        private final byte[] bytes;
        private final String hash;

        StagedSmall(byte[] bytes) {
            this.bytes = bytes;
            this.hash = ContentHash.of(bytes);
        }

        @Override
        public ContentRef ref() {
            return ContentRef.of(hash, bytes.length);
        }

        @Override
        public void publish() throws IOException {
            store(new ChunkRef(hash, bytes.length), bytes, 0, ChunkStore.this::put);
        }

        @Override
        public void close() {
            // nothing was written before publishing
        }
    }

    /**
     * One upload's chunk writes, a few at once beside the chunking, each on a copy of its chunk (the chunker reuses
     * its buffer).
     */
    private final class BackgroundWrites implements ChunkWriter, AutoCloseable {
        /** Writes running at once for an upload's chunks, so copies held stay a few chunks. */
        private static final int IN_FLIGHT = 3;
        /**
         * For a batch of small contents (at most {@link FastCdc#MIN_SIZE} each): many more at once, so their fsyncs
         * overlap (a journaling file system commits concurrent ones together) while the copies stay small.
         */
        private static final int SMALL_IN_FLIGHT = 32;
        private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
        private final Semaphore inFlight;

        BackgroundWrites() {
            this(IN_FLIGHT);
        }

        BackgroundWrites(int inFlight) {
            this.inFlight = new Semaphore(inFlight);
        }
        private final List<Future<?>> writes = new ArrayList<>();

        @Override
        public void write(ChunkRef chunk, byte[] data, int from, boolean always) {
            byte[] copy = Arrays.copyOfRange(data, from, from + chunk.size());
            inFlight.acquireUninterruptibly();
            writes.add(writers.submit(() -> {
                try {
                    put(chunk, copy, 0, always);
                    return null;
                } finally {
                    inFlight.release();
                }
            }));
        }

        void awaitAll() throws IOException {
            for (Future<?> write : writes) {
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
        }

        /** Waits for writes still running (after a failure too), so none outlives the upload. */
        @Override
        public void close() {
            writers.close();
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
            ChunkStore.this.publish(manifest);
        }

        @Override
        public void close() {
            // chunks stay: they are content-addressed, and unreferenced ones are reclaimed by garbage collection
        }
    }

    /** One chunk is the content itself (same hash, same key); more are found through the manifest. */
    static ContentRef contentOf(Manifest manifest) {
        return manifest.chunks().size() <= 1
                ? ContentRef.of(manifest.contentHash(), manifest.size())
                : ContentRef.manifest(manifest.contentHash(), manifest.size());
    }

    /** Makes content committed as chunks findable: its manifest (or, for empty content, its empty blob). */
    void publish(Manifest manifest) throws IOException {
        if (manifest.chunks().isEmpty()) {
            // the empty file's blob, which no chunk provides
            blobs.putIfAbsent(ContentHash.storageKey(ContentHash.of(new byte[0])), new byte[0], 0, 0);
        } else if (manifest.chunks().size() > 1) {
            metadata.saveManifest(manifest);
        }
    }

    /**
     * Stores many small contents (each at most {@link FastCdc#MIN_SIZE}, so each is one chunk) for a batch upload,
     * with the bookkeeping done once for all: one hold, one reclaim check, one renewal, and the chunk writes a few at
     * once. The same protocol as {@link #store}, so garbage collection stays just as safe. Content small enough to be
     * stored inline (most, in a tree of small files) is not written here: its commit carries it. Returns each
     * content's reference, in order, ready to commit.
     */
    List<ContentRef> storeSmall(List<byte[]> contents) throws IOException {
        List<ContentRef> refs = new ArrayList<>();
        java.util.Map<String, ChunkRef> chunks = new java.util.LinkedHashMap<>(); // distinct ones for the blob store
        java.util.Map<String, byte[]> bytesOf = new java.util.HashMap<>();
        for (byte[] content : contents) {
            if (content.length > FastCdc.MIN_SIZE) {
                throw new IllegalArgumentException("not a small content: " + content.length + " bytes");
            }
            String hash = ContentHash.of(content);
            if (content.length <= ContentRef.INLINE_MAX_BYTES) {
                refs.add(ContentRef.inline(hash, content.length));
                continue;
            }
            refs.add(ContentRef.of(hash, content.length));
            if (chunks.putIfAbsent(hash, new ChunkRef(hash, content.length)) == null) {
                bytesOf.put(hash, content);
            }
        }
        List<String> hashes = List.copyOf(chunks.keySet());
        if (!hashes.isEmpty()) {
            Set<String> fresh = metadata.holdChunks(hashes, clock.instant());
            for (String hash : metadata.reclaiming(hashes)) {
                awaitNoReclaim(hash);
            }
            try (BackgroundWrites writes = new BackgroundWrites(BackgroundWrites.SMALL_IN_FLIGHT)) {
                for (ChunkRef chunk : chunks.values()) {
                    writes.write(chunk, bytesOf.get(chunk.hash()), 0, fresh.contains(chunk.hash()));
                }
                writes.awaitAll();
            }
            if (!metadata.renewChunks(hashes, clock.instant()).containsAll(hashes)) {
                throw new StoreException("some chunks of this batch were reclaimed before it was committed; "
                        + "send it again", null);
            }
        }
        return refs;
    }

    /** A version's whole content, with the CRC-32C its manifest keeps (none for content stored otherwise). */
    WholeContent openWhole(ContentRef content) throws IOException {
        if (content.chunked()) {
            Manifest manifest = storedManifest(content);
            return new WholeContent(ChunkedContent.open(blobs, manifest, 0, -1), manifest.crc32c());
        }
        return new WholeContent(open(content, 0, -1), OptionalLong.empty());
    }

    /** A version's bytes: from its chunks, or its one blob. */
    InputStream open(ContentRef content, long offset, long length) throws IOException {
        if (content.inline()) {
            byte[] bytes = inlineBytes(content);
            int from = (int) Math.min(offset, bytes.length);
            int to = length < 0 ? bytes.length : (int) Math.min(bytes.length, from + length);
            return new java.io.ByteArrayInputStream(bytes, from, to - from);
        }
        if (content.chunked()) {
            return ChunkedContent.open(blobs, storedManifest(content), offset, length);
        }
        return blobs.open(content.storageKey(), offset, length);
    }

    /** The manifest a version's chunked content was committed with; a version points at it, so it must be there. */
    private Manifest storedManifest(ContentRef content) throws java.nio.file.NoSuchFileException {
        return metadata.manifest(content.hash()).orElseThrow(() -> new java.nio.file.NoSuchFileException(
                "no manifest for " + content.hash()));
    }

    /** The bytes of inline content, which its version's commit saved. */
    byte[] inlineBytes(ContentRef content) throws IOException {
        return metadata.inlineContent(content.hash()).orElseThrow(() -> new java.nio.file.NoSuchFileException(
                "no inline content " + content.hash()));
    }

    /** The bytes of those of {@code contents} stored inline, by hash, read together. */
    java.util.Map<String, byte[]> inlineBytes(Collection<ContentRef> contents) {
        return metadata.inlineContents(contents.stream().filter(ContentRef::inline).map(ContentRef::hash)
                .distinct().toList());
    }

    /** The chunks, of those named, that this namespace does not hold yet (in the order asked, once each). */
    List<String> missing(Collection<String> hashes) {
        Set<String> held = metadata.heldChunks(hashes);
        Set<String> reclaiming = metadata.reclaiming(hashes);
        return hashes.stream().distinct().filter(h -> !held.contains(h) || reclaiming.contains(h)).toList();
    }

    /**
     * Takes this namespace's hold on a chunk, then writes its bytes (see {@link #put}). The order is what
     * makes garbage collection safe beside uploads: a reclaim checks holds after it announced itself, and an upload
     * checks for reclaims after it took its hold, so either the reclaim sees the hold and backs off, or the upload
     * sees the reclaim, waits for it to finish and writes the bytes again.
     */
    private void store(ChunkRef chunk, byte[] data, int from, ChunkWriter writer) throws IOException {
        boolean fresh = !metadata.holdChunks(List.of(chunk.hash()), clock.instant()).isEmpty();
        awaitNoReclaim(chunk.hash());
        writer.write(chunk, data, from, fresh);
    }

    /**
     * Writes one chunk's bytes. A chunk this namespace held before is skipped if its bytes are there; any other is
     * written whether or not they are ({@code always}), so storing a chunk another account stored costs the same as
     * storing a new one: no timing tells a caller that someone else holds some content.
     */
    private void put(ChunkRef chunk, byte[] data, int from, boolean always) throws IOException {
        String key = ContentHash.storageKey(chunk.hash());
        if (always) {
            blobs.put(key, data, from, chunk.size());
        } else {
            blobs.putIfAbsent(key, data, from, chunk.size());
        }
    }

    /** Writes one chunk's bytes (now, or handed to a pool); {@code always}: even if they are there already. */
    private interface ChunkWriter {
        void write(ChunkRef chunk, byte[] data, int from, boolean always) throws IOException;
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
     * a few such buffers at once), hashed, and only then written under its key and granted to this namespace. The
     * bytes go straight into one array sized for most chunks (grown once for a larger one), not gathered in small
     * pieces and copied together.
     */
    ChunkUpload put(String claimedHash, InputStream in) throws IOException {
        chunkBuffers.acquire();
        try {
            byte[] bytes = new byte[2 * FastCdc.AVERAGE_SIZE];
            int length = in.readNBytes(bytes, 0, bytes.length);
            if (length == bytes.length) { // a chunk larger than most: room for the largest, and one byte to see more
                bytes = java.util.Arrays.copyOf(bytes, FastCdc.MAX_SIZE + 1);
                length += in.readNBytes(bytes, length, bytes.length - length);
            }
            if (length == 0 || length > FastCdc.MAX_SIZE) {
                return new ChunkUpload.BadSize(length);
            }
            String actual = ContentHash.of(bytes, 0, length);
            if (!actual.equals(claimedHash)) {
                return new ChunkUpload.HashMismatch(claimedHash, actual);
            }
            ChunkRef chunk = new ChunkRef(actual, length);
            store(chunk, bytes, 0, this::put);
            return new ChunkUpload.Stored(chunk);
        } finally {
            chunkBuffers.release();
        }
    }

    /** A chunk's bytes, if this namespace holds it; another namespace's chunk is as absent as one nobody has. */
    Optional<InputStream> open(String hash) throws IOException {
        if (!metadata.heldChunks(List.of(hash)).contains(hash)) {
            return Optional.empty();
        }
        return Optional.of(blobs.open(ContentHash.storageKey(hash)));
    }

    /** The chunks of a version's content, when it is stored as chunks (older versions are single blobs). */
    Optional<Manifest> manifestOf(FileVersion version) {
        if (version.deleted()) {
            return Optional.empty();
        }
        ContentRef content = version.content();
        if (content.inline()) {
            return Optional.empty(); // a few KiB: fetched whole
        }
        if (content.chunked()) {
            return metadata.manifestFor(content.hash()); // this namespace's own cut points, and only what it holds
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
     * Keeps the stored bytes of content an existing version has alive for a new version that is about to reference it
     * (a restore): renews this namespace's holds on its chunks, or takes one where there was none (content stored
     * whole, before chunking), then makes sure none is being reclaimed and that bytes without a hold are there.
     * Garbage collection's reclaim checks holds after it announced itself, so after this either the reclaim sees the
     * hold and backs off, or it had already started and this sees it. Returns the chunks that are gone (the content
     * can no longer be referenced); empty for inline content, which the commit carries itself.
     */
    List<String> keepAlive(ContentRef content) throws IOException {
        if (content.inline() || content.size() == 0) {
            return List.of();
        }
        List<String> hashes;
        if (content.chunked()) {
            Optional<Manifest> manifest = metadata.manifest(content.hash());
            if (manifest.isEmpty()) {
                return List.of(content.hash());
            }
            hashes = manifest.get().chunks().stream().map(ChunkRef::hash).distinct().toList();
        } else {
            hashes = List.of(content.hash());
        }
        Set<String> held = metadata.renewChunks(hashes, clock.instant());
        List<String> unheld = hashes.stream().filter(h -> !held.contains(h)).toList();
        if (unheld.isEmpty()) {
            return List.of();
        }
        metadata.holdChunks(unheld, clock.instant());
        Set<String> reclaiming = metadata.reclaiming(unheld);
        List<String> gone = new ArrayList<>();
        for (String hash : unheld) {
            if (reclaiming.contains(hash) || !blobs.exists(ContentHash.storageKey(hash))) {
                gone.add(hash);
            }
        }
        return gone;
    }

    /**
     * Renews this namespace's holds on a manifest's chunks before a version is made of them (garbage collection then
     * stays off them); returns those it does not hold, or that are being reclaimed: they must be uploaded again.
     */
    List<String> renew(Manifest manifest) {
        List<String> hashes = manifest.chunks().stream().map(ChunkRef::hash).distinct().toList();
        Set<String> held = metadata.renewChunks(hashes, clock.instant());
        return hashes.stream().filter(h -> !held.contains(h)).toList();
    }

    /** Bytes of chunks a manifest names more than once, kept while it is read back so each is read once. */
    static final long REPEATED_CHUNKS_KEPT = 64L * 1024 * 1024;

    /**
     * The manifest as its chunks' bytes, read back from storage, show it to be: with the SHA-256 and CRC-32C of those
     * bytes (a caller compares the hash with the one claimed). A chunk named more than once is read once and its bytes
     * kept for its other places (up to {@value #REPEATED_CHUNKS_KEPT} bytes of such chunks; past that, read again):
     * a manifest that repeats one chunk costs hashing, not storage reads.
     */
    Manifest readBack(Manifest manifest) throws IOException {
        MessageDigest sha = ContentHash.newDigest();
        CRC32C crc = new CRC32C();
        java.util.Map<String, Integer> uses = new java.util.HashMap<>();
        manifest.chunks().forEach(c -> uses.merge(c.hash(), 1, Integer::sum));
        java.util.Map<String, byte[]> kept = new java.util.HashMap<>();
        long keptBytes = 0;
        byte[] buffer = new byte[256 * 1024];
        for (ChunkRef chunk : manifest.chunks()) {
            byte[] bytes = kept.get(chunk.hash());
            if (bytes == null && uses.get(chunk.hash()) > 1 && keptBytes + chunk.size() <= REPEATED_CHUNKS_KEPT) {
                try (InputStream in = blobs.open(ContentHash.storageKey(chunk.hash()), 0, chunk.size())) {
                    bytes = in.readAllBytes();
                }
                kept.put(chunk.hash(), bytes);
                keptBytes += bytes.length;
            }
            if (bytes != null) {
                sha.update(bytes);
                crc.update(bytes);
                continue;
            }
            try (InputStream in = blobs.open(ContentHash.storageKey(chunk.hash()), 0, chunk.size())) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    sha.update(buffer, 0, n);
                    crc.update(buffer, 0, n);
                }
            }
        }
        return new Manifest(manifest.chunks(), HexFormat.of().formatHex(sha.digest()), manifest.size(),
                OptionalLong.of(crc.getValue()));
    }
}
