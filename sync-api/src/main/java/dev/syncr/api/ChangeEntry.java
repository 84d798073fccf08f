package dev.syncr.api;

/**
 * One entry of the change feed at position {@code cursor}: a committed version of {@code fileId}, or, when
 * {@code mount} is set, a shared folder that appeared in the caller's tree at {@code fileId} ({@code mounted}: list
 * what is under it) or left it ({@code unmounted}: what is under it is no longer the caller's to sync).
 *
 * @param mount {@code mounted} or {@code unmounted}; absent for a version (then {@code version} is 0 here)
 */
public record ChangeEntry(long cursor, String fileId, long version, boolean deleted, String contentHash,
                          long sizeBytes, String clientId, String createdAt, String mount) {

    public ChangeEntry(long cursor, String fileId, long version, boolean deleted, String contentHash, long sizeBytes,
                       String clientId, String createdAt) {
        this(cursor, fileId, version, deleted, contentHash, sizeBytes, clientId, createdAt, null);
    }
}
