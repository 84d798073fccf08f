package dev.syncr.core;

import java.io.IOException;

/** Content that has been stored and hashed but is not yet visible under its key. */
public interface StagedBlob extends AutoCloseable {

    /** Hash, size and the key the content will have once published. */
    ContentRef ref();

    /**
     * Makes the content readable under {@code ref().storageKey()}, atomically and durably. Publishing content that
     * already exists is a no-op, which is what makes content addressing deduplicate.
     */
    void publish() throws IOException;

    /**
     * For content stored {@linkplain ContentRef#inline() inline}: its bytes, which the commit carries (publishing
     * then writes nothing). {@code null} for content in the blob store.
     */
    default byte[] inlineBytes() {
        return null;
    }

    /** Discards the content unless it was published. */
    @Override
    void close() throws IOException;
}
