package dev.syncr.core.share;

import dev.syncr.core.FileId;

/** A write to a file someone has locked (WebDAV's LOCK), without the lock's token: refused, nothing changed. */
public final class LockedException extends RuntimeException {

    private final FileId id;

    public LockedException(FileId id) {
        super(id + " is locked; send the lock's token (If: (<token>)) or wait until it is unlocked; nothing was "
                + "changed", null, false, false);
        this.id = id;
    }

    public FileId id() {
        return id;
    }
}
