package dev.syncr.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A new version to commit if, and only if, the file's head is still {@code expectedVersion} (0: the file has no
 * version yet).
 *
 * @param content {@code null} commits a tombstone
 * @param merge   the versions a server-side merge joined, recorded with the version; {@code null} for a plain write
 */
public record CommitRequest(FileId id, long expectedVersion, ContentRef content, String clientId, Instant at,
                            Merge merge) {

    public CommitRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("negative expected version: " + expectedVersion);
        }
    }

    public CommitRequest(FileId id, long expectedVersion, ContentRef content, String clientId, Instant at) {
        this(id, expectedVersion, content, clientId, at, null);
    }

    /** The version this request creates when it wins. */
    public FileVersion asVersion() {
        return new FileVersion(id, expectedVersion + 1, content, at, clientId, merge);
    }
}
