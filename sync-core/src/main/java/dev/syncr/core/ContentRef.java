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

    /** Where a chunked version's content is found: its manifest, under the whole content's hash. */
    static final String MANIFEST_PREFIX = "manifest:";

    /** The ref of content stored as chunks, found through the manifest saved under its hash. */
    public static ContentRef manifest(String hash, long size) {
        return new ContentRef(hash, size, MANIFEST_PREFIX + hash);
    }

    /** Whether the content is stored as chunks (a manifest), rather than as one blob. */
    public boolean chunked() {
        return storageKey.startsWith(MANIFEST_PREFIX);
    }

    /** The content-addressed ref for bytes with this hash and size. */
    public static ContentRef of(String hash, long size) {
        return new ContentRef(hash, size, ContentHash.storageKey(hash));
    }
}
