package dev.syncr.api;

/**
 * Where a file's history goes on: it was named {@code fileId} until that name's version {@code version}, when it was
 * renamed (see {@code GET /files/{file_id}/versions} for that name).
 */
public record RenamedFrom(String fileId, long version) {
}
