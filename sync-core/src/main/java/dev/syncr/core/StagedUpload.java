package dev.syncr.core;

import java.util.Objects;
import java.util.Optional;

/**
 * An upload whose content is already staged (see {@link SyncService#stage}).
 *
 * @param modifiedAt the writer's modification time of the content (a WebDAV client's {@code X-OC-Mtime});
 *                   {@code null} when it gave none
 */
public record StagedUpload(FileId id, long expectedVersion, StagedBlob staged, Optional<String> claimedHash,
                           String clientId, OnConflict onConflict, java.time.Instant modifiedAt) {

    public StagedUpload {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(staged, "staged");
        Objects.requireNonNull(claimedHash, "claimedHash");
        Objects.requireNonNull(onConflict, "onConflict");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected_version must be 0 or more");
        }
    }

    public StagedUpload(FileId id, long expectedVersion, StagedBlob staged, Optional<String> claimedHash,
                        String clientId, OnConflict onConflict) {
        this(id, expectedVersion, staged, claimedHash, clientId, onConflict, null);
    }

    public StagedUpload(FileId id, long expectedVersion, StagedBlob staged, Optional<String> claimedHash,
                        String clientId) {
        this(id, expectedVersion, staged, claimedHash, clientId, OnConflict.REJECT);
    }
}
