package dev.syncr.client.folder;

import dev.syncr.client.ConflictHandler;
import dev.syncr.client.KeepBoth;
import dev.syncr.client.RemoteChange;
import dev.syncr.client.RemoteFile;
import dev.syncr.client.RequestRejectedException;
import dev.syncr.client.SyncClient;
import dev.syncr.client.folder.Trees.LocalEntry;
import dev.syncr.client.folder.Trees.LocalTree;
import dev.syncr.client.folder.Trees.RemoteEntry;
import dev.syncr.client.folder.Trees.SyncedEntry;
import dev.syncr.core.ConflictNames;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a folder and the server in two-way sync, Dropbox-style. One pass: follow the change feed into the remote
 * tree, scan the disk into the local tree, plan from those and the synced tree ({@link Planner}), then carry the
 * plan out ({@link PlanExecutor}). State lives in {@code DIR/.syncr/}, so a restart, a crash or a week offline
 * continues where it stopped.
 *
 * <pre>{@code
 * try (FolderSync sync = FolderSync.open(Path.of("~/Syncr"), new SyncClient(server, "laptop"), false)) {
 *     sync.syncOnce();
 * }
 * }</pre>
 */
public final class FolderSync implements AutoCloseable {

    /** Pushing more than this many deletions, and more than half of the tree, in one pass needs --allow-mass-delete. */
    private static final int MASS_DELETE_FLOOR = 5;

    private final Path root;
    private final SyncClient client;
    private final SyncState state;
    private final boolean allowMassDelete;
    private final ConflictHandler conflicts;
    private final LocalNames names;
    /**
     * The feed cursor as of the last pass, for the watch thread's long-poll: read here rather than from the state
     * database, whose connection belongs to the thread running passes.
     */
    private volatile long cursor;
    private volatile boolean feedHasNews;
    /** Set when the last feed read brought a shared folder into this tree or took one out of it. */
    private boolean treeChangedInFeed;
    /** Set when a pass found the server reset (see {@link #followFeed}); reported once, by that pass. */
    private Optional<String> serverReset = Optional.empty();

    private FolderSync(Path root, SyncClient client, SyncState state, boolean allowMassDelete,
                       ConflictHandler conflicts, LocalNames names) throws IOException {
        this.root = root;
        this.names = names;
        this.client = client;
        this.state = state;
        this.allowMassDelete = allowMassDelete;
        this.conflicts = conflicts;
        this.cursor = state.cursor();
    }

    /** Folder sync that merges text edits that do not overlap and keeps both otherwise. */
    public static FolderSync open(Path folder, SyncClient client, boolean allowMassDelete) throws IOException {
        return open(folder, client, allowMassDelete, new KeepBoth());
    }

    /** @param conflicts what happens when both sides edited a file (see {@link KeepBoth}) */
    public static FolderSync open(Path folder, SyncClient client, boolean allowMassDelete,
                                  ConflictHandler conflicts) throws IOException {
        return open(folder, client, allowMassDelete, conflicts, LocalNames.ofThisPlatform());
    }

    /** @param names the naming rules of the folder's file system (the platform's, unless a test says otherwise) */
    public static FolderSync open(Path folder, SyncClient client, boolean allowMassDelete,
                                  ConflictHandler conflicts, LocalNames names) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        java.nio.file.Files.createDirectories(root);
        SyncState state = SyncState.open(root);
        String server = client.server().toString();
        var known = state.meta("server");
        if (known.isPresent() && !known.get().equals(server)) {
            state.close();
            throw new IOException(root + " is synced with " + known.get() + ", not " + server
                    + "; sync another folder with this server");
        }
        state.setMeta("server", server);
        try {
            return new FolderSync(root, client, state, allowMassDelete, conflicts, names);
        } catch (IOException e) {
            state.close();
            throw e;
        }
    }

    public Path root() {
        return root;
    }

    public SyncClient client() {
        return client;
    }

    /** The feed cursor this folder has read up to (safe to call from any thread). */
    public long cursor() {
        return cursor;
    }

    /** One full pass: trees, plan, execution. */
    public PassResult syncOnce() throws IOException {
        serverReset = Optional.empty();
        Snapshot snapshot = snapshot();
        Optional<String> reset = serverReset;
        List<Operation> plan = snapshot.plan();
        // Only deletions this device would push count: a folder that vanished here (an unmounted disk, a stray
        // rm -r) must not empty every other device. Deletions arriving from the server were confirmed where made.
        int deletes = (int) plan.stream().filter(op -> op instanceof Operation.DeleteRemote).count();
        if (!allowMassDelete && deletes > MASS_DELETE_FLOOR && deletes * 2 > snapshot.synced().size()) {
            return new PassResult.StoppedMassDelete(deletes, snapshot.synced().size(), plan);
        }
        PlanExecutor executor = new PlanExecutor(root, client, state, new java.util.HashMap<>(snapshot.local().files()),
                snapshot.local().scannedAtMillis(), snapshot.remote(), conflicts);
        executor.runAll(plan);
        catchUp();
        return new PassResult.Completed(plan, executor.uploaded, executor.downloaded, executor.deletedLocally,
                executor.deletedRemotely, executor.conflicts, executor.merged, List.copyOf(executor.skipped),
                snapshot.leftAlone(), reset);
    }

    /**
     * What a pass would see now, without doing anything (for {@code syncr status}): one look at the feed and the disk.
     *
     * @param pending          what it would do
     * @param leftAlone        paths it would leave alone, with why
     * @param conflictedCopies conflicted copies present in the folder
     */
    public record Preview(List<Operation> pending, Map<String, String> leftAlone, List<FileId> conflictedCopies) {
    }

    public Preview preview() throws IOException {
        Snapshot snapshot = snapshot();
        return new Preview(snapshot.plan(), snapshot.leftAlone(), snapshot.local().files().keySet().stream()
                .filter(ConflictNames::isConflictedCopy).sorted().toList());
    }

    /**
     * @param unplaceable ids this folder cannot hold (see {@link LocalNames}), with why
     */
    record Snapshot(LocalTree local, Map<FileId, RemoteEntry> remote, Map<FileId, SyncedEntry> synced,
                    Map<FileId, String> unplaceable, List<FileId> departed, List<FileId> readOnly) {

        List<Operation> plan() {
            return Planner.plan(local.files(), remote, synced,
                    id -> local.unknown(id) || unplaceable.containsKey(id),
                    new Planner.Folders(id -> under(departed, id), id -> under(readOnly, id)));
        }

        /** Paths this pass leaves alone, with why, in a user's words. */
        Map<String, String> leftAlone() {
            Map<String, String> why = new java.util.TreeMap<>();
            local.unreadable().forEach((path, reason) -> why.put(path.isEmpty() ? "." : path,
                    reason + "; left as it is on both sides"));
            unplaceable.forEach((id, reason) -> why.put(id.value(), reason));
            local.files().keySet().stream().filter(id -> under(readOnly, id) && !synced.containsKey(id)
                    && !remote.containsKey(id)).forEach(id -> why.put(id.value(), "in a folder shared with you to "
                    + "read only: kept here, never uploaded"));
            return why;
        }
    }

    /** Whether {@code id} is inside one of {@code folders}. */
    static boolean under(List<FileId> folders, FileId id) {
        return folders.stream().anyMatch(f -> id.value().startsWith(f.value() + "/"));
    }

    private Snapshot snapshot() throws IOException {
        followFeed();
        List<FileId> departed = departed();
        List<FileId> readOnly = readOnlyFolders();
        Map<FileId, SyncedEntry> synced = state.synced();
        Map<FileId, RemoteEntry> remote = state.remote();
        LocalTree local = LocalScan.scan(root, synced, remote.keySet());
        if (restat(local, synced)) {
            synced = state.synced();
        }
        List<FileId> live = remote.entrySet().stream().filter(e -> !e.getValue().deleted()).map(Map.Entry::getKey)
                .toList();
        // a folder that left this tree is done with once no copy synced from it is left (an edit kept became a file
        // of this account's own, which the server has again)
        Map<FileId, SyncedEntry> agreed = synced;
        List<FileId> done = departed.stream().filter(f -> agreed.keySet().stream().noneMatch(id -> under(List.of(f),
                id) && !remote.containsKey(id))).toList();
        if (!done.isEmpty()) {
            List<FileId> still = new ArrayList<>(departed);
            still.removeAll(done);
            setDeparted(still);
        }
        return new Snapshot(local, remote, synced, names.unplaceable(local.files().keySet(), synced.keySet(), live),
                departed, readOnly);
    }

    /**
     * Records the stat of files whose content still is what was agreed but whose size-and-time fingerprint is not
     * (touched, copied back, or agreed too recently to trust, see {@link SyncedEntry#settled}), so the next scan
     * takes the fast path again instead of hashing them on every pass.
     */
    private boolean restat(LocalTree local, Map<FileId, SyncedEntry> synced) throws IOException {
        Map<FileId, SyncedEntry> restat = new LinkedHashMap<>();
        long seenAt = local.scannedAtMillis(); // before any of its stats was read
        local.files().forEach((id, seen) -> {
            SyncedEntry agreed = synced.get(id);
            if (agreed != null && agreed.hash().equals(seen.hash())) {
                SyncedEntry fresh = new SyncedEntry(agreed.version(), agreed.hash(), seen.size(),
                        seen.modifiedMillis());
                if (!fresh.settled(seenAt).equals(agreed)) {
                    restat.put(id, fresh);
                }
            }
        });
        state.agreeAll(restat, seenAt);
        return !restat.isEmpty();
    }

    /**
     * Whether the feed read at the end of the last pass brought changes that pass did not make itself (another
     * device's, committed while it ran): then another pass is due at once.
     */
    public boolean feedHasNews() {
        return feedHasNews;
    }

    /**
     * Reads the feed once more after the plan ran, so this device's own commits are behind the cursor (a watch would
     * otherwise take them for news and run a pass for nothing), and notes whether anything else arrived meanwhile.
     */
    private void catchUp() throws IOException {
        Map<FileId, RemoteEntry> followed = followFeed();
        Map<FileId, SyncedEntry> synced = followed.isEmpty() ? Map.of() : state.synced();
        feedHasNews = treeChangedInFeed || followed.entrySet().stream().anyMatch(e -> {
            SyncedEntry agreed = synced.get(e.getKey());
            boolean ours = agreed != null ? agreed.version() == e.getValue().version() : e.getValue().deleted();
            return !ours;
        });
    }

    /**
     * Reads the change feed from the saved cursor into the remote tree; returns the heads it read. Before trusting the
     * cursor it checks that the server is still the one it was read from: the same store id, and the last change
     * this folder saw still there at its position (re-read as the first entry of the first page, so the check costs
     * no request). A server recreated at this address, or restored from a backup, fails one of the two; its feed
     * positions were handed out again and mean something else. Then the folder forgets what it learnt from the
     * server and re-lists it ({@link SyncState#resetRemote}), like Dropbox's {@code reset}.
     */
    private Map<FileId, RemoteEntry> followFeed() throws IOException {
        treeChangedInFeed = false;
        Map<FileId, RemoteEntry> followed = new LinkedHashMap<>();
        Optional<SeenChange> last = state.meta("last_change").map(SeenChange::parse);
        long cursor = last.map(seen -> seen.cursor() - 1).orElse(state.cursor());
        boolean checked = false;
        while (true) {
            RemoteChange.Page page = client.changes(cursor, 1000);
            if (!checked) {
                checked = true;
                Optional<String> reset = resetReason(page, last);
                if (reset.isPresent()) {
                    state.resetRemote(page.storeId());
                    serverReset = reset;
                    followed.clear();
                    last = Optional.empty();
                    cursor = 0;
                    this.cursor = 0;
                    continue;
                }
                if (page.storeId() != null && state.meta("store_id").isEmpty()) {
                    state.setMeta("store_id", page.storeId());
                }
            }
            Map<FileId, RemoteEntry> heads = new LinkedHashMap<>();
            for (RemoteChange c : page.changes()) {
                if (c.mounted() || c.unmounted()) {
                    treeChanged(c, heads);
                    continue;
                }
                RemoteEntry previous = heads.get(c.id());
                if (previous == null || c.version() > previous.version()) {
                    heads.put(c.id(), new RemoteEntry(c.version(), c.contentHash(), c.size(), c.deleted()));
                }
            }
            String lastChange = page.changes().isEmpty() ? null : SeenChange.of(page.changes().getLast()).text();
            state.followed(new ArrayList<>(heads.keySet()), heads, page.cursor(), lastChange);
            followed.putAll(heads);
            cursor = page.cursor();
            this.cursor = cursor;
            if (!page.hasMore()) {
                return followed;
            }
        }
    }

    /**
     * A shared folder appeared in this account's tree (its files are listed into the remote tree: the feed will not
     * bring their past) or left it (what the server had there is forgotten, and the next pass deletes the copies here
     * that are unchanged, keeping the edited ones as files of this account's own).
     */
    private void treeChanged(RemoteChange c, Map<FileId, RemoteEntry> heads) throws IOException {
        FileId folder = c.id();
        List<FileId> departed = new ArrayList<>(departed());
        heads.keySet().removeIf(id -> under(List.of(folder), id));
        if (c.mounted()) {
            departed.remove(folder);
            for (RemoteFile f : client.list(true)) {
                if (under(List.of(folder), f.id())) {
                    heads.put(f.id(), new RemoteEntry(f.version(), f.contentHash(), f.size(), f.deleted()));
                }
            }
        } else {
            state.dropRemoteUnder(folder);
            if (!departed.contains(folder)) {
                departed.add(folder);
            }
        }
        setDeparted(departed);
        treeChangedInFeed = true;
    }

    /** Folders that left this account's tree and still have synced copies here (kept in the state: a crash keeps them). */
    private List<FileId> departed() throws IOException {
        return state.meta("departed").filter(v -> !v.isEmpty()).map(v -> java.util.Arrays.stream(v.split("\n"))
                .map(FileId::of).toList()).orElse(List.of());
    }

    private void setDeparted(List<FileId> folders) throws IOException {
        state.setMeta("departed", String.join("\n", folders.stream().map(FileId::value).toList()));
    }

    /** The folders shared with this account to read only; none from a server without sharing or accounts. */
    private List<FileId> readOnlyFolders() {
        try {
            return client.sharing().readOnlyFolders();
        } catch (RequestRejectedException noSharing) {
            return List.of();
        }
    }

    /** Why the server is not the one this folder followed, if it is not. */
    private Optional<String> resetReason(RemoteChange.Page page, Optional<SeenChange> last) throws IOException {
        Optional<String> known = state.meta("store_id");
        if (known.isPresent() && page.storeId() != null && !known.get().equals(page.storeId())) {
            return Optional.of("the server's store is not the one this folder synced with (recreated at "
                    + client.server() + "?)");
        }
        // a change of a shared folder that left this account's tree is no longer in its feed: the page says so
        boolean unmounted = last.isPresent() && page.changes().stream().anyMatch(c -> c.unmounted()
                && last.get().id().startsWith(c.id().value() + "/"));
        if (last.isPresent() && !unmounted && (page.changes().isEmpty()
                || !SeenChange.of(page.changes().getFirst()).equals(last.get()))) {
            return Optional.of("the server no longer has the last change this folder saw (restored from a backup?)");
        }
        return Optional.empty();
    }

    /** The last change a folder followed: where it was in the feed, and what it was. */
    record SeenChange(long cursor, String id, long version, String hash) {

        static SeenChange of(RemoteChange change) {
            return new SeenChange(change.cursor(), change.id().value(), change.version(),
                    change.contentHash() == null ? "" : change.contentHash());
        }

        String text() {
            return cursor + " " + version + " " + hash + " " + id; // the id last: it may hold spaces
        }

        static SeenChange parse(String text) {
            String[] parts = text.split(" ", 4);
            return new SeenChange(Long.parseLong(parts[0]), parts[3], Long.parseLong(parts[1]), parts[2]);
        }
    }

    @Override
    public void close() throws IOException {
        state.close();
    }
}
