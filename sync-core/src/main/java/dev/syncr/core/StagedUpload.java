package dev.syncr.core;

import java.util.Objects;
import java.util.Optional;

/** An upload whose content is already staged (see {@link SyncService#stage}). */
public record StagedUpload(FileId id, long expectedVersion, StagedBlob staged, Optional<String> claimedHash,
                           String clientId) {

    public StagedUpload {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(staged, "staged");
        Objects.requireNonNull(claimedHash, "claimedHash");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected_version must be 0 or more");
        }
    }
}
