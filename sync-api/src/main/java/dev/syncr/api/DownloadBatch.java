package dev.syncr.api;

import java.util.List;

/**
 * {@code POST /batch/download}: up to 1000 small files' bytes in one streamed response, the mirror of
 * {@code POST /batch}. The answer is a sequence of entries, each a {@link DownloadedFile} as one line of JSON followed
 * by exactly {@code size_bytes} bytes of content (none for an entry with an {@code error}).
 */
public record DownloadBatch(List<DownloadItem> files) {

    /** Files one batch may name. */
    public static final int MAX_FILES = 1000;

    public DownloadBatch {
        if (files == null) {
            throw InvalidBody.missing("files", "the files to send");
        }
        if (files.size() > MAX_FILES) {
            throw InvalidBody.invalid("a batch names at most " + MAX_FILES + " files, not " + files.size());
        }
        files = List.copyOf(files);
    }
}
