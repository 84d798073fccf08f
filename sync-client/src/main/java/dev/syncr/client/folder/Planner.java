package dev.syncr.client.folder;

import dev.syncr.client.folder.Trees.LocalEntry;
import dev.syncr.client.folder.Trees.RemoteEntry;
import dev.syncr.client.folder.Trees.SyncedEntry;
import dev.syncr.core.FileId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The sync decision as a pure function: three trees in, operations out, no I/O. Because it is pure it is tested
 * directly, including with randomly generated trees.
 *
 * <p>For each file, the synced tree (the last agreed state) tells which side changed:
 * <ul>
 *   <li>one side changed → carry it to the other (upload, download, or a delete);</li>
 *   <li>both changed to the same content, or both deleted → just agree;</li>
 *   <li>both edited → reconcile: the server merges clean text edits, or keeps both (the server's version keeps the
 *   name, the local edit becomes a conflicted copy);</li>
 *   <li>edited on one side, deleted on the other → the edit wins and nothing is deleted.</li>
 * </ul>
 */
final class Planner {

    private Planner() {
    }

    public static List<Operation> plan(Map<FileId, LocalEntry> local, Map<FileId, RemoteEntry> remote,
                                       Map<FileId, SyncedEntry> synced) {
        return plan(local, remote, synced, id -> false);
    }

    /**
     * As {@link #plan(Map, Map, Map)}, leaving alone the files {@code leaveAlone} names: those this pass knows nothing
     * certain about locally (an unreadable folder) or cannot place (a name the file system cannot hold). No operation
     * touches them on either side; the next pass looks again.
     */
    public static List<Operation> plan(Map<FileId, LocalEntry> local, Map<FileId, RemoteEntry> remote,
                                       Map<FileId, SyncedEntry> synced, Predicate<FileId> leaveAlone) {
        return plan(local, remote, synced, leaveAlone, Folders.NONE);
    }

    /**
     * Shared folders that change the rules for the files in them.
     *
     * @param departed files of a shared folder that left this account's tree: what the server had there is no longer
     *                 this account's, so a copy unchanged since the last sync goes and an edited one stays (and becomes
     *                 a file of the account's own)
     * @param readOnly files of a folder shared to read only: nothing is ever uploaded or deleted there; a local edit
     *                 is kept as a local conflicted copy and the server's version stays in place
     */
    public record Folders(Predicate<FileId> departed, Predicate<FileId> readOnly) {
        public static final Folders NONE = new Folders(id -> false, id -> false);
    }

    /** As {@link #plan(Map, Map, Map, Predicate)}, with the rules of shared folders. */
    public static List<Operation> plan(Map<FileId, LocalEntry> local, Map<FileId, RemoteEntry> remote,
                                       Map<FileId, SyncedEntry> synced, Predicate<FileId> leaveAlone,
                                       Folders folders) {
        Set<FileId> ids = new TreeSet<>();
        ids.addAll(local.keySet());
        ids.addAll(remote.keySet());
        ids.addAll(synced.keySet());
        List<Operation> plan = new ArrayList<>();
        for (FileId id : ids) {
            if (IgnoreRules.ignored(id) || leaveAlone.test(id)) {
                continue;
            }
            LocalEntry l = local.get(id);
            RemoteEntry rAny = remote.get(id);
            SyncedEntry s = synced.get(id);
            Operation op;
            if (s != null && rAny == null && folders.departed().test(id)) {
                op = l == null ? new Operation.Forget(id)
                        : l.hash().equals(s.hash()) ? new Operation.DeleteLocal(id, l.hash())
                        : new Operation.Upload(id, 0);
            } else if (folders.readOnly().test(id)) {
                op = decideReadOnly(id, l, live(rAny), rAny, s);
            } else {
                op = decide(id, l, live(rAny), rAny, s);
            }
            if (op != null) {
                plan.add(op);
            }
        }
        return plan;
    }

    private static RemoteEntry live(RemoteEntry r) {
        return r == null || r.deleted() ? null : r;
    }

    /** Server to local as ever; a local change never goes up, and the server's version stays where it was. */
    private static Operation decideReadOnly(FileId id, LocalEntry l, RemoteEntry r, RemoteEntry rAny,
                                            SyncedEntry s) {
        boolean localChanged = s == null ? l != null : l == null || !l.hash().equals(s.hash());
        if (!localChanged) {
            return decide(id, l, r, rAny, s);
        }
        if (l == null) {
            return r != null ? new Operation.Download(id, r.version(), r.hash()) : new Operation.Forget(id);
        }
        if (r != null && l.hash().equals(r.hash())) {
            return new Operation.Agree(id, r.version(), r.hash());
        }
        if (s == null && r == null) {
            return null; // made here: it stays here, never uploaded (the pass says so)
        }
        return new Operation.KeepLocalCopy(id, r == null ? 0 : r.version(), r == null ? null : r.hash());
    }

    private static Operation decide(FileId id, LocalEntry l, RemoteEntry r, RemoteEntry rAny, SyncedEntry s) {
        if (s != null && rAny == null) {
            // The server has never heard of a file we agreed on (a reset or different server): the local copy may
            // be the only one left, so it is uploaded again rather than deleted.
            return l != null ? new Operation.Upload(id, 0) : new Operation.Forget(id);
        }
        boolean localChanged = s == null ? l != null : l == null || !l.hash().equals(s.hash());
        boolean remoteChanged = s == null ? r != null : rAny.version() != s.version();
        if (!localChanged && !remoteChanged) {
            return null;
        }
        long remoteVersion = rAny == null ? 0 : rAny.version();
        if (localChanged && !remoteChanged) {
            if (l != null) {
                return new Operation.Upload(id, s == null ? 0 : s.version());
            }
            return new Operation.DeleteRemote(id, s.version());
        }
        if (!localChanged) {
            if (r != null) {
                if (l != null && l.hash().equals(r.hash())) {
                    return new Operation.Agree(id, r.version(), r.hash());
                }
                return new Operation.Download(id, r.version(), r.hash());
            }
            if (l == null) {
                return new Operation.Forget(id);
            }
            return new Operation.DeleteLocal(id, l.hash());
        }
        // both changed
        if (l == null && r == null) {
            return new Operation.Forget(id);
        }
        if (l == null) {
            return new Operation.Download(id, r.version(), r.hash()); // deleted here, edited there: restore it
        }
        if (r == null) {
            return new Operation.Upload(id, remoteVersion); // edited here, deleted there: the edit wins
        }
        if (Objects.equals(l.hash(), r.hash())) {
            return new Operation.Agree(id, r.version(), r.hash());
        }
        return new Operation.Reconcile(id, s == null ? 0 : s.version(), r.version(), r.hash());
    }
}
