package dev.syncr.client.folder;

import dev.syncr.core.FileId;

/** One step of a sync plan. The executor performs it; the planner only decides. */
public sealed interface Operation {

    FileId id();

    /** Send the local file; {@code expectedVersion} is the version it was based on (0: new). */
    record Upload(FileId id, long expectedVersion) implements Operation {
    }

    /** Fetch the server's head into the local file. */
    record Download(FileId id, long version, String hash) implements Operation {
    }

    /** The file was deleted locally: delete it on the server, if the server is still at the version we had. */
    record DeleteRemote(FileId id, long expectedVersion) implements Operation {
    }

    /** The file was deleted on the server: delete the local copy, if it still holds the content we had. */
    record DeleteLocal(FileId id, String expectedHash) implements Operation {
    }

    /**
     * Both sides changed: the local edit moves to {@code copy} (and is uploaded), the server's version takes the
     * name.
     */
    record KeepBoth(FileId id, FileId copy, long remoteVersion, String remoteHash) implements Operation {
    }

    /** Both sides already hold the same thing: just remember it as agreed. */
    record Agree(FileId id, long version, String hash) implements Operation {
    }

    /** Both sides deleted it: forget it. */
    record Forget(FileId id) implements Operation {
    }
}
