package dev.syncr.api;

/** One committed version in the change feed; {@code cursor} is its position. */
public record ChangeEntry(long cursor, String fileId, long version, boolean deleted, String contentHash,
                          long sizeBytes, String clientId, String createdAt) {
}
