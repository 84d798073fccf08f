package dev.syncr.core;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Delete a file by committing a tombstone. With an expected version the delete is conditional and can conflict;
 * without one it deletes whatever is current (the seed's plain DELETE).
 */
public record DeleteRequest(FileId id, OptionalLong expectedVersion, String clientId) {

    public DeleteRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() < 0) {
            throw new IllegalArgumentException("expected_version must be 0 or more");
        }
    }
}
