package dev.syncr.core;

import java.util.Objects;

/**
 * Give {@code from}'s content the name {@code to}, if {@code from}'s head is still {@code expectedVersion} and
 * nothing live is named {@code to}: one transaction commits the content under the new name and a tombstone under the
 * old, so every device sees a rename, never a copy or a loss.
 */
public record MoveRequest(FileId from, FileId to, long expectedVersion, String clientId) {

    public MoveRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (expectedVersion < 1) {
            throw new IllegalArgumentException("expected_version must be 1 or more: only an existing file moves");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("a file cannot be moved onto itself");
        }
    }
}
