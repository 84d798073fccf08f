package dev.syncr.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A new version to commit if, and only if, the file's head is still {@code expectedVersion} (0: the file has no
 * version yet).
 *
 * @param content {@code null} commits a tombstone
 * @param merge       the versions a server-side merge joined, recorded with the version; {@code null} for a plain
 *                    write
 * @param inlineBytes the bytes of {@linkplain ContentRef#inline() inline} content, stored with the commit (and only
 *                    if it wins); {@code null} for any other content. Every commit of inline content carries them,
 *                    so content is never referenced without being saved in the same transaction
 * @param editOnly    commit only an edit: over live content other than this at {@code expectedVersion} (or, for a
 *                    create, where there is no file at all). Lets a write be decided by the commit alone, without
 *                    reading the head first; anything else there (the same content, a delete) comes back as a
 *                    conflict with the head, for the caller to settle
 * @param key         the file key the new version carries (a rename carries the moved file's); {@code null}: the
 *                    head's key when the head is live, else a new one the store takes (see {@link FileVersion#key()})
 * @param modifiedAt  the writer's modification time for this content; {@code null} when it gave none
 */
public record CommitRequest(FileId id, long expectedVersion, ContentRef content, String clientId, Instant at,
                            Merge merge, byte[] inlineBytes, boolean editOnly, Long key, Instant modifiedAt) {

    public CommitRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("negative expected version: " + expectedVersion);
        }
        boolean inline = content != null && content.inline();
        if (inline != (inlineBytes != null) || inline && inlineBytes.length != content.size()) {
            throw new IllegalArgumentException("inline content must come with its bytes, and only inline content");
        }
        if (editOnly && content == null) {
            throw new IllegalArgumentException("a delete is not an edit");
        }
        if (key != null && key < 1) {
            throw new IllegalArgumentException("file keys start at 1: " + key);
        }
    }

    public CommitRequest(FileId id, long expectedVersion, ContentRef content, String clientId, Instant at,
                         Merge merge, byte[] inlineBytes, boolean editOnly) {
        this(id, expectedVersion, content, clientId, at, merge, inlineBytes, editOnly, null, null);
    }

    public CommitRequest(FileId id, long expectedVersion, ContentRef content, String clientId, Instant at,
                         Merge merge, byte[] inlineBytes) {
        this(id, expectedVersion, content, clientId, at, merge, inlineBytes, false);
    }

    public CommitRequest(FileId id, long expectedVersion, ContentRef content, String clientId, Instant at,
                         Merge merge) {
        this(id, expectedVersion, content, clientId, at, merge, null, false);
    }

    public CommitRequest(FileId id, long expectedVersion, ContentRef content, String clientId, Instant at) {
        this(id, expectedVersion, content, clientId, at, null, null, false);
    }

    /** The same request, committed only as an edit (see {@code editOnly}). */
    public CommitRequest asEdit() {
        return new CommitRequest(id, expectedVersion, content, clientId, at, merge, inlineBytes, true, key,
                modifiedAt);
    }

    /** The same request with the writer's modification time. */
    public CommitRequest modifiedAt(Instant time) {
        return new CommitRequest(id, expectedVersion, content, clientId, at, merge, inlineBytes, editOnly, key, time);
    }

    /** The same request carrying a file key: the version is the same file as the one the key came from. */
    public CommitRequest carrying(long fileKey) {
        return new CommitRequest(id, expectedVersion, content, clientId, at, merge, inlineBytes, editOnly, fileKey,
                modifiedAt);
    }

    /** The version this request creates when it wins, with the file key the store gave it. */
    public FileVersion asVersion(long fileKey) {
        return new FileVersion(id, expectedVersion + 1, content, at, clientId, merge, fileKey, modifiedAt);
    }
}
