package dev.syncr.api;

import dev.syncr.core.ContentHash;
import java.util.List;

/**
 * {@code POST /files/{id}/manifest}: commit content already uploaded as chunks, in order. The same outcomes as any
 * write; a chunk not uploaded yet is a 400 {@code missing_chunks} naming it.
 *
 * @param contentHash SHA-256 of the whole content; the server checks it against the chunks' bytes
 * @param merge       as for a text write: merge if it loses a race and both edits are clean text
 * @param keepBoth    as for a text write: else keep it as a conflicted copy with a conflict record
 */
public record ManifestWrite(List<ChunkInfo> chunks, String contentHash, Long size, Long expectedVersion,
                            Boolean merge, Boolean keepBoth) {

    public ManifestWrite(List<ChunkInfo> chunks, String contentHash, Long size, Long expectedVersion) {
        this(chunks, contentHash, size, expectedVersion, null, null);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public ManifestWrite {
        if (chunks == null) {
            throw InvalidBody.missing("chunks", "the content's chunks in order");
        }
        if (contentHash == null) {
            throw InvalidBody.missing("content_hash", "SHA-256 of the whole content");
        }
        if (size == null) {
            throw InvalidBody.missing("size", "the content's length");
        }
        if (expectedVersion == null) {
            throw InvalidBody.missing("expected_version", "0 to create");
        }
        InvalidBody.requireVersion("expected_version", expectedVersion);
        try {
            contentHash = ContentHash.parse(contentHash);
        } catch (IllegalArgumentException e) {
            throw InvalidBody.invalid(e.getMessage());
        }
        long sum = chunks.stream().mapToLong(ChunkInfo::size).sum();
        if (sum != size) {
            throw InvalidBody.invalid("the chunks add up to " + sum + " bytes, not size " + size);
        }
        chunks = List.copyOf(chunks);
    }
}
