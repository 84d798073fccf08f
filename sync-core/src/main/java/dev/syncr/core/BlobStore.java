package dev.syncr.core;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where file content lives: blobs addressed by their SHA-256 (chunks, and the whole contents stored before chunking).
 * There is one way to write a blob, {@link #put}: bytes the caller has verified, written atomically and durably under
 * their key, so nothing half-written or unverified is ever visible under a key.
 */
public interface BlobStore extends AutoCloseable {

    /**
     * Opens {@code length} bytes of a blob from {@code offset} ({@code length < 0}: to the end).
     *
     * @throws java.nio.file.NoSuchFileException when no blob has that key
     */
    InputStream open(String key, long offset, long length) throws IOException;

    default InputStream open(String key) throws IOException {
        return open(key, 0, -1);
    }

    boolean exists(String key) throws IOException;

    /**
     * Writes {@code length} bytes under {@code key}, atomically and durably, whether or not the key exists, so that
     * the call costs the same either way: a caller must not learn from the time it took that another account stored
     * the same bytes. The caller has checked that they hash to the key; replacing a key's bytes with the same bytes
     * is harmless, a reader sees the old or the new, both whole.
     */
    void put(String key, byte[] data, int offset, int length) throws IOException;

    /** As {@link #put}, unless the key exists already: for bytes the caller held before, so timing tells it nothing new. */
    default void putIfAbsent(String key, byte[] data, int offset, int length) throws IOException {
        if (!exists(key)) {
            put(key, data, offset, length);
        }
    }

    /** A blob as a listing sees it. */
    record StoredBlob(String key, long size, java.time.Instant modified) {
    }

    /** Receives each blob of a listing. */
    interface BlobVisitor {
        void visit(StoredBlob blob) throws IOException;
    }

    /** Visits every content blob (chunks and whole blobs; not a write in progress), in no particular order. */
    void forEachBlob(BlobVisitor visitor) throws IOException;

    /**
     * Deletes the leftovers of writes cut off by a crash, last written before {@code before}; returns how many. They
     * are never referenced, so age alone decides.
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
