package dev.syncr.api;

/**
 * {@code POST /links}: a link to a file or folder of your files, reachable without an account.
 *
 * @param access    {@code view} (browse and download) or {@code upload} (a file drop: upload only, no listing)
 * @param password  asked of every visitor, if given
 * @param expiresAt when the link stops working (RFC 3339), if ever
 */
public record LinkWrite(String path, String access, String password, String expiresAt) {

    public LinkWrite {
        if (path == null || path.isBlank()) {
            throw InvalidBody.missing("path", "the file or folder to link, e.g. \"Project/report.pdf\"");
        }
        if (access == null || access.isBlank()) {
            throw InvalidBody.missing("access", "view or upload");
        }
    }
}
