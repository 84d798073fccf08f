package dev.syncr.api;

import java.util.List;

/**
 * {@code GET /files/}: one page of files. Without {@code limit}, a tree of up to {@code 10 000} files comes whole
 * (the seed's answer); a larger one, or any request with {@code limit}, comes in pages: ask again with
 * {@code after=next_after} while {@code has_more}.
 *
 * @param count    the files in this answer
 * @param hasMore  more files follow this page
 * @param nextAfter the {@code after} of the next page, when {@code has_more}
 */
public record FileList(List<FileMetadata> files, int count, Boolean hasMore, String nextAfter) {

    public FileList(List<FileMetadata> files, int count) {
        this(files, count, null, null);
    }
}
