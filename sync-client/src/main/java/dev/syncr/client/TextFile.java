package dev.syncr.client;

import dev.syncr.core.FileId;
import java.time.Instant;

/** A text file's content and version, from {@code GET /files/{id}}. */
public record TextFile(FileId id, String content, long version, String contentHash, Instant updatedAt) {
}
