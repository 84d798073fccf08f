package dev.syncr.api;

/** {@code POST /shares/{id}/mount}: move or rename where a shared folder sits in your files. */
public record MountWrite(String path) {

    public MountWrite {
        if (path == null || path.isBlank()) {
            throw InvalidBody.missing("path", "where the folder goes in your files, e.g. \"Work/Project\"");
        }
    }
}
