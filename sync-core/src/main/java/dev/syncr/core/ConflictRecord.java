package dev.syncr.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A conflict the server remembers until someone resolves it: a write based on {@code baseVersion} of {@code file}
 * lost to {@code winnerVersion}, and its content was kept as {@code copy} (version {@code copyVersion}, the loser's
 * content). Created atomically with the copy; resolved by ordinary versioned writes.
 *
 * @param id         unique across the server (the change-feed position of the copy's commit), scoped on every read
 * @param resolution how it was resolved ({@link Keep}); {@code null} while open
 */
public record ConflictRecord(long id, FileId file, long baseVersion, long winnerVersion, FileId copy,
                             long copyVersion, String clientId, Instant createdAt, Keep resolution,
                             Instant resolvedAt, String resolvedBy) {

    public ConflictRecord {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(copy, "copy");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean open() {
        return resolution == null;
    }

    public ConflictRecord resolved(Keep keep, Instant at, String by) {
        return new ConflictRecord(id, file, baseVersion, winnerVersion, copy, copyVersion, clientId, createdAt, keep,
                at, by);
    }
}
