package dev.syncr.core;

import dev.syncr.core.chunk.ChunkUpload;
import dev.syncr.core.chunk.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The sync rules, in one place: every write is checked against the version it was based on and committed with
 * the store's atomic compare-and-set. Stores only have to make that commit atomic; everything else (retries,
 * unchanged uploads, creates over tombstones) is decided here.
 *
 * <pre>{@code
 * var service = new SyncService(new InMemoryMetadataStore(), new InMemoryBlobStore());
 * var outcome = service.upload(new UploadRequest(FileId.of("doc.txt"), 0, in, "ClientA"));
 * switch (outcome) {
 *     case WriteOutcome.Committed c -> ... // c.version().version() == 1
 *     case WriteOutcome.Conflict c -> ...  // refused: the client's copy is older than the head
 *     ...
 * }
 * }</pre>
 */
public final class SyncService {

    /** Bounds the retries of an unconditional delete that keeps losing races to writers. */
    private static final int UNCONDITIONAL_DELETE_ATTEMPTS = 16;
    /** Bounds the retries of a merge, a conflicted copy or a resolution that keeps losing races to other writes. */
    private static final int RACE_ATTEMPTS = 16;

    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final Clock clock;
    /** Shared by every namespace's view: the heap is one. */
    private final ChunkStore.Buffers chunkBuffers;
    private final Namespace namespace;
    /** What this namespace's live files may hold, or {@link #NO_QUOTA}. */
    private final long quotaBytes;
    /** What the quota's other namespaces hold (an owner's home and the folders they share count together). */
    private final java.util.function.LongSupplier elsewhere;
    private final ChunkStore chunks;
    /** Merges text when a write that asks for it loses a race; {@code null}: never merge (keep both instead). */
    private final ThreeWayMerge merge;

    public SyncService(MetadataStore metadata, BlobStore blobs, Clock clock) {
        this(metadata, blobs, clock, null);
    }

    /** With {@code merge}, a write that asks for it and loses a race is merged when both edits are clean text. */
    public SyncService(MetadataStore metadata, BlobStore blobs, Clock clock, ThreeWayMerge merge) {
        this(metadata, blobs, clock, new ChunkStore.Buffers(), Namespace.LOCAL, merge, NO_QUOTA, () -> 0);
    }

    private SyncService(MetadataStore metadata, BlobStore blobs, Clock clock, ChunkStore.Buffers chunkBuffers,
                        Namespace namespace, ThreeWayMerge merge, long quotaBytes,
                        java.util.function.LongSupplier elsewhere) {
        this.elsewhere = elsewhere;
        this.namespace = namespace;
        this.quotaBytes = quotaBytes;
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.chunkBuffers = chunkBuffers;
        this.chunks = new ChunkStore(metadata, blobs, clock, chunkBuffers.of(namespace));
        this.merge = merge;
    }

    public SyncService(MetadataStore metadata, BlobStore blobs) {
        this(metadata, blobs, Clock.systemUTC());
    }

    /**
     * The same rules over the files of one namespace only. Content storage is shared underneath (content-addressed,
     * stored once), but every answer depends only on this namespace's files, so nothing observable tells whether
     * another namespace stores some content.
     */
    public SyncService in(Namespace namespace) {
        return new SyncService(metadata.in(namespace), blobs, clock, chunkBuffers, namespace, merge, NO_QUOTA,
                () -> 0);
    }

    /** No storage quota: {@link #withQuota} was not given one. */
    public static final long NO_QUOTA = Long.MAX_VALUE;

    /**
     * The same service, refusing writes that would take this namespace's live files past {@code quotaBytes}
     * ({@link WriteOutcome.QuotaExceeded}); {@link #NO_QUOTA} for none.
     */
    public SyncService withQuota(long quotaBytes) {
        return withQuota(quotaBytes, () -> 0);
    }

    /**
     * As {@link #withQuota(long)}, for a quota shared with other namespaces: {@code elsewhere} is what they hold, so
     * a write here is refused when all of them together would pass it (a shared folder counts against its owner).
     */
    public SyncService withQuota(long quotaBytes, java.util.function.LongSupplier elsewhere) {
        return new SyncService(metadata, blobs, clock, chunkBuffers, namespace, merge, quotaBytes, elsewhere);
    }

    /** What this namespace's live files hold, each content counted once (see {@link MetadataStore#usage}). */
    public long usage() {
        return metadata.usage();
    }

    /**
     * Whether writing {@code content} as {@code id} would take the namespace past its quota: usage, less the content
     * it replaces if no other live file holds it, plus the new content if no live file holds it yet. A write that
     * does not grow usage always passes, even past the quota (an account over a lowered quota can still edit down).
     */
    private Optional<WriteOutcome> overQuota(FileId id, ContentRef content) {
        if (quotaBytes == NO_QUOTA || content == null) {
            return Optional.empty();
        }
        long usage = metadata.usage() + elsewhere.getAsLong();
        long added = metadata.liveFilesWith(content.hash()) > 0 ? 0 : content.size();
        long freed = metadata.head(id).filter(h -> !h.deleted() && !h.hash().equals(content.hash()))
                .filter(h -> metadata.liveFilesWith(h.hash()) == 1).map(FileVersion::size).orElse(0L);
        long after = usage - freed + added;
        return after > quotaBytes && after > usage
                ? Optional.of(new WriteOutcome.QuotaExceeded(quotaBytes, usage)) : Optional.empty();
    }

    /**
     * Streams the content into the blob store while hashing it, then commits it as {@code expectedVersion + 1}.
     * The blob is published before the metadata commit, so no version can ever point at missing bytes.
     */
    public WriteOutcome upload(UploadRequest request) throws IOException {
        try (StagedBlob staged = stage(request.content())) {
            return upload(new StagedUpload(request.id(), request.expectedVersion(), staged, request.claimedHash(),
                    request.clientId(), request.onConflict()));
        }
    }

    /**
     * Streams content into storage as chunks, hashing it. For callers that receive the bytes before they know which
     * file they belong to (a multipart form may put {@code file} before {@code file_id}).
     */
    public StagedBlob stage(InputStream content) throws IOException {
        return chunks.stage(content);
    }

    /** Why staged content may not be committed at all: not the bytes the client hashed, or over the quota. */
    private Optional<WriteOutcome> refused(StagedUpload request) {
        ContentRef content = request.staged().ref();
        Optional<String> claimed = request.claimedHash().map(ContentHash::normalize);
        if (claimed.isPresent() && !claimed.get().equals(content.hash())) {
            return Optional.of(new WriteOutcome.HashMismatch(claimed.get(), content.hash()));
        }
        return overQuota(request.id(), content);
    }

    /** Commits staged content; the caller still owns (and closes) the staged blob. */
    public WriteOutcome upload(StagedUpload request) throws IOException {
        StagedBlob staged = request.staged();
        ContentRef content = staged.ref();
        Optional<WriteOutcome> refused = refused(request);
        if (refused.isPresent()) {
            return refused.get(); // nothing published: its chunks stay unreferenced, for garbage collection
        }
        Optional<FileVersion> head;
        if (staged.inlineBytes() != null) {
            // Nothing to store first, so the commit itself decides an edit of the head or a create: one round trip
            // (most writes). Whatever it leaves undecided is settled below against the head it answered with.
            CommitResult edit = metadata.commit(new CommitRequest(request.id(), request.expectedVersion(), content,
                    request.clientId(), now(), null, staged.inlineBytes()).asEdit().modifiedAt(request.modifiedAt()));
            if (edit instanceof CommitResult.Committed c) {
                return new WriteOutcome.Committed(c.version(), request.expectedVersion() == 0);
            }
            head = ((CommitResult.Conflict) edit).current();
        } else {
            head = metadata.head(request.id());
        }
        Optional<WriteOutcome> settled = settleAgainst(head, content, request.expectedVersion(), request.clientId());
        if (settled.isPresent()) {
            if (settled.get() instanceof WriteOutcome.Unchanged same && request.modifiedAt() != null) {
                // the same bytes again with another file time: the time is the writer's to set (no new version)
                metadata.touch(request.id(), same.head().version(), request.modifiedAt());
            }
            return settled.get();
        }
        long expected = effectiveExpected(head, request.expectedVersion());
        if (head.map(FileVersion::version).orElse(0L) != expected) {
            // Already lost: a plain 409 publishes nothing (its chunks stay for a retry; unreferenced ones are
            // reclaimed); a merge or a conflicted copy needs the content published.
            return lost(request.id(), request.expectedVersion(), content, staged.inlineBytes(), staged::publish,
                    request.clientId(), request.onConflict(), head);
        }
        staged.publish();
        WriteOutcome outcome = commit(request.id(), request.expectedVersion(), expected, content,
                staged.inlineBytes(), request.clientId(), isCreate(head), request.modifiedAt());
        if (outcome instanceof WriteOutcome.Conflict c) {
            return lost(request.id(), request.expectedVersion(), content, staged.inlineBytes(), () -> { },
                    request.clientId(), request.onConflict(), c.current());
        }
        return outcome;
    }

    /**
     * Uploads many small files in one transaction, each on its own terms: one outcome per file, in order, exactly as
     * if each had been uploaded alone (committed, unchanged, a conflict, a hash mismatch), but one commit for all the
     * winners. A file named twice is rejected the second time. Conflicts are answered, never merged or kept here: a
     * client resends those alone with what it wants done.
     */
    public List<WriteOutcome> uploadEach(List<BatchUpload> uploads, String clientId) throws IOException {
        WriteOutcome[] outcomes = new WriteOutcome[uploads.size()];
        ContentRef[] contents = storeAll(uploads);
        List<Integer> committing = new java.util.ArrayList<>();
        List<CommitRequest> requests = new java.util.ArrayList<>();
        List<Boolean> creating = new java.util.ArrayList<>();
        java.util.Set<FileId> named = new java.util.HashSet<>();
        java.util.Map<FileId, FileVersion> heads = metadata.heads(uploads.stream().map(BatchUpload::id).toList());
        long batchUsage = -1;
        java.util.Set<String> added = new java.util.HashSet<>();
        Instant at = now();
        for (int i = 0; i < uploads.size(); i++) {
            BatchUpload upload = uploads.get(i);
            ContentRef content = contents[i];
            Optional<String> claimed = upload.claimedHash().map(ContentHash::normalize);
            if (!named.add(upload.id())) {
                outcomes[i] = new WriteOutcome.Rejected(upload.id() + " is named twice in one batch");
                continue;
            }
            if (claimed.isPresent() && !claimed.get().equals(content.hash())) {
                outcomes[i] = new WriteOutcome.HashMismatch(claimed.get(), content.hash());
                continue;
            }
            Optional<FileVersion> head = Optional.ofNullable(heads.get(upload.id()));
            Optional<WriteOutcome> settled = settleAgainst(head, content, upload.expectedVersion(), clientId);
            long expected = effectiveExpected(head, upload.expectedVersion());
            if (settled.isEmpty() && quotaBytes != NO_QUOTA) {
                // the batch's earlier winners count: new contents they add, not yet committed
                if (batchUsage < 0) {
                    batchUsage = metadata.usage() + elsewhere.getAsLong();
                }
                boolean held = added.contains(content.hash()) || metadata.liveFilesWith(content.hash()) > 0;
                if (!held && batchUsage + content.size() > quotaBytes) {
                    outcomes[i] = new WriteOutcome.QuotaExceeded(quotaBytes, batchUsage);
                    continue;
                }
                if (!held) {
                    batchUsage += content.size();
                    added.add(content.hash());
                }
            }
            if (settled.isPresent()) {
                outcomes[i] = settled.get();
            } else if (head.map(FileVersion::version).orElse(0L) != expected) {
                outcomes[i] = new WriteOutcome.Conflict(upload.id(), upload.expectedVersion(), head);
            } else {
                committing.add(i);
                requests.add(new CommitRequest(upload.id(), expected, content, clientId, at, null,
                        content.inline() ? upload.content() : null));
                creating.add(isCreate(head));
            }
        }
        List<CommitResult> results = requests.isEmpty() ? List.of() : metadata.commitEach(requests);
        for (int k = 0; k < results.size(); k++) {
            int i = committing.get(k);
            CommitRequest request = requests.get(k);
            outcomes[i] = switch (results.get(k)) {
                case CommitResult.Committed c -> new WriteOutcome.Committed(c.version(), creating.get(k));
                case CommitResult.Conflict c -> settleAgainst(c.current(), request.content(),
                        request.expectedVersion(), clientId).orElseGet(() -> new WriteOutcome.Conflict(request.id(),
                        uploads.get(i).expectedVersion(), c.current()));
            };
        }
        return List.of(outcomes);
    }

    /**
     * Stores a batch's contents before anything is decided, so a content is never referenced before it is stored:
     * the small ones (most) together, any larger one as chunks on its own. Unreferenced ones (a conflict, a
     * mismatch) are left for garbage collection, as for any write that loses.
     */
    private ContentRef[] storeAll(List<BatchUpload> uploads) throws IOException {
        ContentRef[] contents = new ContentRef[uploads.size()];
        List<Integer> small = new java.util.ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            byte[] bytes = uploads.get(i).content();
            if (bytes.length <= dev.syncr.core.chunk.FastCdc.MIN_SIZE) {
                small.add(i);
            } else {
                try (StagedBlob staged = chunks.stage(new java.io.ByteArrayInputStream(bytes))) {
                    staged.publish();
                    contents[i] = staged.ref();
                }
            }
        }
        List<ContentRef> stored = chunks.storeSmall(small.stream().map(i -> uploads.get(i).content()).toList());
        for (int k = 0; k < small.size(); k++) {
            contents[small.get(k)] = stored.get(k);
        }
        return contents;
    }

    /** Deletes by committing a tombstone; see {@link DeleteRequest} for conditional vs. unconditional. */
    public WriteOutcome delete(DeleteRequest request) {
        FileId id = request.id();
        if (request.expectedVersion().isPresent()) {
            long expected = request.expectedVersion().getAsLong();
            Optional<FileVersion> head = metadata.head(id);
            if (head.isEmpty()) {
                return new WriteOutcome.NotFound(id, "no file " + id);
            }
            Optional<WriteOutcome> settled = settleAgainst(head, null, expected, request.clientId());
            if (settled.isPresent()) {
                return settled.get();
            }
            return commit(id, expected, expected, null, null, request.clientId(), false);
        }
        for (int attempt = 0; attempt < UNCONDITIONAL_DELETE_ATTEMPTS; attempt++) {
            Optional<FileVersion> head = metadata.head(id);
            if (head.isEmpty()) {
                return new WriteOutcome.NotFound(id, "no file " + id);
            }
            if (head.get().deleted()) {
                return new WriteOutcome.Unchanged(head.get());
            }
            WriteOutcome outcome = commit(id, head.get().version(), head.get().version(), null, null,
                    request.clientId(), false);
            if (!(outcome instanceof WriteOutcome.Conflict)) {
                return outcome;
            }
        }
        return new WriteOutcome.Conflict(id, -1, metadata.head(id));
    }

    /** Makes an old version's content the new head. The bytes are not copied: the new version shares the blob. */
    public WriteOutcome restore(RestoreRequest request) {
        Optional<FileVersion> old = metadata.version(request.id(), request.version());
        if (old.isEmpty()) {
            return new WriteOutcome.NotFound(request.id(), "no version " + request.version() + " of " + request.id());
        }
        if (old.get().deleted()) {
            return new WriteOutcome.Rejected("version " + request.version() + " of " + request.id()
                    + " is a delete; restore a version that has content");
        }
        ContentRef content = old.get().content();
        Optional<FileVersion> head = metadata.head(request.id());
        Optional<WriteOutcome> settled = settleAgainst(head, content, request.expectedVersion(), request.clientId());
        if (settled.isPresent()) {
            return settled.get();
        }
        Optional<WriteOutcome> over = overQuota(request.id(), content);
        if (over.isPresent()) {
            return over.get();
        }
        // History pruning and garbage collection may run between the read above and the commit: hold the content's
        // chunks first, as a manifest commit does, so the new head never points at reclaimed bytes.
        try {
            if (!chunks.keepAlive(content).isEmpty()) {
                return new WriteOutcome.NotFound(request.id(), "version " + request.version() + " of "
                        + request.id() + " is no longer kept");
            }
        } catch (IOException e) {
            throw new StoreException("cannot check the content of " + request.id() + " v" + request.version(), e);
        }
        long expected = effectiveExpected(head, request.expectedVersion());
        return commit(request.id(), request.expectedVersion(), expected, content, null, request.clientId(),
                isCreate(head));
    }

    /**
     * Renames (or moves into another folder) by committing the content under the new name and a tombstone under the
     * old one in one transaction; the bytes are not copied. A stale {@code expectedVersion} is a conflict on
     * {@code from}; a live file already named {@code to} is a conflict on {@code to} (nothing is overwritten).
     */
    public WriteOutcome move(MoveRequest request) {
        for (int attempt = 0; attempt < RACE_ATTEMPTS; attempt++) {
            Optional<FileVersion> head = metadata.head(request.from());
            if (head.isEmpty() || head.get().deleted()) {
                return new WriteOutcome.NotFound(request.from(), "no file " + request.from());
            }
            if (head.get().version() != request.expectedVersion()) {
                return new WriteOutcome.Conflict(request.from(), request.expectedVersion(), head);
            }
            Optional<FileVersion> target = metadata.head(request.to());
            if (target.isPresent() && !target.get().deleted()) {
                return new WriteOutcome.Conflict(request.to(), 0, target);
            }
            long targetVersion = target.map(FileVersion::version).orElse(0L);
            Instant at = now();
            BatchResult result = metadata.commitAll(List.of(
                    new CommitRequest(request.to(), targetVersion, head.get().content(), request.clientId(),
                            at, null, inlineBytes(head.get().content(), null))
                            .carrying(head.get().key()).modifiedAt(head.get().modifiedAt()),
                    new CommitRequest(request.from(), request.expectedVersion(), null, request.clientId(), at)),
                    new ConflictChange.None());
            if (result instanceof BatchResult.Committed committed) {
                return new WriteOutcome.Committed(committed.versions().getFirst(), true);
            }
            // a head moved between the reads and the commit: read again, and answer from what is there now
        }
        return new WriteOutcome.Conflict(request.from(), request.expectedVersion(), metadata.head(request.from()));
    }

    public Optional<FileVersion> metadata(FileId id) {
        return metadata.head(id);
    }

    /** Sets a live head's modification time, see {@link MetadataStore#touch}. */
    public boolean touch(FileId id, long version, Instant modifiedAt) {
        return metadata.touch(id, version, modifiedAt);
    }

    /** Live files, tombstones left out. */
    public List<FileVersion> list() {
        return metadata.list().stream().filter(r -> !r.deleted()).toList();
    }

    /** Every head, deletes included: what a sync client compares against. */
    public List<FileVersion> listIncludingDeleted() {
        return metadata.list();
    }

    /** One page of heads after {@code after} (null: the first), see {@link MetadataStore#list(FileId, int, boolean)}. */
    public List<FileVersion> list(FileId after, int limit, boolean includeDeleted) {
        return metadata.list(after, limit, includeDeleted);
    }

    public List<FileVersion> history(FileId id) {
        return metadata.history(id);
    }

    /** The name a file had before it was renamed to {@code id}, at the version it was moved from (see the store). */
    public Optional<FileVersion> renamedFrom(FileId id) {
        return metadata.renamedFrom(id);
    }

    public Optional<FileVersion> version(FileId id, long version) {
        return metadata.version(id, version);
    }

    /** These versions of these files, those that exist, read together (see {@link MetadataStore#versions}). */
    public java.util.Map<FileId, FileVersion> versions(java.util.Map<FileId, Long> wanted) {
        return metadata.versions(wanted);
    }

    /**
     * The bytes of those of {@code contents} stored inline, by hash, read together (a batch download's); content
     * stored otherwise is left out, for {@link #open}.
     */
    public java.util.Map<String, byte[]> inlineContents(Collection<ContentRef> contents) {
        return chunks.inlineBytes(contents);
    }

    public ChangePage changes(long cursor, int limit) {
        return metadata.changes(cursor, limit);
    }

    public long latestCursor() {
        return metadata.latestCursor();
    }

    /** Chunk uploads holding one of the server's chunk buffers now, over every account (for /metrics). */
    public int chunkUploadsInProgress() {
        return chunkBuffers.inUse();
    }

    /** The store's random id (see {@link MetadataStore#storeId}), returned with every cursor. */
    public String storeId() {
        return metadata.storeId();
    }

    /** Opens the bytes of a version with content; callers check {@link FileVersion#deleted()} first. */
    public InputStream open(ContentRef content, long offset, long length) throws IOException {
        return chunks.open(content, offset, length);
    }

    // ---- chunks --------------------------------------------------------------------------------------------------

    /** The chunks, of those named, that this namespace does not hold yet (in the order asked, once each). */
    public List<String> missingChunks(Collection<String> hashes) {
        return chunks.missing(hashes);
    }

    /** Stores one chunk sent as {@code claimedHash} (see {@link ChunkStore#put}). */
    public ChunkUpload putChunk(String claimedHash, InputStream in) throws IOException {
        return chunks.put(claimedHash, in);
    }

    /**
     * Takes this namespace's hold of those {@code hashes} that {@code from} holds: a member's upload to their home
     * made usable in a shared folder they may write. Possession is proven by {@code from}'s hold, so no namespace
     * gains a chunk nobody it speaks for uploaded. Returns the hashes {@code from} does not hold.
     */
    public List<String> adoptChunks(SyncService from, Collection<String> hashes) {
        List<String> notHeld = from.missingChunks(hashes);
        List<String> held = hashes.stream().distinct().filter(h -> !notHeld.contains(h)).toList();
        if (!held.isEmpty()) {
            metadata.holdChunks(held, clock.instant());
        }
        return notHeld;
    }

    /** A chunk's bytes, if this namespace holds it; another namespace's chunk is as absent as one nobody has. */
    public Optional<InputStream> openChunk(String hash) throws IOException {
        return chunks.open(hash);
    }

    /** The chunks of a version's content, when it is stored as chunks (older versions are single blobs). */
    public Optional<Manifest> manifestOf(FileVersion version) {
        return chunks.manifestOf(version);
    }

    /**
     * Commits content this namespace has uploaded as chunks: the same outcomes as any write, plus
     * {@link WriteOutcome.MissingChunks} when a chunk named is not held (upload it, then retry). The whole content is
     * read back and hashed before the commit, so a version's {@code content_hash} is always its bytes' hash.
     */
    public WriteOutcome commitManifest(FileId id, long expectedVersion, Manifest manifest, String clientId)
            throws IOException {
        return commitManifest(id, expectedVersion, manifest, clientId, OnConflict.REJECT);
    }

    /** {@link #commitManifest(FileId, long, Manifest, String)}, merging or keeping both if it loses the race. */
    public WriteOutcome commitManifest(FileId id, long expectedVersion, Manifest manifest, String clientId,
                                       OnConflict onConflict) throws IOException {
        Optional<WriteOutcome> over = overQuota(id, ChunkStore.contentOf(manifest));
        if (over.isPresent()) {
            return over.get();
        }
        List<String> missing = chunks.renew(manifest);
        if (!missing.isEmpty()) {
            return new WriteOutcome.MissingChunks(id, missing);
        }
        Optional<FileVersion> head = metadata.head(id);
        ContentRef content = ChunkStore.contentOf(manifest);
        Optional<WriteOutcome> settled = settleAgainst(head, content, expectedVersion, clientId);
        if (settled.isPresent()) {
            return settled.get();
        }
        long expected = effectiveExpected(head, expectedVersion);
        boolean behind = head.map(FileVersion::version).orElse(0L) != expected;
        if (behind && onConflict.equals(OnConflict.REJECT)) {
            return new WriteOutcome.Conflict(id, expectedVersion, head);
        }
        Manifest stored = chunks.readBack(manifest);
        if (!stored.contentHash().equals(manifest.contentHash())) {
            return new WriteOutcome.HashMismatch(manifest.contentHash(), stored.contentHash());
        }
        chunks.publish(stored);
        if (behind) {
            return lost(id, expectedVersion, content, null, () -> { }, clientId, onConflict, head);
        }
        WriteOutcome outcome = commit(id, expectedVersion, expected, content, null, clientId, isCreate(head));
        if (outcome instanceof WriteOutcome.Conflict c) {
            return lost(id, expectedVersion, content, null, () -> { }, clientId, onConflict, c.current());
        }
        return outcome;
    }

    // ---- conflicts -----------------------------------------------------------------------------------------------

    /** Makes content readable before a merge reads it or a conflicted copy references it. */
    private interface Publish {
        void run() throws IOException;
    }

    /**
     * A write that lost the race to {@code head}: merged if it asked and both edits are clean text, else kept as a
     * conflicted copy with its record if it asked, else the plain conflict. A delete on the other side is no
     * conflict for keep-both: the edit comes back under its own name (nothing deleted is lost: it is in history).
     */
    private WriteOutcome lost(FileId id, long expectedVersion, ContentRef content, byte[] inline, Publish publish,
                              String clientId, OnConflict onConflict, Optional<FileVersion> head) throws IOException {
        if (onConflict.equals(OnConflict.REJECT)) {
            return new WriteOutcome.Conflict(id, expectedVersion, head);
        }
        publish.run();
        List<ThreeWayMerge.LineRange> overlaps = List.of();
        for (int attempt = 0; attempt < RACE_ATTEMPTS; attempt++) {
            if (onConflict.keepBoth() && (head.isEmpty() || head.get().deleted())) {
                long over = head.map(FileVersion::version).orElse(0L);
                WriteOutcome outcome = commit(id, over, over, content, inline, clientId, true);
                if (!(outcome instanceof WriteOutcome.Conflict c)) {
                    return outcome;
                }
                head = c.current();
                continue;
            }
            if (!onConflict.merge() || head.isEmpty()) {
                break;
            }
            MergeAttempt attempted = mergeOnce(id, expectedVersion, content, inline, clientId, head.get());
            if (attempted.outcome().isPresent()) {
                return attempted.outcome().get();
            }
            overlaps = attempted.overlaps();
            if (attempted.racedTo().isEmpty()) {
                break;
            }
            head = attempted.racedTo();
        }
        if (onConflict.keepBoth() && head.isPresent()) {
            return keepBoth(id, expectedVersion, content, inline, clientId, head.get(), overlaps);
        }
        return new WriteOutcome.Conflict(id, expectedVersion, head, overlaps);
    }

    /**
     * One try at merging: an outcome (merged, or unchanged when the head already holds the edit), or the overlaps
     * (none if the contents cannot be merged at all), or the newer head a merge raced against.
     */
    private record MergeAttempt(Optional<WriteOutcome> outcome, List<ThreeWayMerge.LineRange> overlaps,
                                Optional<FileVersion> racedTo) {
        static MergeAttempt no() {
            return new MergeAttempt(Optional.empty(), List.of(), Optional.empty());
        }
    }

    private MergeAttempt mergeOnce(FileId id, long baseVersion, ContentRef content, byte[] inline, String clientId,
                                   FileVersion head) throws IOException {
        if (merge == null || head.deleted() || baseVersion < 1 || baseVersion >= head.version()) {
            return MergeAttempt.no();
        }
        Optional<FileVersion> base = metadata.version(id, baseVersion);
        if (base.isEmpty() || base.get().deleted()
                || Math.max(base.get().size(), Math.max(head.size(), content.size())) > ThreeWayMerge.MAX_BYTES) {
            return MergeAttempt.no(); // pruned, deleted, or too large to hold three of in memory
        }
        byte[] baseBytes = readAll(base.get().content());
        byte[] headBytes = readAll(head.content());
        byte[] ours = inline != null ? inline : readAll(content); // inline: not saved until it is committed
        if (!ThreeWayMerge.isText(baseBytes) || !ThreeWayMerge.isText(headBytes) || !ThreeWayMerge.isText(ours)) {
            return MergeAttempt.no();
        }
        return switch (merge.merge(baseBytes, headBytes, ours)) {
            case ThreeWayMerge.Overlapping o -> new MergeAttempt(Optional.empty(), o.regions(), Optional.empty());
            case ThreeWayMerge.Clean clean -> {
                if (ContentHash.of(clean.merged()).equals(head.hash())) {
                    // the head already holds this edit: a retry of our own merge, or the same edit made twice
                    boolean retryOfOurs = head.merge() != null && head.merge().base() == baseVersion
                            && Objects.equals(head.clientId(), clientId);
                    yield new MergeAttempt(Optional.of(retryOfOurs ? new WriteOutcome.Merged(head)
                            : new WriteOutcome.Unchanged(head)), List.of(), Optional.empty());
                }
                ContentRef merged;
                byte[] mergedInline;
                try (StagedBlob staged = chunks.stage(new java.io.ByteArrayInputStream(clean.merged()))) {
                    staged.publish();
                    merged = staged.ref();
                    mergedInline = staged.inlineBytes();
                }
                CommitResult result = metadata.commit(new CommitRequest(id, head.version(), merged, clientId,
                        now(), new Merge(baseVersion, head.version()), mergedInline));
                yield switch (result) {
                    case CommitResult.Committed c -> new MergeAttempt(Optional.of(new WriteOutcome.Merged(
                            c.version())), List.of(), Optional.empty());
                    case CommitResult.Conflict c -> new MergeAttempt(Optional.empty(), List.of(), c.current());
                };
            }
        };
    }

    private byte[] readAll(ContentRef content) throws IOException {
        try (InputStream in = chunks.open(content, 0, -1)) {
            return in.readAllBytes();
        }
    }

    /**
     * A conflicted copy a client made itself (the Nextcloud clients keep both by uploading their losing edit under a
     * new name): created with its conflict record against {@code original}, in one transaction, so it is listed in
     * {@code /conflicts} and resolved like one the server made. When {@code original} is gone, or the copy's name is
     * taken, it is an ordinary upload.
     */
    public WriteOutcome uploadConflictedCopy(StagedUpload copy, FileId original, long baseVersion)
            throws IOException {
        Optional<FileVersion> head = metadata.head(original).filter(v -> !v.deleted());
        if (head.isEmpty() || copy.expectedVersion() != 0 || metadata.head(copy.id()).isPresent()) {
            return upload(copy);
        }
        StagedBlob staged = copy.staged();
        ContentRef content = staged.ref();
        Optional<WriteOutcome> refused = refused(copy);
        if (refused.isPresent()) {
            return refused.get();
        }
        staged.publish();
        Instant at = now();
        BatchResult result = metadata.commitAll(List.of(new CommitRequest(copy.id(), 0, content, copy.clientId(), at,
                null, inlineBytes(content, staged.inlineBytes())).modifiedAt(copy.modifiedAt())),
                new ConflictChange.Open(original, Math.min(baseVersion, head.get().version()), head.get().version(),
                        copy.clientId(), at));
        if (result instanceof BatchResult.Committed c) {
            return new WriteOutcome.Committed(c.versions().getFirst(), true);
        }
        return upload(copy); // the name was taken meanwhile: settled like any upload there
    }

    /**
     * Stores the losing content as a conflicted copy named for the client, and its conflict record, in one
     * transaction. A retry of the same write (same file, base, client and content) gets the same copy back.
     */
    private WriteOutcome keepBoth(FileId id, long baseVersion, ContentRef content, byte[] inline, String clientId,
                                  FileVersion head, List<ThreeWayMerge.LineRange> overlaps) {
        for (ConflictRecord open : metadata.conflicts(false)) {
            if (open.file().equals(id) && open.baseVersion() == baseVersion
                    && Objects.equals(open.clientId(), clientId)) {
                Optional<FileVersion> copy = metadata.head(open.copy());
                if (copy.isPresent() && content.hash().equals(copy.get().hash())) {
                    return new WriteOutcome.KeptBoth(open, copy.get(), Optional.of(head), overlaps);
                }
            }
        }
        for (int attempt = 0; attempt < RACE_ATTEMPTS; attempt++) {
            FileId copy = ConflictNames.conflictedCopy(id, clientId == null ? "unknown" : clientId,
                    name -> metadata.head(name).isPresent());
            Instant at = now();
            BatchResult result = metadata.commitAll(List.of(new CommitRequest(copy, 0, content, clientId, at, null,
                            inlineBytes(content, inline))),
                    new ConflictChange.Open(id, baseVersion, head.version(), clientId, at));
            if (result instanceof BatchResult.Committed c) {
                return new WriteOutcome.KeptBoth(c.conflict().orElseThrow(), c.versions().getFirst(),
                        Optional.of(head), overlaps);
            }
            // someone took that name meanwhile: the next free one
        }
        throw new StoreException("no free conflicted-copy name for " + id + " after " + RACE_ATTEMPTS + " tries",
                null);
    }

    /** This namespace's conflicts, newest first: the open ones, or all. */
    public List<ConflictRecord> conflicts(boolean includeResolved) {
        return metadata.conflicts(includeResolved);
    }

    public Optional<ConflictRecord> conflict(long id) {
        return metadata.conflict(id);
    }

    /**
     * Resolves a conflict with ordinary versioned writes, in one transaction with the record's closing: the
     * original's next version (for {@link Keep#COPY} and {@link Keep#CONTENT}, based on {@code expectedVersion}, so a
     * resolution can itself conflict), and the copy's tombstone (so it leaves every device), unless {@link Keep#BOTH}.
     *
     * @param content for {@link Keep#CONTENT}: the caller's own merge
     */
    public ResolveOutcome resolve(long conflictId, Keep keep, java.util.OptionalLong expectedVersion,
                                  Optional<InputStream> content, String clientId) throws IOException {
        Optional<ConflictRecord> found = metadata.conflict(conflictId);
        if (found.isEmpty()) {
            return new ResolveOutcome.NotFound(conflictId);
        }
        ConflictRecord record = found.get();
        if (!record.open()) {
            return settledResolution(record, keep, clientId);
        }
        boolean writesOriginal = keep == Keep.COPY || keep == Keep.CONTENT;
        if (writesOriginal && expectedVersion.isEmpty()) {
            return new ResolveOutcome.Rejected("keep " + keep.wireName() + " writes " + record.file()
                    + ": give expected_version, the version of it you looked at");
        }
        if (keep == Keep.CONTENT && content.isEmpty()) {
            return new ResolveOutcome.Rejected("keep content needs the content to keep");
        }
        ContentRef newContent = null;
        byte[] newInline = null;
        if (keep == Keep.CONTENT) {
            try (StagedBlob staged = chunks.stage(content.get())) {
                staged.publish();
                newContent = staged.ref();
                newInline = staged.inlineBytes();
            }
        }
        for (int attempt = 0; attempt < RACE_ATTEMPTS; attempt++) {
            Optional<FileVersion> copy = metadata.head(record.copy());
            if (keep == Keep.COPY) {
                if (copy.isEmpty() || copy.get().deleted()) {
                    return new ResolveOutcome.Rejected("the conflicted copy " + record.copy()
                            + " was deleted; keep original, or keep content with the text to keep");
                }
                newContent = copy.get().content();
                newInline = inlineBytes(newContent, null);
            }
            Instant at = now();
            List<CommitRequest> writes = new java.util.ArrayList<>();
            if (writesOriginal) {
                writes.add(new CommitRequest(record.file(), expectedVersion.getAsLong(), newContent, clientId, at,
                        null, newInline));
            }
            if (keep.dropsCopy() && copy.isPresent() && !copy.get().deleted()) {
                writes.add(new CommitRequest(record.copy(), copy.get().version(), null, clientId, at));
            }
            BatchResult result = metadata.commitAll(writes, new ConflictChange.Close(conflictId, keep, clientId, at));
            switch (result) {
                case BatchResult.Committed c -> {
                    return new ResolveOutcome.Resolved(c.conflict().orElseThrow(), c.versions());
                }
                case BatchResult.NotOpen n -> {
                    return metadata.conflict(conflictId).map(r -> settledResolution(r, keep, clientId))
                            .orElseGet(() -> new ResolveOutcome.NotFound(conflictId));
                }
                case BatchResult.Conflict c -> {
                    if (c.id().equals(record.file())) {
                        return new ResolveOutcome.Stale(new WriteOutcome.Conflict(record.file(),
                                expectedVersion.getAsLong(), c.current()));
                    }
                    // the copy changed meanwhile: look again
                }
            }
        }
        throw new StoreException("resolving conflict " + conflictId + " kept losing races", null);
    }

    /** A resolved conflict asked to be resolved again: the same way by the same client is a retry, else a clash. */
    private static ResolveOutcome settledResolution(ConflictRecord record, Keep keep, String clientId) {
        if (record.resolution() == keep && Objects.equals(record.resolvedBy(), clientId)) {
            return new ResolveOutcome.Resolved(record, List.of());
        }
        return new ResolveOutcome.AlreadyResolved(record);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public InputStream open(ContentRef content) throws IOException {
        return open(content, 0, -1);
    }

    /** A version's whole content with the checksum a download is checked against, when there is one. */
    public WholeContent openWhole(ContentRef content) throws IOException {
        return chunks.openWhole(content);
    }

    /**
     * Decides a write without committing, when the head already reflects it. {@code content == null} is a delete.
     * A retry of our own winning write (head = expected + 1, same content, same client) is that win again; the
     * same content (or an already deleted file) from anyone else is unchanged.
     */
    private static Optional<WriteOutcome> settleAgainst(Optional<FileVersion> head, ContentRef content,
                                                        long expected, String clientId) {
        if (head.isEmpty()) {
            return Optional.empty();
        }
        FileVersion current = head.get();
        boolean sameContent = content == null
                ? current.deleted()
                : !current.deleted() && current.hash().equals(content.hash());
        if (!sameContent) {
            return Optional.empty();
        }
        if (current.version() == expected + 1 && Objects.equals(current.clientId(), clientId)) {
            return Optional.of(new WriteOutcome.Committed(current, expected == 0));
        }
        return Optional.of(new WriteOutcome.Unchanged(current));
    }

    /** "Create" (expected 0) over a tombstone continues the chain: versions never repeat. */
    private static long effectiveExpected(Optional<FileVersion> head, long expected) {
        if (expected == 0 && head.isPresent() && head.get().deleted()) {
            return head.get().version();
        }
        return expected;
    }

    private static boolean isCreate(Optional<FileVersion> head) {
        return head.isEmpty() || head.get().deleted();
    }

    /**
     * The bytes a commit of {@code content} carries when it is stored inline: {@code known} when the caller has them
     * (it just received them), else read back (a restore, a move, a copy kept: content an existing version has).
     * {@code null} for any other content.
     */
    private byte[] inlineBytes(ContentRef content, byte[] known) {
        if (content == null || !content.inline()) {
            return null;
        }
        if (known != null) {
            return known;
        }
        try {
            return chunks.inlineBytes(content);
        } catch (IOException e) { // a version points at it, so the store lost it: not the caller's mistake
            throw new StoreException("inline content " + content.hash() + " is missing", e);
        }
    }

    private WriteOutcome commit(FileId id, long requestedExpected, long expected, ContentRef content, byte[] inline,
                                String clientId, boolean creating) {
        return commit(id, requestedExpected, expected, content, inline, clientId, creating, null);
    }

    private WriteOutcome commit(FileId id, long requestedExpected, long expected, ContentRef content, byte[] inline,
                                String clientId, boolean creating, Instant modifiedAt) {
        CommitResult result = metadata.commit(new CommitRequest(id, expected, content, clientId, now(), null,
                inlineBytes(content, inline)).modifiedAt(modifiedAt));
        return switch (result) {
            case CommitResult.Committed c -> new WriteOutcome.Committed(c.version(), creating);
            case CommitResult.Conflict c -> settleAgainst(c.current(), content, expected, clientId)
                    .orElseGet(() -> new WriteOutcome.Conflict(id, requestedExpected, c.current()));
        };
    }

}
