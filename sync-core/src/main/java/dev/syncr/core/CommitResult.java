package dev.syncr.core;

import java.util.Optional;

/** What a store's compare-and-set did. A lost race is an outcome, not a fault. */
public sealed interface CommitResult {

    /** The request's version is now the head. */
    record Committed(FileVersion version) implements CommitResult {
    }

    /** The head was not the expected version; {@code current} is the head that won (empty: no such file). */
    record Conflict(Optional<FileVersion> current) implements CommitResult {

        public long currentVersion() {
            return current.map(FileVersion::version).orElse(0L);
        }
    }
}
