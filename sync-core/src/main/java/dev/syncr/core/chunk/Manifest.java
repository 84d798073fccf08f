package dev.syncr.core.chunk;

import dev.syncr.core.ContentHash;
import java.util.List;

/**
 * A version's content as its ordered chunks. {@code contentHash} stays the SHA-256 of the whole content (the seed's
 * {@code content_hash}), so clients that never see chunks are unaffected.
 */
public record Manifest(List<ChunkRef> chunks, String contentHash, long size) {

    public Manifest {
        chunks = List.copyOf(chunks);
        contentHash = ContentHash.parse(contentHash);
        long sum = chunks.stream().mapToLong(ChunkRef::size).sum();
        if (sum != size) {
            throw new IllegalArgumentException("the chunks add up to " + sum + " bytes, not " + size);
        }
    }
}
