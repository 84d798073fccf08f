package dev.syncr.api;

/**
 * {@code POST /shares}: share a folder of your files with someone (a folder you have shared already gets one more
 * member).
 *
 * @param path the folder, as in your files ({@code Project})
 * @param with the user to share it with
 * @param role {@code viewer} (read) or {@code editor} (read and write)
 */
public record ShareWrite(String path, String with, String role) {

    public ShareWrite {
        if (path == null || path.isBlank()) {
            throw InvalidBody.missing("path", "the folder to share, e.g. \"Project\"");
        }
        if (with == null || with.isBlank()) {
            throw InvalidBody.missing("with", "the user to share it with");
        }
        if (role == null || role.isBlank()) {
            throw InvalidBody.missing("role", "viewer or editor");
        }
    }
}
