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
 * @param key      the file's identity: the same across its edits and renames, never given to another file (a create,
 *                 or a write over a delete, takes a new one), so a client can tell a rename from a delete and a
 *                 create; 0 where not known (a version not yet committed)
 * @param modifiedAt when the writer says the content was last modified (a client's file time); {@code null} when it
 *                 did not say, and then {@link #modified()} is when the version was committed
 */
public record FileVersion(FileId id, long version, ContentRef content, Instant createdAt, String clientId,
                          Merge merge, long key, Instant modifiedAt) {

    public FileVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1: " + version);
        }
    }

    public FileVersion(FileId id, long version, ContentRef content, Instant createdAt, String clientId,
                       Merge merge) {
        this(id, version, content, createdAt, clientId, merge, 0, null);
    }

    public FileVersion(FileId id, long version, ContentRef content, Instant createdAt, String clientId) {
        this(id, version, content, createdAt, clientId, null);
    }

    /** The same version under another path: as a user sees a shared folder's file in their own tree. */
    public FileVersion withId(FileId other) {
        return new FileVersion(other, version, content, createdAt, clientId, merge, key, modifiedAt);
    }

    /** This version as committed with its file's key. */
    public FileVersion withKey(long fileKey) {
        return new FileVersion(id, version, content, createdAt, clientId, merge, fileKey, modifiedAt);
    }

    /** When the content was last modified: as its writer said, else when it was committed. */
    public Instant modified() {
        return modifiedAt != null ? modifiedAt : createdAt;
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
