package dev.syncr.client;

import dev.syncr.api.ConflictView;
import dev.syncr.core.FileId;
import dev.syncr.core.Keep;
import java.time.Instant;
import java.util.Optional;

/**
 * A conflict the server recorded: a write of {@code file} based on {@code baseVersion} lost to
 * {@code winnerVersion}, and its content was kept as {@code copy}.
 *
 * @param resolution how it was resolved; empty while open
 */
public record RemoteConflict(long id, FileId file, long baseVersion, long winnerVersion, FileId copy,
                             long copyVersion, String clientId, Instant createdAt, Optional<Keep> resolution,
                             Instant resolvedAt, String resolvedBy) {

    public boolean open() {
        return resolution.isEmpty();
    }

    /** As the server's wire record. */
    public ConflictView toWire() {
        return WireResults.wire(this);
    }
}
