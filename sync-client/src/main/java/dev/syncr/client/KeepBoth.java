package dev.syncr.client;

import dev.syncr.core.FileId;
import dev.syncr.core.OnConflict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one conflict engine, used by the seed-style {@link Workspace} and by folder sync alike. The server merges clean
 * text edits (unless told not to) and otherwise keeps both: the head keeps the name, the local edit becomes
 * {@code document (conflicted copy ClientB).txt}, and the copy and its conflict record are created together on the
 * server. Locally, the copy is written first and the original is replaced only after: a crash in between leaves an
 * extra copy, never a loss.
 */
public final class KeepBoth implements ConflictHandler {

    private final boolean mergeText;

    /** Merges text edits that do not overlap; keeps both otherwise. */
    public KeepBoth() {
        this(true);
    }

    /** @param mergeText false: always keep both, even for edits a 3-way merge would join */
    public KeepBoth(boolean mergeText) {
        this.mergeText = mergeText;
    }

    @Override
    public OnConflict policy() {
        return new OnConflict(mergeText, true);
    }

    @Override
    public Resolution settle(SyncClient client, LocalFiles local, FileId id, String sentHash, WriteResult answer)
            throws IOException {
        return switch (answer) {
            case WriteResult.Merged m -> {
                // the merged version holds the local edit: it replaces the local copy, unless that changed again
                Optional<FilePlacement.Expected> unchanged = FilePlacement.Expected.holding(local.path(id), sentHash);
                if (unchanged.isPresent()) {
                    fetch(client, local, id, unchanged.get());
                }
                yield new Merged(id, m.version(), m.baseVersion(), m.headVersion());
            }
            case WriteResult.KeptBoth k -> {
                RemoteConflict conflict = k.conflict();
                Path original = local.path(id);
                Path copy = local.path(conflict.copy());
                Optional<FilePlacement.Expected> unchanged = FilePlacement.Expected.holding(original, sentHash);
                if (unchanged.isPresent()) {
                    if (FilePlacement.copy(original, copy, local.workFolder(), FilePlacement.Expected.ABSENT)
                            instanceof FilePlacement.Placed) {
                        local.synced(conflict.copy(), conflict.copyVersion(), sentHash);
                    }
                    fetch(client, local, id, unchanged.get());
                } else {
                    // edited again meanwhile: the copy comes from the server, the new edit stays for the next sync
                    fetch(client, local, conflict.copy(), FilePlacement.Expected.ABSENT);
                }
                yield new KeptBoth(id, k.currentVersion(), conflict.copy(), conflict.copyVersion(), conflict.id());
            }
            case WriteResult.Committed c -> {
                local.synced(id, c.version(), c.contentHash());
                yield new EditRestored(id, c.version());
            }
            case WriteResult.Unchanged u when u.contentHash().equals(sentHash) -> {
                local.synced(id, u.version(), u.contentHash());
                yield new EditRestored(id, u.version());
            }
            case WriteResult.Unchanged u -> {
                // the head holds this edit merged with others, so it replaces the local copy as a merge would; the
                // local copy is never recorded as holding the head's content
                Optional<FilePlacement.Expected> unchanged = FilePlacement.Expected.holding(local.path(id), sentHash);
                if (unchanged.isPresent()) {
                    fetch(client, local, id, unchanged.get());
                }
                yield new AlreadyThere(id, u.version());
            }
            case WriteResult.Conflict c -> throw new IOException("the server neither merged nor kept both for " + id
                    + " (expected " + c.expectedVersion() + ", head " + c.currentVersion() + ")");
            case WriteResult.NotFound n -> throw new IOException(n.message());
        };
    }

    /**
     * The server's head of {@code id} into its local place, durably, then remembered as synced; if the local file is
     * no longer what {@code expected} says (saved again meanwhile), it is kept and the next sync carries it.
     */
    private static void fetch(SyncClient client, LocalFiles local, FileId id, FilePlacement.Expected expected)
            throws IOException {
        Path target = local.path(id);
        Path temp = Files.createTempFile(local.workFolder(), "download-", ".part");
        try {
            Optional<RemoteFile> head = client.getFile(id, temp, target);
            if (head.isEmpty()) {
                return; // deleted meanwhile; the next sync carries that over
            }
            if (FilePlacement.place(temp, target, expected) instanceof FilePlacement.Placed) {
                local.synced(id, head.get().version(), head.get().contentHash());
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
