package dev.syncr.core;

import java.util.List;
import java.util.Optional;

/**
 * Where file metadata lives: heads, history and the change feed. Implementations hold data, not rules; the rules
 * (what counts as a retry, an unchanged upload, a create over a tombstone) live in {@link SyncService}.
 *
 * <p>Faults (database down, disk full) are thrown as {@link StoreException}.
 */
public interface MetadataStore extends AutoCloseable {

    Optional<FileVersion> head(FileId id);

    /** Every head, tombstones included, ordered by id. */
    List<FileVersion> list();

    /** A file's versions, newest first; empty for an unknown file. */
    List<FileVersion> history(FileId id);

    Optional<FileVersion> version(FileId id, long version);

    /**
     * The one compare-and-set: appends {@code request.expectedVersion() + 1} to the file's history and makes it the
     * head, only if the head is {@code expectedVersion} at that instant. Atomic with respect to every other commit,
     * from any thread or process sharing the store; never holds a lock beyond the call.
     */
    CommitResult commit(CommitRequest request);

    /**
     * Changes committed after {@code cursor}, in commit order, at most {@code limit}. A reader that pages through with
     * the returned cursors sees every committed change exactly once, even when commits finish out of order.
     */
    ChangePage changes(long cursor, int limit);

    /** The cursor after the newest visible change: start here to follow only what happens from now on. */
    long latestCursor();

    @Override
    default void close() {
    }
}
