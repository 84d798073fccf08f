package dev.syncr.client;

import dev.syncr.api.VersionInfo;
import dev.syncr.core.FileId;
import java.time.Instant;

/** One entry of a file's history on the server. */
public record RemoteVersion(FileId id, long version, String contentHash, long size, boolean deleted,
                            Instant createdAt, String clientId) {

    /** As the server's wire record ({@code storage_key} is not known here and is left out). */
    public VersionInfo toWire() {
        return WireResults.wire(this);
    }
}
