package dev.syncr.core;

import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * New content for a file, based on {@code expectedVersion} (0: create).
 *
 * @param claimedHash the SHA-256 the client computed, if it sent one; a mismatch commits nothing (chunks
 *                    already stored stay unreferenced until garbage collection)
 */
public record UploadRequest(FileId id, long expectedVersion, InputStream content, Optional<String> claimedHash,
                            String clientId, OnConflict onConflict) {

    public UploadRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(claimedHash, "claimedHash");
        Objects.requireNonNull(onConflict, "onConflict");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected_version must be 0 or more");
        }
    }

    public UploadRequest(FileId id, long expectedVersion, InputStream content, Optional<String> claimedHash,
                         String clientId) {
        this(id, expectedVersion, content, claimedHash, clientId, OnConflict.REJECT);
    }

    public UploadRequest(FileId id, long expectedVersion, InputStream content, String clientId) {
        this(id, expectedVersion, content, Optional.empty(), clientId);
    }
}
