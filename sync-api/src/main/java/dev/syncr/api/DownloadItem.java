package dev.syncr.api;

/** One file of {@code POST /batch/download}: its id and the version wanted ({@code null}: the head). */
public record DownloadItem(String fileId, Long version) {

    public DownloadItem {
        if (fileId == null) {
            throw InvalidBody.missing("file_id", "in every file");
        }
        if (version != null && version < 1) {
            throw InvalidBody.invalid("version is 1 or more, or left out for the head");
        }
    }
}
