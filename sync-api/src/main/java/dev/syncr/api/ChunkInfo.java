package dev.syncr.api;

import dev.syncr.core.ContentHash;

/** One chunk of a manifest: its SHA-256 and length (1 byte to 4 MiB). */
public record ChunkInfo(String hash, Integer size) {

    public ChunkInfo {
        if (hash == null) {
            throw InvalidBody.missing("hash", "each chunk's SHA-256");
        }
        if (size == null) {
            throw InvalidBody.missing("size", "each chunk's length");
        }
        try {
            hash = ContentHash.parse(hash);
        } catch (IllegalArgumentException e) {
            throw InvalidBody.invalid(e.getMessage());
        }
        if (size < 1 || size > 4 * 1024 * 1024) {
            throw InvalidBody.invalid("a chunk's size is 1 to 4194304 bytes, got " + size);
        }
    }
}
