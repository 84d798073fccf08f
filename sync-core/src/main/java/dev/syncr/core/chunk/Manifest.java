package dev.syncr.core.chunk;

import dev.syncr.core.ContentHash;
import java.util.List;
import java.util.OptionalLong;

/**
 * A version's content as its ordered chunks. {@code contentHash} stays the SHA-256 of the whole content (the seed's
 * {@code content_hash}), so clients that never see chunks are unaffected.
 *
 * <p>{@code crc32c} is the CRC-32C of the whole content, when the server computed it from the bytes it stored (every
 * manifest it saved since it keeps them). A download is checked against it: it catches damage in transit or at rest
 * as surely as SHA-256 for anything short of a forger (who could rewrite either), at a thirtieth of the CPU.
 */
public record Manifest(List<ChunkRef> chunks, String contentHash, long size, OptionalLong crc32c) {

    public Manifest {
        chunks = List.copyOf(chunks);
        contentHash = ContentHash.parse(contentHash);
        long sum = chunks.stream().mapToLong(ChunkRef::size).sum();
        if (sum != size) {
            throw new IllegalArgumentException("the chunks add up to " + sum + " bytes, not " + size);
        }
        if (crc32c.isPresent() && (crc32c.getAsLong() < 0 || crc32c.getAsLong() > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("a CRC-32C has 32 bits, got " + crc32c.getAsLong());
        }
    }

    /** A manifest whose content's CRC-32C is not known (one a client declares, or one saved before they were kept). */
    public Manifest(List<ChunkRef> chunks, String contentHash, long size) {
        this(chunks, contentHash, size, OptionalLong.empty());
    }

    public Manifest withCrc32c(long crc) {
        return new Manifest(chunks, contentHash, size, OptionalLong.of(crc));
    }
}
