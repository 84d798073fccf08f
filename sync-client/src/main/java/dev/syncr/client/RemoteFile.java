package dev.syncr.client;

import dev.syncr.api.FileMetadata;
import dev.syncr.core.FileId;
import java.time.Instant;

/** A file's head as the server reports it. {@code contentHash} is {@code null} for a deleted file. */
public record RemoteFile(FileId id, long version, String contentHash, long size, boolean deleted, Instant updatedAt,
                         String updatedBy) {

    /** As the server's wire record ({@code storage_key} is not known here and is left out). */
    public FileMetadata toWire() {
        return WireResults.wire(this);
    }
}
