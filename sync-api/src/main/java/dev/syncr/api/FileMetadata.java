package dev.syncr.api;

/** A file's head. {@code contentHash} and {@code storageKey} are absent for a deleted file. */
public record FileMetadata(String fileId, long version, String contentHash, String storageKey, long sizeBytes,
                           boolean deleted, String updatedAt, String updatedBy) {
}
