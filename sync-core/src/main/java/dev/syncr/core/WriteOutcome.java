package dev.syncr.core;

import java.util.Optional;

/** What a write (upload, delete, restore) came to. Every expected outcome is a value; faults are exceptions. */
public sealed interface WriteOutcome {

    /**
     * The write is the head at {@code version}. {@code created} is true when the file had no live content before
     * (new, or re-created over a tombstone). A retry of a write that already won is answered with this too.
     */
    record Committed(FileVersion version, boolean created) implements WriteOutcome {
    }

    /** The head already holds exactly this (same content, or already deleted); no version was added. */
    record Unchanged(FileVersion head) implements WriteOutcome {
    }

    /** Another write got there first. {@code current} is the head it must be reconciled with (empty: no file). */
    record Conflict(FileId id, long expectedVersion, Optional<FileVersion> current) implements WriteOutcome {

        public long currentVersion() {
            return current.map(FileVersion::version).orElse(0L);
        }
    }

    /** The content's hash is not the one the client claimed; nothing was stored. */
    record HashMismatch(String claimed, String actual) implements WriteOutcome {
    }

    /**
     * A manifest names chunks the caller's namespace does not hold: they must be uploaded first. Nothing was
     * committed.
     */
    record MissingChunks(FileId id, java.util.List<String> hashes) implements WriteOutcome {
    }

    /** No such file (or no such version of it). */
    record NotFound(FileId id, String message) implements WriteOutcome {
    }

    /** The request cannot be carried out as asked (restoring a delete, for instance). */
    record Rejected(String message) implements WriteOutcome {
    }
}
