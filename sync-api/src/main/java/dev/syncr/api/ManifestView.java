package dev.syncr.api;

import java.util.List;

/**
 * {@code GET /files/{id}/manifest}: the head's content as chunks, to fetch only those a device does not have.
 * {@code chunked} is false for content stored before chunks existed (download it whole). {@code crc32c} is the
 * whole content's CRC-32C (8 hex digits) where the server keeps one, to check the reassembled file against; null
 * where it does not (check the {@code content_hash}).
 */
public record ManifestView(String fileId, long version, String contentHash, long sizeBytes, boolean chunked,
                           List<ChunkInfo> chunks, String crc32c) {
}
