package dev.syncr.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The head of a file: its current version and where that version's bytes are. A deleted file keeps its record
 * (a tombstone head) so that other clients learn of the delete and a later create continues the version chain.
 */
public record FileRecord(FileId id, long version, ContentRef content, Instant updatedAt, String updatedBy) {

    public FileRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static FileRecord of(FileVersion head) {
        return new FileRecord(head.id(), head.version(), head.content(), head.createdAt(), head.clientId());
    }

    public boolean deleted() {
        return content == null;
    }

    /** The content hash, or {@code null} for a tombstone. */
    public String hash() {
        return content == null ? null : content.hash();
    }

    public long size() {
        return content == null ? 0 : content.size();
    }
}
