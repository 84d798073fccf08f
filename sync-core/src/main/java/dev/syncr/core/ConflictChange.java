package dev.syncr.core;

import java.time.Instant;

/** What a {@link MetadataStore#commitAll} does to conflict records, in the same transaction as its commits. */
public sealed interface ConflictChange {

    /** Nothing: the commits alone. */
    record None() implements ConflictChange {
    }

    /**
     * Opens a conflict whose conflicted copy is the batch's first commit: a write of {@code file} based on
     * {@code baseVersion} lost to {@code winnerVersion}.
     */
    record Open(FileId file, long baseVersion, long winnerVersion, String clientId, Instant at)
            implements ConflictChange {
    }

    /** Closes an open conflict; if it is not open (resolved already, or not this namespace's), nothing commits. */
    record Close(long id, Keep resolution, String clientId, Instant at) implements ConflictChange {
    }
}
