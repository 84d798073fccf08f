package dev.syncr.client;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A download was not put in place because its target changed while it was being fetched (someone saved it): the
 * target is kept as it is. Thrown by the calls that place a file themselves ({@link SyncClient#download(
 * dev.syncr.core.FileId, Path)}, {@link SyncClient#getFile(dev.syncr.core.FileId, Path)}); folder sync instead treats
 * the file as edited locally.
 */
public final class TargetChangedException extends IOException {

    private final transient Path target;

    public TargetChangedException(Path target) {
        super(target + " changed while it was being downloaded; it was kept and nothing was replaced");
        this.target = target;
    }

    public Path target() {
        return target;
    }
}
