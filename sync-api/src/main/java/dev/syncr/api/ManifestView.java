package dev.syncr.api;

import java.util.List;

/**
 * {@code GET /files/{id}/manifest}: the head's content as chunks, to fetch only those a device does not have.
 * {@code chunked} is false for content stored before chunks existed (download it whole).
 */
public record ManifestView(String fileId, long version, String contentHash, long sizeBytes, boolean chunked,
                           List<ChunkInfo> chunks) {
}
