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
 */
public record CommitRequest(FileId id, long expectedVersion, ContentRef content, String clientId, Instant at,
                            Merge merge, byte[] inlineBytes, boolean editOnly) {

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
        return new CommitRequest(id, expectedVersion, content, clientId, at, merge, inlineBytes, true);
    }

    /** The version this request creates when it wins. */
    public FileVersion asVersion() {
        return new FileVersion(id, expectedVersion + 1, content, at, clientId, merge);
    }
}
