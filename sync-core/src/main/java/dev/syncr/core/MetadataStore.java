package dev.syncr.core;

import dev.syncr.core.chunk.ChunkRef;
import dev.syncr.core.chunk.Manifest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where file metadata lives: heads, history and the change feed. Implementations hold data, not rules; the rules
 * (what counts as a retry, an unchanged upload, a create over a tombstone) live in {@link SyncService}.
 *
 * <p>A store is seen in one {@link Namespace} ({@link Namespace#LOCAL} when opened) and every method reads and writes
 * only that namespace's files; {@link #in} gives the same store seen in another. The change feed's positions are
 * shared by all namespaces, so a namespace's feed has gaps.
 *
 * <p>Faults (database down, disk full) are thrown as {@link StoreException}.
 */
public interface MetadataStore extends AutoCloseable {

    /** The same store seen in {@code namespace}: nothing of any other namespace is visible or writable through it. */
    MetadataStore in(Namespace namespace);

    Optional<FileVersion> head(FileId id);

    /** The heads of these files, those that have one (a batch's reads in one go). */
    default java.util.Map<FileId, FileVersion> heads(Collection<FileId> ids) {
        java.util.Map<FileId, FileVersion> heads = new java.util.HashMap<>();
        for (FileId id : ids) {
            head(id).ifPresent(h -> heads.put(id, h));
        }
        return heads;
    }

    /** Every head, tombstones included, ordered by id. */
    List<FileVersion> list();

    /**
     * One page of heads: at most {@code limit}, those after {@code after} (null: from the start) in the store's own
     * stable id order, tombstones only if asked. Paging with the last id of each page visits every file once.
     */
    List<FileVersion> list(FileId after, int limit, boolean includeDeleted);

    /** A file's versions, newest first; empty for an unknown file. */
    List<FileVersion> history(FileId id);

    /**
     * Where a file was before it was renamed to {@code id}: the version another path had when it was moved here (its
     * history goes on there), or empty when the file began at this name. Found by the file's key, which a rename
     * carries.
     */
    Optional<FileVersion> renamedFrom(FileId id);

    Optional<FileVersion> version(FileId id, long version);

    /** These versions of these files, those that exist (a batch download's reads in one go). */
    default java.util.Map<FileId, FileVersion> versions(java.util.Map<FileId, Long> wanted) {
        java.util.Map<FileId, FileVersion> found = new java.util.HashMap<>();
        wanted.forEach((id, version) -> version(id, version).ifPresent(v -> found.put(id, v)));
        return found;
    }

    /**
     * The one compare-and-set: appends {@code request.expectedVersion() + 1} to the file's history and makes it the
     * head, only if the head is {@code expectedVersion} at that instant (and, for an
     * {@linkplain CommitRequest#editOnly() edit}, holds other live content). Atomic with respect to every other commit,
     * from any thread or process sharing the store; never holds a lock beyond the call. The version's
     * {@linkplain FileVersion#key() file key} is the request's when it carries one, the head's when the head is live,
     * else one no file ever had.
     */
    CommitResult commit(CommitRequest request);

    /**
     * Records the writer's modification time of a live head, if the head is still {@code version}: metadata only (a
     * WebDAV client setting a file's time after its upload), so no new version, no feed entry, the same ETag.
     */
    boolean touch(FileId id, long version, Instant modifiedAt);

    /**
     * Several compare-and-sets that all win or none does, with the change to a conflict record they make, in one
     * transaction: a conflicted copy is never without its record nor the reverse, and a resolution's writes and the
     * record's closing happen together. Each commit appends its own feed entry.
     */
    BatchResult commitAll(List<CommitRequest> commits, ConflictChange change);

    /**
     * Many independent compare-and-sets in one transaction (a batch upload): each commits if its file's head is its
     * expected version, the others get their file's head; one result per request, in order. Distinct files.
     */
    List<CommitResult> commitEach(List<CommitRequest> commits);

    /** This namespace's conflicts, newest first: the open ones, or all. */
    List<ConflictRecord> conflicts(boolean includeResolved);

    /** One of this namespace's conflicts; another namespace's is as absent as one that never existed. */
    Optional<ConflictRecord> conflict(long id);

    /**
     * Changes committed after {@code cursor}, in commit order, at most {@code limit}. A reader that pages through with
     * the returned cursors sees every committed change exactly once, even when commits finish out of order.
     */
    ChangePage changes(long cursor, int limit);

    /**
     * Which of these chunks this namespace holds: it uploaded them, so it may name them in a manifest and read them.
     * Holding is per namespace, whoever else stores the same bytes, so neither answer reveals another's content.
     */
    Set<String> heldChunks(Collection<String> hashes);

    /**
     * Records that this namespace holds these chunks as of {@code at}: a lease that garbage collection respects for
     * its grace period. Taken before the chunk's bytes are written (see {@link #reclaiming}). Returns those it did not
     * hold before (answered in the same step, so storing a chunk costs no second look).
     */
    Set<String> holdChunks(Collection<String> hashes, Instant at);

    /**
     * Renews this namespace's holds as of {@code at}, before it commits a version made of these chunks; returns the
     * ones it holds and that no reclaim is taking (the others must be uploaded again).
     */
    Set<String> renewChunks(Collection<String> hashes, Instant at);

    /** Of these chunks, the ones garbage collection is deleting right now: wait, then write them again. */
    Set<String> reclaiming(Collection<String> hashes);

    /** Of these blob keys, those a version references, directly or through its manifest. Across all namespaces. */
    Set<String> referencedKeys(Collection<String> keys);

    /**
     * Starts deleting a chunk, if that is still safe: no version references it and no hold on it is newer than
     * {@code staleBefore}. The claim is visible (uploads of the chunk wait, commits naming it are told it is
     * missing) before safety is checked, and stale holds are dropped; false, with no claim left, when unsafe.
     * Across all namespaces.
     */
    boolean startReclaim(String hash, Instant staleBefore, Instant at);

    /** Ends a reclaim started by {@link #startReclaim}, once the chunk's bytes are deleted (or failed to be). */
    void endReclaim(String hash);

    /** Every content a version references, each once (for a consistency check). Across all namespaces. */
    List<ContentRef> referencedContent();

    /**
     * History retention: removes versions created before {@code before}, except each file's head (so the newest
     * state of every file, a delete included, stays in the history and the change feed) and the versions an open
     * conflict names (its base, its winner, its copy's version). Across all namespaces.
     * Returns how many versions went; garbage collection then frees the content only they referenced.
     */
    int pruneHistory(Instant before);

    /**
     * The bytes of content stored inline, saved by the commit of a version that references it. Shared by every
     * namespace (same content, same bytes); only reached through a version the caller can see.
     */
    Optional<byte[]> inlineContent(String hash);

    /** The bytes of these inline contents, by hash, those stored (a batch download's reads in one go). */
    default java.util.Map<String, byte[]> inlineContents(Collection<String> hashes) {
        java.util.Map<String, byte[]> found = new java.util.HashMap<>();
        for (String hash : hashes) {
            inlineContent(hash).ifPresent(bytes -> found.put(hash, bytes));
        }
        return found;
    }

    /**
     * Deletes inline content no version references and no commit has saved since {@code staleBefore} (or only counts
     * it, for a dry run). Safe beside commits: a commit saves its inline bytes in its own transaction (an upsert that
     * renews them), so content is either still referenced or saved again. Across all namespaces.
     */
    InlineReclaim reclaimInline(Instant staleBefore, boolean dryRun);

    /** What {@link #reclaimInline} freed (or would free). */
    record InlineReclaim(long contents, long bytes) {
    }

    /**
     * Saves a manifest under its content hash, shared by every namespace for reading the content (same content, same
     * bytes). Idempotent: one saved before stays, except that it takes this one's CRC-32C if it had none (saved before
     * they were kept). If the one saved before has other cut points, this namespace's chunk list is kept as its own
     * (see {@link #manifestFor}): a namespace is never shown another's.
     */
    void saveManifest(Manifest manifest);

    /** The manifest saved under a content hash, for reading its bytes (never shown to a client: see manifestFor). */
    Optional<Manifest> manifest(String contentHash);

    /** This namespace's own chunk list for content whose shared manifest has other cut points, if it saved one. */
    Optional<List<ChunkRef>> ownChunkList(String contentHash);

    /**
     * The manifest this namespace may be shown for content: its own cut points where it saved them, else the shared
     * ones; and only if it holds every chunk named, so it can fetch each. Empty otherwise (fetch the content whole).
     * It never lists a chunk of another namespace's, nor tells whether another namespace stored the content.
     */
    default Optional<Manifest> manifestFor(String contentHash) {
        Optional<Manifest> shared = manifest(contentHash);
        if (shared.isEmpty()) {
            return Optional.empty();
        }
        List<ChunkRef> chunks = ownChunkList(contentHash).orElse(shared.get().chunks());
        List<String> hashes = chunks.stream().map(ChunkRef::hash).distinct().toList();
        if (!heldChunks(hashes).containsAll(hashes)) {
            return Optional.empty();
        }
        return Optional.of(new Manifest(chunks, contentHash, shared.get().size(), shared.get().crc32c()));
    }

    /**
     * The bytes this namespace's live files hold, each distinct content counted once (a file copied ten times costs
     * once), as a storage quota counts them. History and deleted files do not count, as in Dropbox.
     */
    long usage();

    /** How many of this namespace's live files hold the content {@code contentHash}. */
    int liveFilesWith(String contentHash);

    /**
     * The cursor after this namespace's newest visible change (0 if it has none): start here to follow only what
     * happens from now on. Other namespaces' commits do not move it, so it tells nothing about them.
     */
    long latestCursor();

    /**
     * A random id made once, when the store was created, and the same for every namespace and every server process
     * over it. Feed positions mean something only within one store: a client that finds another id than the one it
     * followed knows the server was recreated at its address, and re-lists instead of trusting its cursor.
     */
    String storeId();

    @Override
    default void close() {
    }
}
