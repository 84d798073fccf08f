package dev.syncr.core;

import java.util.Objects;

/** Make the content of an old {@code version} the new head, if the head is still {@code expectedVersion}. */
public record RestoreRequest(FileId id, long version, long expectedVersion, String clientId) {

    public RestoreRequest {
        Objects.requireNonNull(id, "id");
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more");
        }
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected_version must be 0 or more");
        }
    }
}
