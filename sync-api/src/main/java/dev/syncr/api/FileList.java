package dev.syncr.api;

import java.util.List;

/** {@code GET /files/}. */
public record FileList(List<FileMetadata> files, int count) {
}
