package dev.syncr.core;

import dev.syncr.core.chunk.ChunkRef;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where file content lives, addressed by its SHA-256. Writing is two steps so nothing half-written or
 * unverified is ever visible under a content key: {@link #stage} streams the bytes to a private place while
 * hashing them, then {@link StagedBlob#publish} makes them readable under their key, atomically.
 *
 * <pre>{@code
 * try (StagedBlob staged = blobs.stage(in)) {
 *     if (claimed matches staged.ref().hash()) staged.publish();
 * }   // closing an unpublished blob discards it
 * }</pre>
 */
public interface BlobStore extends AutoCloseable {

    /** Reads {@code content} to its end, storing it privately and hashing it. Memory stays bounded. */
    StagedBlob stage(InputStream content) throws IOException;

    /**
     * Opens {@code length} bytes of a published blob from {@code offset} ({@code length < 0}: to the end).
     *
     * @throws java.nio.file.NoSuchFileException when no blob has that key
     */
    InputStream open(String key, long offset, long length) throws IOException;

    default InputStream open(String key) throws IOException {
        return open(key, 0, -1);
    }

    boolean exists(String key) throws IOException;

    /**
     * Stores one chunk under its content key unless it is there already. The caller has checked that the bytes hash
     * to {@code chunk.hash()} (so nothing unverified can ever appear under a key); the write is atomic. This default
     * stages and publishes; a store that can write a key atomically in one step (S3) does that instead.
     */
    default void putChunk(ChunkRef chunk, byte[] data, int offset) throws IOException {
        String key = ContentHash.storageKey(chunk.hash());
        if (exists(key)) {
            return;
        }
        try (StagedBlob staged = stage(new java.io.ByteArrayInputStream(data, offset, chunk.size()))) {
            if (!staged.ref().hash().equals(chunk.hash())) {
                throw new IllegalStateException("chunk bytes changed after they were verified: " + chunk.hash());
            }
            staged.publish();
        }
    }

    /**
     * As {@link #putChunk}, but the bytes are written (and flushed) even if the key exists, so that the call costs the
     * same either way: a caller must not learn from the time it took that another account stored the same chunk.
     * Replacing a key's bytes with the same bytes is harmless; a reader sees the old or the new, both whole.
     */
    default void putChunkAlways(ChunkRef chunk, byte[] data, int offset) throws IOException {
        try (StagedBlob staged = stage(new java.io.ByteArrayInputStream(data, offset, chunk.size()))) {
            if (!staged.ref().hash().equals(chunk.hash())) {
                throw new IllegalStateException("chunk bytes changed after they were verified: " + chunk.hash());
            }
            staged.publish();
        }
    }

    /** A published blob as a listing sees it. */
    record StoredBlob(String key, long size, java.time.Instant modified) {
    }

    /** Receives each blob of a listing. */
    interface BlobVisitor {
        void visit(StoredBlob blob) throws IOException;
    }

    /** Visits every published content blob (chunks and whole blobs; not staging), in no particular order. */
    void forEachBlob(BlobVisitor visitor) throws IOException;

    /**
     * Deletes staging leftovers (an upload cut off by a crash) last written before {@code before}; returns how many.
     * Staged content is never referenced, so age alone decides.
     */
    default int sweepStaging(java.time.Instant before) throws IOException {
        return 0;
    }

    /** Removes a blob. Only garbage collection, after {@link MetadataStore#startReclaim}, may call this. */
    void delete(String key) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
