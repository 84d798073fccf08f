package dev.syncr.core;

import java.util.Objects;

/**
 * Where a version's bytes live and what they are: SHA-256 (lowercase hex), size, and the blob store key.
 * Keys are content-addressed, so identical content always has the same key.
 */
public record ContentRef(String hash, long size, String storageKey) {

    public ContentRef {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(storageKey, "storageKey");
        if (!ContentHash.isValid(hash)) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + hash);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }

    /** The content-addressed ref for bytes with this hash and size. */
    public static ContentRef of(String hash, long size) {
        return new ContentRef(hash, size, ContentHash.storageKey(hash));
    }
}
