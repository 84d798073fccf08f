package dev.syncr.core.chunk;

import dev.syncr.core.ContentHash;

/**
 * One chunk of a file's content: its SHA-256 (its id, wherever it is stored) and its length.
 *
 * @param hash lower-case hex SHA-256 of the chunk's bytes
 */
public record ChunkRef(String hash, int size) {

    public ChunkRef {
        hash = ContentHash.parse(hash);
        if (size < 1 || size > FastCdc.MAX_SIZE) {
            throw new IllegalArgumentException("a chunk has 1 to " + FastCdc.MAX_SIZE + " bytes, got " + size);
        }
    }
}
