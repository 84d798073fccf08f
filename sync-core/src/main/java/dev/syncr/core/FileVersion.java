package dev.syncr.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One immutable row of a file's history. A delete is a version too (a tombstone, {@code content == null}), so it
 * conflicts, syncs and can be undone like any other write. A file's head is simply its newest version (one type for
 * both: a head had exactly a version's fields, and a copy between the two only invited drift); a deleted file keeps
 * its tombstone as its head, so other clients learn of the delete and a later create continues the version chain.
 *
 * @param content  the bytes of this version; {@code null} for a tombstone
 * @param clientId the client that wrote it, as it named itself in {@code X-Client-Id}
 * @param merge    for a version the server merged (3-way), the two versions it joined; {@code null} otherwise
 */
public record FileVersion(FileId id, long version, ContentRef content, Instant createdAt, String clientId,
                          Merge merge) {

    public FileVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1: " + version);
        }
    }

    public FileVersion(FileId id, long version, ContentRef content, Instant createdAt, String clientId) {
        this(id, version, content, createdAt, clientId, null);
    }

    /** The same version under another path: as a user sees a shared folder's file in their own tree. */
    public FileVersion withId(FileId other) {
        return new FileVersion(other, version, content, createdAt, clientId, merge);
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
