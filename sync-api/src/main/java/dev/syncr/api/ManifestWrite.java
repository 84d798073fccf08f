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
 * @param upload      optional: the name the chunks were sent under ({@code X-Syncr-Upload}), whose hash the server
 *                    took as they arrived, so it need not read them back
 */
public record ManifestWrite(List<ChunkInfo> chunks, String contentHash, Long size, Long expectedVersion,
                            Boolean merge, Boolean keepBoth, String upload) {

    public ManifestWrite(List<ChunkInfo> chunks, String contentHash, Long size, Long expectedVersion) {
        this(chunks, contentHash, size, expectedVersion, null, null, null);
    }

    public ManifestWrite(List<ChunkInfo> chunks, String contentHash, Long size, Long expectedVersion,
                         Boolean merge, Boolean keepBoth) {
        this(chunks, contentHash, size, expectedVersion, merge, keepBoth, null);
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
        if (upload != null && dev.syncr.core.chunk.RunningHash.checkedName(upload).isEmpty()) {
            throw InvalidBody.invalid("upload is the name the chunks were sent under: 1 to 64 letters, digits, "
                    + "'-' or '_'");
        }
        chunks = List.copyOf(chunks);
    }
}
