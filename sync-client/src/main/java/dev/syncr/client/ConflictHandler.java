package dev.syncr.client;

import dev.syncr.core.FileId;
import java.io.IOException;

/**
 * Decides what happens when a local edit lost the race to another client's write. Keep-both is the default and
 * the fallback of any smarter strategy (a 3-way merge can plug in here): whatever it does, neither side's work may
 * be lost.
 */
public interface ConflictHandler {

    /**
     * @param id       the file whose upload conflicted; its local copy still holds the local edit
     * @param conflict the server's answer, with its current head
     */
    Resolution resolve(SyncClient client, LocalCache cache, FileId id, WriteResult.Conflict conflict)
            throws IOException;

    /** How a conflict ended. */
    sealed interface Resolution {
    }

    /**
     * The server's version kept the name; the local edit was saved (locally and on the server) as {@code copy}.
     *
     * @param serverVersion the version now in the original name locally
     * @param copyVersion   the copy's version on the server
     */
    record KeptBoth(FileId original, long serverVersion, FileId copy, long copyVersion) implements Resolution {
    }

    /** The server's version was a delete: the local edit was uploaded under its own name again, nothing deleted. */
    record EditRestored(FileId id, long version) implements Resolution {
    }
}
