package dev.syncr.core;

import java.util.List;
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

    /**
     * Another write got there first. {@code current} is the head it must be reconciled with (empty: no file).
     * {@code overlaps}: when a merge was asked for and the edits overlapped, the lines of the base both changed.
     */
    record Conflict(FileId id, long expectedVersion, Optional<FileVersion> current,
                    List<ThreeWayMerge.LineRange> overlaps) implements WriteOutcome {

        public Conflict(FileId id, long expectedVersion, Optional<FileVersion> current) {
            this(id, expectedVersion, current, List.of());
        }

        public long currentVersion() {
            return current.map(FileVersion::version).orElse(0L);
        }
    }

    /**
     * The write lost the race but merged cleanly with the head: {@code version} holds both edits
     * ({@link FileVersion#merge()} names the base and the head it joined).
     */
    record Merged(FileVersion version) implements WriteOutcome {
    }

    /**
     * The write lost the race and its content was kept as a conflicted copy, recorded in {@code conflict};
     * {@code current} is the head that kept the name. Nothing of either side was lost.
     */
    record KeptBoth(ConflictRecord conflict, FileVersion copy, Optional<FileVersion> current,
                    List<ThreeWayMerge.LineRange> overlaps) implements WriteOutcome {
    }

    /** The content's hash is not the one the client claimed; nothing was stored. */
    record HashMismatch(String claimed, String actual) implements WriteOutcome {
    }

    /**
     * A manifest names chunks the caller's namespace does not hold: they must be uploaded first. Nothing was
     * committed.
     */
    record MissingChunks(FileId id, List<String> hashes) implements WriteOutcome {
    }

    /** No such file (or no such version of it). */
    record NotFound(FileId id, String message) implements WriteOutcome {
    }

    /** The request cannot be carried out as asked (restoring a delete, for instance). */
    /**
     * The write would take the account past its storage quota: nothing was committed.
     *
     * @param quotaBytes the account's quota
     * @param usageBytes what its live files hold now
     */
    record QuotaExceeded(long quotaBytes, long usageBytes) implements WriteOutcome {
    }

    record Rejected(String message) implements WriteOutcome {
    }
}
