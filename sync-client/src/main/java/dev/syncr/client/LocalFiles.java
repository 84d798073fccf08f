package dev.syncr.client;

import dev.syncr.core.FileId;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a client keeps its local copies and what it remembers of each: the seed's {@link LocalCache}, or a synced
 * folder's state. The one conflict engine ({@link KeepBoth}) works through this, whichever it is.
 */
public interface LocalFiles {

    /** Where the local copy of {@code id} lives. */
    Path path(FileId id);

    /** Remembers that the local copy of {@code id} now is the server's {@code version} (content {@code hash}). */
    void synced(FileId id, long version, String hash) throws IOException;

    /** A folder for files being written, on the same file system as the copies (so a rename is atomic). */
    Path workFolder() throws IOException;
}
