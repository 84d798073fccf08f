package dev.syncr.core;

import java.util.List;
import java.util.Optional;

/** What {@link MetadataStore#commitAll} did: everything, or nothing and why. */
public sealed interface BatchResult {

    /** Every commit is in, in order; {@code conflict} is the record opened or closed, if the batch changed one. */
    record Committed(List<FileVersion> versions, Optional<ConflictRecord> conflict) implements BatchResult {
    }

    /** A commit lost its compare-and-set: {@code id}'s head is {@code current}. Nothing was committed. */
    record Conflict(FileId id, Optional<FileVersion> current) implements BatchResult {
    }

    /** The conflict to close is not open (already resolved, or unknown here). Nothing was committed. */
    record NotOpen(long conflictId) implements BatchResult {
    }
}
