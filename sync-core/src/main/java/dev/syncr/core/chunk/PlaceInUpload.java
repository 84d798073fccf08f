package dev.syncr.core.chunk;

/**
 * Where a chunk goes: the upload it is part of (a name its client chose) and its offset in that upload's content.
 *
 * @param upload 1 to 64 letters, digits, {@code -} or {@code _} (see {@link RunningHash#checkedName})
 */
public record PlaceInUpload(String upload, long offset) {

    public PlaceInUpload {
        if (RunningHash.checkedName(upload).isEmpty()) {
            throw new IllegalArgumentException("an upload's name has 1 to 64 letters, digits, '-' or '_'");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("a chunk's offset is 0 or more, got " + offset);
        }
    }
}
