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

    /** Where content small enough to live in the database is found: beside the metadata, under its hash. */
    static final String INLINE_PREFIX = "inline:";

    /**
     * Content up to this size is stored inline: in the database, in the same statement that commits its version, so
     * a small write costs one round trip and one flush, not a blob write and its fsync as well. A file system
     * stores files this small in a block of their own anyway; 4 KiB of a row costs no more.
     */
    public static final int INLINE_MAX_BYTES = 4096;

    /** The ref of content stored inline (see {@link #INLINE_MAX_BYTES}). */
    public static ContentRef inline(String hash, long size) {
        if (size > INLINE_MAX_BYTES) {
            throw new IllegalArgumentException("too large to store inline: " + size + " bytes");
        }
        return new ContentRef(hash, size, INLINE_PREFIX + hash);
    }

    /** Whether the content is stored inline, in the database, rather than in the blob store. */
    public boolean inline() {
        return storageKey.startsWith(INLINE_PREFIX);
    }

    /** The content-addressed ref for bytes with this hash and size. */
    public static ContentRef of(String hash, long size) {
        return new ContentRef(hash, size, ContentHash.storageKey(hash));
    }
}
