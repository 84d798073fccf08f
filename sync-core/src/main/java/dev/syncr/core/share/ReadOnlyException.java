package dev.syncr.core.share;

import dev.syncr.core.FileId;

/** A write to a folder the caller may only read: refused, nothing changed (they can see it, so it is not a 404). */
public final class ReadOnlyException extends RuntimeException {

    private final FileId id;

    public ReadOnlyException(FileId id, FileId folder) {
        super(id + " is in " + folder + ", a folder shared with you to read only; nothing was changed", null, false,
                false);
        this.id = id;
    }

    public FileId id() {
        return id;
    }
}
