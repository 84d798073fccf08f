package dev.syncr.api;

import java.util.List;

/** {@code GET /files/{id}/versions}, newest first. */
public record History(String fileId, List<VersionInfo> versions, RenamedFrom renamedFrom) {

    public History(String fileId, List<VersionInfo> versions) {
        this(fileId, versions, null);
    }
}
