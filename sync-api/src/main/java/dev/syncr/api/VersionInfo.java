package dev.syncr.api;

/**
 * One version in a file's history.
 *
 * @param mergedFrom for a version the server merged: the two versions it joined
 */
public record VersionInfo(String fileId, long version, String contentHash, long sizeBytes, String storageKey,
                          boolean deleted, String createdAt, String clientId, MergedFrom mergedFrom) {

    public VersionInfo(String fileId, long version, String contentHash, long sizeBytes, String storageKey,
                       boolean deleted, String createdAt, String clientId) {
        this(fileId, version, contentHash, sizeBytes, storageKey, deleted, createdAt, clientId, null);
    }
}
