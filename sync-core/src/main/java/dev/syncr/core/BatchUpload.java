package dev.syncr.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One file of a batch upload (many small files in one request and one transaction): its whole content, in hand, based
 * on {@code expectedVersion} (0: create).
 *
 * @param claimedHash the SHA-256 the client computed, if it sent one; a mismatch commits nothing for
 *                    this file (its content may stay stored, unreferenced, until garbage collection)
 */
public record BatchUpload(FileId id, long expectedVersion, byte[] content, Optional<String> claimedHash) {

    public BatchUpload {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(claimedHash, "claimedHash");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected_version must be 0 or more");
        }
    }
}
