package dev.syncr.api;

/** {@code GET /files/{id}}: a text file's head with its content. */
public record TextContent(String fileId, String content, long version, String contentHash, String updatedAt) {
}
