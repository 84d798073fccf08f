package dev.syncr.core;

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

    /** Removes a blob. Only a sweep that checked {@link MetadataStore#references} may call this. */
    void delete(String key) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
