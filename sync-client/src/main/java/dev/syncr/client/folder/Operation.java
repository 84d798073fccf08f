package dev.syncr.client.folder;

import dev.syncr.core.FileId;

/** One step of a sync plan. The executor performs it; the planner only decides. */
public sealed interface Operation {

    FileId id();

    /** Send the local file; {@code expectedVersion} is the version it was based on (0: new). */
    record Upload(FileId id, long expectedVersion) implements Operation {
    }

    /**
     * A local edit in a folder shared to read only: the local file is kept under a conflicted-copy name, never
     * uploaded, and the server's version ({@code version} 0: none) takes its place.
     */
    record KeepLocalCopy(FileId id, long version, String hash) implements Operation {
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
     * Both sides changed: the local edit is sent based on {@code baseVersion} (the version last synced, 0: none), and
     * the server, which has that base, merges it with {@code remoteVersion} if both are clean text edits, or else
     * keeps both (the server's version keeps the name, the local edit becomes a conflicted copy).
     */
    record Reconcile(FileId id, long baseVersion, long remoteVersion, String remoteHash) implements Operation {
    }

    /** Both sides already hold the same thing: just remember it as agreed. */
    record Agree(FileId id, long version, String hash) implements Operation {
    }

    /** Both sides deleted it: forget it. */
    record Forget(FileId id) implements Operation {
    }
}
