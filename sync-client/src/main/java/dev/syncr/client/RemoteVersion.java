package dev.syncr.client;

import dev.syncr.api.VersionInfo;
import dev.syncr.core.FileId;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a file's history on the server.
 *
 * @param mergedFrom for a version the server merged: the base the losing write was made on and the head it joined;
 *                   empty otherwise
 */
public record RemoteVersion(FileId id, long version, String contentHash, long size, boolean deleted,
                            Instant createdAt, String clientId, Optional<Merge> mergedFrom) {

    /** The two versions a server-side merge joined. */
    public record Merge(long baseVersion, long headVersion) {
    }

    /** As the server's wire record ({@code storage_key} is not known here and is left out). */
    public VersionInfo toWire() {
        return WireResults.wire(this);
    }

    /** The name a file had before it was renamed, and that name's version it was moved from. */
    public record Renamed(FileId fileId, long version) {
    }
}
