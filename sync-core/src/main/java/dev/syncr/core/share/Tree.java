package dev.syncr.core.share;

import dev.syncr.core.BatchUpload;
import dev.syncr.core.Change;
import dev.syncr.core.ChangePage;
import dev.syncr.core.ConflictRecord;
import dev.syncr.core.DeleteRequest;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.Keep;
import dev.syncr.core.MoveRequest;
import dev.syncr.core.Namespace;
import dev.syncr.core.ResolveOutcome;
import dev.syncr.core.RestoreRequest;
import dev.syncr.core.StagedUpload;
import dev.syncr.core.SyncService;
import dev.syncr.core.UploadRequest;
import dev.syncr.core.WriteOutcome;
import dev.syncr.core.chunk.ChunkRef;
import dev.syncr.core.chunk.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one user sees: their home, with the shared folders they belong to mounted in it. A call about a path goes to
 * the namespace the path is in, with the path inside it, and its answer comes back in the user's paths; listings, the
 * change feed and conflicts span the whole tree. The one place that enforces a role: a viewer's write is refused
 * ({@link ReadOnlyException}) before anything is read or stored. Versions stay per file in their namespace, so the
 * compare-and-set, merge and keep-both work unchanged between people.
 */
public final class Tree {

    /** A mount with the service seen in its namespace, under the owner's quota. */
    private record Placed(Mount mount, SyncService service) {
    }

    /** Where a path of the tree lives. {@code mount} is empty for the home. */
    private record Located(SyncService service, FileId inner, Optional<Mount> mount) {
    }

    private final SyncService home;
    private final Namespace homeNamespace;
    private final Guard guard;
    /** What the account's shared folders hold, beside its home. */
    private final java.util.function.LongSupplier homeElsewhere;
    /** Who the tree is for, as other people know them (their account's name); null without accounts. */
    private final String person;
    private final List<Placed> mounts;
    private final List<MountEvent> events;

    /**
     * @param root   the unscoped service
     * @param events the tree's own changes (folders mounted and unmounted) past any cursor a client may hold
     */
    public Tree(SyncService root, Namespace home, long quota, List<Mount> mounts, List<MountEvent> events) {
        this(root, null, home, quota, mounts, events, (owner, except) -> 0);
    }

    /**
     * What every write passes before anything is read or stored: locks (WebDAV's LOCK) bind every API, so a write to
     * a locked file without the lock's token throws {@link LockedException}.
     */
    @FunctionalInterface
    public interface Guard {
        Guard NONE = (namespace, inner) -> false;

        /** Whether a lock the request holds no token of covers the file {@code inner} of {@code namespace}. */
        boolean locked(Namespace namespace, FileId inner);
    }

    /** What one account's files hold in namespaces other than {@code except}: its home and the folders it shares. */
    @FunctionalInterface
    public interface Usage {
        long elsewhere(String owner, Namespace except);
    }

    /**
     * @param person the account's name: in a shared folder, a write is recorded as this person's device (and a
     *               conflicted copy named so), since several people's devices write there
     */
    public Tree(SyncService root, String person, Namespace home, long quota, List<Mount> mounts,
                List<MountEvent> events, Usage usage) {
        this(root, person, home, quota, mounts, events, usage, Guard.NONE);
    }

    public Tree(SyncService root, String person, Namespace home, long quota, List<Mount> mounts,
                List<MountEvent> events, Usage usage, Guard guard) {
        this.person = person;
        this.guard = guard;
        this.homeNamespace = home;
        // one quota per account: a write anywhere counts what the account's home and its shared folders hold
        this.home = root.in(home).withQuota(quota, () -> person == null ? 0 : usage.elsewhere(person, home));
        this.homeElsewhere = () -> person == null ? 0 : usage.elsewhere(person, home);
        this.mounts = mounts.stream().sorted(Comparator.comparing(Mount::path))
                .map(m -> new Placed(m, root.in(m.namespace()).withQuota(m.quota(),
                        () -> usage.elsewhere(m.owner(), m.namespace())))).toList();
        this.events = List.copyOf(events);
    }

    /** A folder appearing in the tree ({@code mounted}) or leaving it, at a position of the change feed. */
    public record MountEvent(long cursor, FileId path, boolean mounted) {
    }

    /** One entry of the tree's change feed: a version committed, or a folder mounted or unmounted. */
    public sealed interface Entry {
        long cursor();

        record Version(long cursor, FileVersion version) implements Entry {
        }

        record Mounted(long cursor, FileId path, boolean mounted) implements Entry {
        }
    }

    /** A page of the tree's feed; {@code cursor} is where to read on. */
    public record Page(List<Entry> entries, long cursor, boolean hasMore) {
    }

    public List<Mount> mounts() {
        return mounts.stream().map(Placed::mount).toList();
    }

    private Located locate(FileId id) {
        for (Placed placed : mounts) {
            if (placed.mount().contains(id)) {
                return new Located(placed.service(), placed.mount().inner(id), Optional.of(placed.mount()));
            }
        }
        return new Located(home, id, Optional.empty());
    }

    /**
     * The name a write is recorded under: in a shared folder, the person's too ({@code alice's laptop}), so the
     * other members see whose device wrote a version or lost a race; at home, the device as it named itself.
     */
    private String by(Located at, String clientId) {
        return at.mount().isEmpty() ? clientId : named(clientId);
    }

    private String named(String clientId) {
        return person == null || clientId.startsWith(person) ? clientId : person + "'s " + clientId;
    }

    /** As {@link #locate}, for a write: refused in a folder the caller may only read. */
    private Located writable(FileId id) {
        Located at = locate(id);
        at.mount().filter(m -> !m.role().writes()).ifPresent(m -> {
            throw new ReadOnlyException(id, m.path());
        });
        if (guard.locked(at.mount().map(Mount::namespace).orElse(homeNamespace), at.inner())) {
            throw new LockedException(id);
        }
        return at;
    }

    // ---- reads ---------------------------------------------------------------------------------------------------

    public Optional<FileVersion> metadata(FileId id) {
        Located at = locate(id);
        return at.service().metadata(at.inner()).map(v -> outer(at, v));
    }

    public List<FileVersion> history(FileId id) {
        Located at = locate(id);
        return at.service().history(at.inner()).stream().map(v -> outer(at, v)).toList();
    }

    /** The name a file had before a rename brought it to {@code id} (see {@link SyncService#renamedFrom}). */
    public Optional<FileVersion> renamedFrom(FileId id) {
        Located at = locate(id);
        return at.service().renamedFrom(at.inner()).map(v -> outer(at, v));
    }

    public Optional<FileVersion> version(FileId id, long version) {
        Located at = locate(id);
        return at.service().version(at.inner(), version).map(v -> outer(at, v));
    }

    /**
     * These versions of these files, those that exist: each namespace's in one read (a batch download's lookups), by
     * the ids asked.
     */
    public java.util.Map<FileId, FileVersion> versions(java.util.Map<FileId, Long> wanted) {
        // per namespace: the ids as it names them, each with where it was found (two mounts may share inner names)
        java.util.Map<SyncService, java.util.Map<FileId, Located>> byService = new java.util.LinkedHashMap<>();
        wanted.keySet().forEach(id -> {
            Located at = locate(id);
            byService.computeIfAbsent(at.service(), s -> new java.util.HashMap<>()).put(at.inner(), at);
        });
        java.util.Map<FileId, FileVersion> found = new java.util.HashMap<>();
        byService.forEach((service, located) -> {
            java.util.Map<FileId, Long> inner = new java.util.HashMap<>();
            located.forEach((id, at) -> inner.put(id, wanted.get(outer(at, id))));
            service.versions(inner).forEach((id, v) -> {
                FileVersion seen = outer(located.get(id), v);
                found.put(seen.id(), seen);
            });
        });
        return found;
    }

    /** The bytes of these inline contents, by hash, read together; see {@link SyncService#inlineContents}. */
    public java.util.Map<String, byte[]> inlineContents(java.util.Collection<dev.syncr.core.ContentRef> contents) {
        return home.inlineContents(contents);
    }

    /**
     * A page of the tree in path order: the home's files (but for those a folder mounted at their path hides) and
     * every mounted folder's, after {@code after}, at most {@code limit}.
     */
    public List<FileVersion> list(FileId after, int limit, boolean includeDeleted) {
        List<FileVersion> page = new ArrayList<>();
        FileId from = after;
        while (page.size() < limit) {
            List<FileVersion> batch = home.list(from, limit, includeDeleted);
            batch.stream().filter(v -> mounts.stream().noneMatch(p -> p.mount().contains(v.id()))).forEach(page::add);
            if (batch.size() < limit) {
                break;
            }
            from = batch.getLast().id();
        }
        for (Placed placed : mounts) {
            Mount mount = placed.mount();
            FileId innerAfter = null;
            if (after != null && after.compareTo(mount.path()) >= 0) {
                if (!mount.contains(after)) {
                    if (after.value().compareTo(mount.path().value() + "/\uffff") > 0) {
                        continue; // the whole folder sorts before where this page starts
                    }
                } else {
                    innerAfter = mount.inner(after);
                }
            }
            placed.service().list(innerAfter, limit, includeDeleted).forEach(v -> page.add(v.withId(
                    mount.outer(v.id()))));
        }
        return page.stream().filter(v -> after == null || v.id().compareTo(after) > 0)
                .sorted(Comparator.comparing(FileVersion::id)).limit(limit).toList();
    }

    public InputStream open(dev.syncr.core.ContentRef content) throws IOException {
        return home.open(content);
    }

    public InputStream open(dev.syncr.core.ContentRef content, long offset, long length) throws IOException {
        return home.open(content, offset, length);
    }

    public dev.syncr.core.WholeContent openWhole(dev.syncr.core.ContentRef content) throws IOException {
        return home.openWhole(content);
    }

    /** The chunks of a version of the tree's file (as its namespace lists them). */
    public Optional<Manifest> manifestOf(FileVersion version) {
        Located at = locate(version.id());
        return at.service().manifestOf(version.withId(at.inner()));
    }

    /**
     * The live files below {@code folder} (null: the whole tree), in path order, page by page. A sibling that sorts
     * before the folder's own files ({@code Project (2)/…} before {@code Project/…}) is skipped, not taken for the end.
     */
    public List<FileVersion> under(FileId folder, boolean includeDeleted) {
        String prefix = folder == null ? "" : folder.value() + "/";
        List<FileVersion> found = new ArrayList<>();
        FileId after = folder;
        while (true) {
            List<FileVersion> page = list(after, PAGE, includeDeleted);
            for (FileVersion v : page) {
                String id = v.id().value();
                if (id.startsWith(prefix)) {
                    found.add(v);
                } else if (id.compareTo(prefix) > 0) {
                    return found;
                }
            }
            if (page.size() < PAGE) {
                return found;
            }
            after = page.getLast().id();
        }
    }

    private static final int PAGE = 1000;

    /** Where a path of the tree is stored: its namespace, its path there, and the caller's role (null at home). */
    public record Place(Namespace namespace, FileId inner, Role role) {
    }

    public Place where(FileId id) {
        Located at = locate(id);
        return at.mount().map(m -> new Place(m.namespace(), at.inner(), m.role()))
                .orElse(new Place(homeNamespace, id, null));
    }

    /**
     * Where a folder's own entries are stored: for a shared folder's mount path, the root of its namespace
     * ({@code inner} null); otherwise as {@link #where}.
     */
    public Place folderPlace(FileId folder) {
        for (Placed placed : mounts) {
            if (placed.mount().path().equals(folder)) {
                return new Place(placed.mount().namespace(), null, placed.mount().role());
            }
        }
        return where(folder);
    }

    /** Whether {@code folder} is a shared folder's own path in this tree (it exists even when empty). */
    public boolean isMount(FileId folder) {
        return mounts.stream().anyMatch(p -> p.mount().path().equals(folder));
    }

    // ---- writes --------------------------------------------------------------------------------------------------

    public dev.syncr.core.StagedBlob stage(InputStream content) throws IOException {
        return home.stage(content);
    }

    /** A client's own conflicted copy of {@code original} (see {@link SyncService#uploadConflictedCopy}). */
    public WriteOutcome uploadConflictedCopy(StagedUpload copy, FileId original, long baseVersion)
            throws IOException {
        Located at = writable(copy.id());
        Located of = locate(original);
        if (at.service() != of.service()) {
            return upload(copy); // a record names two files of one namespace
        }
        WriteOutcome outcome = at.service().uploadConflictedCopy(new StagedUpload(at.inner(), copy.expectedVersion(),
                copy.staged(), copy.claimedHash(), by(at, copy.clientId()), copy.onConflict(), copy.modifiedAt()),
                of.inner(), baseVersion);
        if (at.mount().isPresent()) {
            adoptChunksOf(at, outcome);
        }
        return outer(at, outcome);
    }

    public WriteOutcome upload(UploadRequest request) throws IOException {
        Located at = writable(request.id());
        return outer(at, at.service().upload(new UploadRequest(at.inner(), request.expectedVersion(),
                request.content(), request.claimedHash(), by(at, request.clientId()), request.onConflict())));
    }

    /** Commits content staged in the home; a shared folder then holds its chunks too, so its members can read them. */
    public WriteOutcome upload(StagedUpload request) throws IOException {
        Located at = writable(request.id());
        WriteOutcome outcome = at.service().upload(new StagedUpload(at.inner(), request.expectedVersion(),
                request.staged(), request.claimedHash(), by(at, request.clientId()), request.onConflict(),
                request.modifiedAt()));
        if (at.mount().isPresent()) {
            adoptChunksOf(at, outcome);
        }
        return outer(at, outcome);
    }

    public List<WriteOutcome> uploadEach(List<BatchUpload> uploads, String clientId) throws IOException {
        List<WriteOutcome> outcomes = new ArrayList<>(uploads.size());
        // grouped by namespace, each group one transaction there; answered in the order asked
        java.util.Map<SyncService, List<Integer>> groups = new java.util.LinkedHashMap<>();
        List<Located> located = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            Located at = writable(uploads.get(i).id());
            located.add(at);
            groups.computeIfAbsent(at.service(), s -> new ArrayList<>()).add(i);
            outcomes.add(null);
        }
        for (var group : groups.entrySet()) {
            List<BatchUpload> inner = group.getValue().stream().map(i -> {
                BatchUpload u = uploads.get(i);
                return new BatchUpload(located.get(i).inner(), u.expectedVersion(), u.content(), u.claimedHash());
            }).toList();
            List<WriteOutcome> done = group.getKey().uploadEach(inner, by(located.get(group.getValue().getFirst()),
                    clientId));
            for (int j = 0; j < done.size(); j++) {
                int i = group.getValue().get(j);
                outcomes.set(i, outer(located.get(i), done.get(j)));
            }
        }
        return outcomes;
    }

    /** Sets a live file's modification time (metadata only: no new version); false if it is not at that version. */
    public boolean touch(FileId id, long version, java.time.Instant modifiedAt) {
        Located at = writable(id);
        return at.service().touch(at.inner(), version, modifiedAt);
    }

    public WriteOutcome delete(DeleteRequest request) {
        Located at = writable(request.id());
        return outer(at, at.service().delete(new DeleteRequest(at.inner(), request.expectedVersion(),
                by(at, request.clientId()))));
    }

    public WriteOutcome restore(RestoreRequest request) {
        Located at = writable(request.id());
        return outer(at, at.service().restore(new RestoreRequest(at.inner(), request.version(),
                request.expectedVersion(), by(at, request.clientId()))));
    }

    /**
     * Renames inside one namespace as the service does. Between namespaces (out of a shared folder, into one, or
     * between two) it is a copy to the destination, then a delete of the source: the deleted version stays in the
     * source's history, so whoever owns it can restore it.
     */
    public WriteOutcome move(MoveRequest request) throws IOException {
        Located from = writable(request.from());
        Located to = writable(request.to());
        if (from.service() == to.service()) {
            return outer(from, from.service().move(new MoveRequest(from.inner(), to.inner(),
                    request.expectedVersion(), by(from, request.clientId()))));
        }
        Optional<FileVersion> head = from.service().metadata(from.inner()).filter(v -> !v.deleted());
        if (head.isEmpty() || head.get().version() != request.expectedVersion()) {
            return outer(from, new WriteOutcome.Conflict(from.inner(), request.expectedVersion(),
                    from.service().metadata(from.inner())));
        }
        if (to.service().metadata(to.inner()).filter(v -> !v.deleted()).isPresent()) {
            return outer(to, new WriteOutcome.Conflict(to.inner(), 0, to.service().metadata(to.inner())));
        }
        long over = to.service().metadata(to.inner()).map(FileVersion::version).orElse(0L);
        WriteOutcome copied;
        try (InputStream content = from.service().open(head.get().content())) {
            copied = to.service().upload(new UploadRequest(to.inner(), over, content, Optional.of(head.get().hash()),
                    by(to, request.clientId()), dev.syncr.core.OnConflict.REJECT));
        }
        if (!(copied instanceof WriteOutcome.Committed)) {
            return outer(to, copied);
        }
        WriteOutcome deleted = from.service().delete(new DeleteRequest(from.inner(),
                OptionalLong.of(head.get().version()), by(from, request.clientId())));
        if (!(deleted instanceof WriteOutcome.Committed)) {
            return outer(from, deleted); // the copy stays: nothing is lost, the source changed meanwhile
        }
        return outer(to, copied);
    }

    public WriteOutcome commitManifest(FileId id, long expectedVersion, Manifest manifest, String clientId,
                                       dev.syncr.core.OnConflict onConflict) throws IOException {
        Located at = writable(id);
        if (at.mount().isPresent()) {
            // the caller uploaded the chunks to their home; the folder takes its hold of those the home has
            at.service().adoptChunks(home, manifest.chunks().stream().map(ChunkRef::hash).toList());
        }
        return outer(at, at.service().commitManifest(at.inner(), expectedVersion, manifest, by(at, clientId),
                onConflict));
    }

    private void adoptChunksOf(Located at, WriteOutcome outcome) {
        Optional<FileVersion> written = switch (outcome) {
            case WriteOutcome.Committed c -> Optional.of(c.version());
            case WriteOutcome.Merged m -> Optional.of(m.version());
            case WriteOutcome.KeptBoth k -> Optional.of(k.copy());
            default -> Optional.empty();
        };
        written.flatMap(v -> at.service().manifestOf(v)).ifPresent(m -> at.service().adoptChunks(home,
                m.chunks().stream().map(ChunkRef::hash).toList()));
    }

    // ---- chunks: uploaded to the home; readable from any namespace of the tree ------------------------------------

    public List<String> missingChunks(java.util.Collection<String> hashes) {
        return home.missingChunks(hashes);
    }

    public dev.syncr.core.chunk.ChunkUpload putChunk(String claimedHash, InputStream in) throws IOException {
        return home.putChunk(claimedHash, in);
    }

    public Optional<InputStream> openChunk(String hash) throws IOException {
        Optional<InputStream> chunk = home.openChunk(hash);
        for (int i = 0; chunk.isEmpty() && i < mounts.size(); i++) {
            chunk = mounts.get(i).service().openChunk(hash);
        }
        return chunk;
    }

    // ---- conflicts -----------------------------------------------------------------------------------------------

    public List<ConflictRecord> conflicts(boolean includeResolved) {
        List<ConflictRecord> all = new ArrayList<>(home.conflicts(includeResolved));
        for (Placed placed : mounts) {
            placed.service().conflicts(includeResolved).forEach(c -> all.add(outer(placed.mount(), c)));
        }
        all.sort(Comparator.comparingLong(ConflictRecord::id));
        return all;
    }

    public Optional<ConflictRecord> conflict(long id) {
        Optional<ConflictRecord> found = home.conflict(id);
        for (int i = 0; found.isEmpty() && i < mounts.size(); i++) {
            Placed placed = mounts.get(i);
            found = placed.service().conflict(id).map(c -> outer(placed.mount(), c));
        }
        return found;
    }

    public ResolveOutcome resolve(long conflictId, Keep keep, OptionalLong expectedVersion,
                                  Optional<InputStream> content, String clientId) throws IOException {
        if (home.conflict(conflictId).isPresent()) {
            return home.resolve(conflictId, keep, expectedVersion, content, clientId);
        }
        for (Placed placed : mounts) {
            Optional<ConflictRecord> found = placed.service().conflict(conflictId);
            if (found.isPresent()) {
                if (!placed.mount().role().writes()) {
                    throw new ReadOnlyException(placed.mount().outer(found.get().file()), placed.mount().path());
                }
                return outer(placed.mount(), placed.service().resolve(conflictId, keep, expectedVersion, content,
                        named(clientId)));
            }
        }
        return new ResolveOutcome.NotFound(conflictId);
    }

    // ---- the feed ------------------------------------------------------------------------------------------------

    public long latestCursor() {
        long latest = home.latestCursor();
        for (Placed placed : mounts) {
            latest = Math.max(latest, placed.service().latestCursor());
        }
        for (MountEvent event : events) {
            latest = Math.max(latest, event.cursor());
        }
        return latest;
    }

    public String storeId() {
        return home.storeId();
    }

    /**
     * The tree's feed after {@code cursor}: every namespace's versions in the user's paths, and the folders mounted
     * and unmounted, in position order. A page never reads past a position some namespace has not been read to, so
     * one cursor serves them all.
     */
    public Page changes(long cursor, int limit) {
        List<Entry> entries = new ArrayList<>();
        long bound = Long.MAX_VALUE;
        long readTo = cursor;
        boolean more = false;
        List<ChangePage> pages = new ArrayList<>();
        ChangePage homePage = home.changes(cursor, limit);
        pages.add(homePage);
        homePage.changes().forEach(c -> entries.add(new Entry.Version(c.cursor(), c.version())));
        for (Placed placed : mounts) {
            ChangePage page = placed.service().changes(cursor, limit);
            pages.add(page);
            page.changes().forEach(c -> entries.add(new Entry.Version(c.cursor(), c.version().withId(
                    placed.mount().outer(c.version().id())))));
        }
        for (ChangePage page : pages) {
            if (page.hasMore()) {
                more = true;
                bound = Math.min(bound, page.cursor());
            }
            readTo = Math.max(readTo, page.cursor());
        }
        events.stream().filter(e -> e.cursor() > cursor)
                .forEach(e -> entries.add(new Entry.Mounted(e.cursor(), e.path(), e.mounted())));
        final long limitBound = bound;
        List<Entry> page = entries.stream().filter(e -> e.cursor() <= limitBound)
                .sorted(Comparator.comparingLong(Entry::cursor)).toList();
        if (page.size() > limit) {
            page = page.subList(0, limit);
            more = true;
        }
        long next;
        if (more) {
            next = page.isEmpty() ? bound : page.getLast().cursor();
        } else {
            next = Math.max(readTo, page.isEmpty() ? cursor : page.getLast().cursor());
        }
        return new Page(List.copyOf(page), next, more);
    }

    /** What the account's files hold, the folders it shares included (what its quota counts). */
    public long usage() {
        return home.usage() + homeElsewhere.getAsLong();
    }

    // ---- answers in the user's paths -----------------------------------------------------------------------------

    private static FileId outer(Located at, FileId inner) {
        return at.mount().map(m -> m.outer(inner)).orElse(inner);
    }

    private static FileVersion outer(Located at, FileVersion v) {
        return at.mount().map(m -> v.withId(m.outer(v.id()))).orElse(v);
    }

    private static WriteOutcome outer(Located at, WriteOutcome outcome) {
        return at.mount().map(m -> outer(m, outcome)).orElse(outcome);
    }

    private static WriteOutcome outer(Mount m, WriteOutcome outcome) {
        return switch (outcome) {
            case WriteOutcome.Committed c -> new WriteOutcome.Committed(c.version().withId(m.outer(c.version().id())),
                    c.created());
            case WriteOutcome.Unchanged u -> new WriteOutcome.Unchanged(u.head().withId(m.outer(u.head().id())));
            case WriteOutcome.Conflict c -> new WriteOutcome.Conflict(m.outer(c.id()), c.expectedVersion(),
                    c.current().map(v -> v.withId(m.outer(v.id()))), c.overlaps());
            case WriteOutcome.Merged merged -> new WriteOutcome.Merged(merged.version().withId(
                    m.outer(merged.version().id())));
            case WriteOutcome.KeptBoth k -> new WriteOutcome.KeptBoth(outer(m, k.conflict()),
                    k.copy().withId(m.outer(k.copy().id())), k.current().map(v -> v.withId(m.outer(v.id()))),
                    k.overlaps());
            case WriteOutcome.MissingChunks missing -> new WriteOutcome.MissingChunks(m.outer(missing.id()),
                    missing.hashes());
            case WriteOutcome.NotFound n -> new WriteOutcome.NotFound(m.outer(n.id()), n.message());
            default -> outcome;
        };
    }

    private static ConflictRecord outer(Mount m, ConflictRecord c) {
        return new ConflictRecord(c.id(), m.outer(c.file()), c.baseVersion(), c.winnerVersion(), m.outer(c.copy()),
                c.copyVersion(), c.clientId(), c.createdAt(), c.resolution(), c.resolvedAt(), c.resolvedBy());
    }

    private static ResolveOutcome outer(Mount m, ResolveOutcome outcome) {
        return switch (outcome) {
            case ResolveOutcome.Resolved r -> new ResolveOutcome.Resolved(outer(m, r.conflict()),
                    r.written().stream().map(v -> v.withId(m.outer(v.id()))).toList());
            case ResolveOutcome.AlreadyResolved a -> new ResolveOutcome.AlreadyResolved(outer(m, a.conflict()));
            case ResolveOutcome.Stale s -> new ResolveOutcome.Stale((WriteOutcome.Conflict) outer(m, s.conflict()));
            default -> outcome;
        };
    }
}
