package dev.syncr.client;

import dev.syncr.core.FileId;
import java.util.Optional;

/** What the server did with a write. A conflict is an answer to handle, not an error. */
public sealed interface WriteResult {

    FileId id();

    /** This answer in the server's record shape ({@code WriteResponse} or {@code ApiError}), e.g. to print. */
    default Record toWire() {
        return WireResults.wire(this);
    }

    /** The write is now the head at {@code version}. */
    record Committed(FileId id, long version, long previousVersion, String contentHash, long size, boolean created,
                     String status) implements WriteResult {
    }

    /** The server already had exactly this; nothing new was written. */
    record Unchanged(FileId id, long version, String contentHash) implements WriteResult {
    }

    /** Someone else's write got there first; {@code current} is the head to reconcile with (empty: no file). */
    record Conflict(FileId id, long expectedVersion, long currentVersion, String currentHash,
                    Optional<RemoteFile> current) implements WriteResult {
    }

    /**
     * The write lost a race and the server merged it with the head (3-way): {@code version} holds both edits.
     *
     * @param baseVersion the version the write was based on
     * @param headVersion the head it was merged with
     */
    record Merged(FileId id, long version, String contentHash, long size, long baseVersion, long headVersion)
            implements WriteResult {
    }

    /**
     * The write lost a race and the server kept its content as the conflicted copy {@code conflict.copy()}, recorded
     * as {@code conflict}; {@code current} (the winner) kept the name.
     */
    record KeptBoth(FileId id, RemoteConflict conflict, long currentVersion, String currentHash,
                    Optional<RemoteFile> current) implements WriteResult {
    }

    /** The file (or version) does not exist. */
    record NotFound(FileId id, String message) implements WriteResult {
    }
}
