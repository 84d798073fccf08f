package dev.syncr.api;

/** One version in a file's history. */
public record VersionInfo(String fileId, long version, String contentHash, long sizeBytes, String storageKey,
                          boolean deleted, String createdAt, String clientId) {
}
