package dev.syncr.core;

import java.util.List;

/** What resolving a conflict came to. Every expected outcome is a value, as for writes. */
public sealed interface ResolveOutcome {

    /** Resolved: the writes it made (the original's new version, the copy's tombstone), in that order. */
    record Resolved(ConflictRecord conflict, List<FileVersion> written) implements ResolveOutcome {
    }

    /** Someone resolved it already, differently (resolving again the same way is {@link Resolved}, nothing new). */
    record AlreadyResolved(ConflictRecord conflict) implements ResolveOutcome {
    }

    /** The original moved past the version the resolution was based on: look at it, then resolve again. */
    record Stale(WriteOutcome.Conflict conflict) implements ResolveOutcome {
    }

    /** No such conflict in this namespace. */
    record NotFound(long id) implements ResolveOutcome {
    }

    /** The request cannot be carried out as asked (no expected version, no content, the copy is gone). */
    record Rejected(String message) implements ResolveOutcome {
    }
}
