package dev.syncr.client;

import dev.syncr.core.FileId;
import dev.syncr.core.OnConflict;
import java.io.IOException;

/**
 * What happens when a local edit loses the race to another client's write. The server does the deciding (it holds
 * the base, the head and the edit): a write asks it, with {@link #policy()}, to merge clean text and otherwise keep
 * both; the handler then brings the local files in line with the answer. Whatever happens, neither side's work is
 * lost.
 */
public interface ConflictHandler {

    /** What a write asks the server to do if it loses the race. */
    OnConflict policy();

    /**
     * Brings the local files in line with the server's answer to a write of {@code id} that lost a race.
     *
     * @param sentHash the hash of the local content that was sent: a local copy that no longer holds it (saved
     *                 again since) is left as it is and the next sync sends it; the check is made again just before
     *                 anything lands (see {@link FilePlacement#place}), so only a save in that instant could be
     *                 replaced
     * @param answer   the server's answer: {@link WriteResult.Merged}, {@link WriteResult.KeptBoth}, or a
     *                 {@link WriteResult.Committed} over a delete, or a {@link WriteResult.Unchanged} whose head holds
     *                 other content than was sent (the edit is in it, merged)
     */
    Resolution settle(SyncClient client, LocalFiles local, FileId id, String sentHash, WriteResult answer)
            throws IOException;

    /** How a conflict ended. */
    sealed interface Resolution {
    }

    /**
     * The server's version kept the name; the local edit was kept (on the server, and locally) as {@code copy},
     * recorded as conflict {@code conflictId}.
     *
     * @param serverVersion the version now in the original name locally
     * @param copyVersion   the copy's version on the server
     */
    record KeptBoth(FileId original, long serverVersion, FileId copy, long copyVersion, long conflictId)
            implements Resolution {
    }

    /** The server merged the edit with the other one (3-way): {@code version} holds both, here and there. */
    record Merged(FileId id, long version, long baseVersion, long headVersion) implements Resolution {
    }

    /** The server's version was a delete: the local edit was uploaded under its own name again, nothing deleted. */
    record EditRestored(FileId id, long version) implements Resolution {
    }

    /**
     * The server's head already held the edit, joined with others' (the same edit made on two devices, or a merge
     * whose answer was lost and that someone built on since): that head, {@code version}, came down in its place.
     */
    record AlreadyThere(FileId id, long version) implements Resolution {
    }
}
