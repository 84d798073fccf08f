package dev.syncr.client;

import dev.syncr.core.FileId;
import java.io.IOException;
import java.util.Optional;

/**
 * One client's view of the seed's sync model: a local cache of files, each tracked against the server version it
 * was based on, and a conflict handler for when a push loses. Edits are local until pushed; "offline" is simply
 * not pushing.
 *
 * <p>Why a second model beside {@link dev.syncr.client.folder.FolderSync}: that one mirrors a whole folder both ways
 * and decides by itself what to send; this one is for a program that works on files it names, one by one, and says
 * when (an editor's save, the seed's demos: pull, edit offline, push, see the conflict). Both write through the same
 * {@link SyncClient} with the same compare-and-set; they differ in who decides what moves.
 *
 * <pre>{@code
 * Workspace b = new Workspace(new SyncClient(server, "ClientB"), new LocalCache(dir), new KeepBoth());
 * b.pull(doc);
 * b.edit(doc, "Hello World - EDITED BY CLIENT B (offline)");
 * switch (b.push(doc)) {
 *     case Workspace.Pushed p -> ...        // v1 → v2
 *     case Workspace.Resolved r -> ...      // conflicted copy saved and uploaded
 *     case Workspace.UpToDate u -> ...
 * }
 * }</pre>
 */
public final class Workspace {

    private final SyncClient client;
    private final LocalCache cache;
    private final ConflictHandler conflicts;

    public Workspace(SyncClient client, LocalCache cache, ConflictHandler conflicts) {
        this.client = client;
        this.cache = cache;
        this.conflicts = conflicts;
    }

    /** What a push came to. */
    public sealed interface PushOutcome {
    }

    /** The local edit is now the server's head. */
    public record Pushed(FileId id, long fromVersion, long toVersion) implements PushOutcome {
    }

    /** The server already had this content. */
    public record UpToDate(FileId id, long version) implements PushOutcome {
    }

    /** The push conflicted and the handler resolved it. */
    public record Resolved(FileId id, long expectedVersion, long serverVersion, ConflictHandler.Resolution resolution)
            implements PushOutcome {
    }

    public SyncClient client() {
        return client;
    }

    public LocalCache cache() {
        return cache;
    }

    /** Writes a local file (no network). */
    public void edit(FileId id, String content) throws IOException {
        cache.writeText(id, content);
    }

    public String read(FileId id) throws IOException {
        return cache.readText(id);
    }

    /** Downloads the server's head into the cache and remembers it as the base of later edits. */
    public Optional<RemoteFile> pull(FileId id) throws IOException {
        Optional<RemoteFile> head = client.download(id, cache.path(id));
        if (head.isPresent()) {
            cache.remember(id, head.get().version(), head.get().contentHash());
        }
        return head;
    }

    /**
     * Uploads the local copy based on its remembered version (0 if never synced). If it lost a race the server
     * merged it or kept both, as the conflict handler asked, and the handler brings the cache in line.
     */
    public PushOutcome push(FileId id) throws IOException {
        long base = cache.base(id).map(LocalCache.Base::version).orElse(0L);
        Upload upload = Upload.of(id, base, cache.path(id)).on(conflicts.policy());
        WriteResult result = client.upload(upload);
        String sent = upload.contentHash().orElseThrow();
        return switch (result) {
            case WriteResult.Committed c -> {
                cache.remember(id, c.version(), c.contentHash());
                if (c.created() && base > 0) {
                    // deleted there, edited here: the server brought the edit back under its own name
                    yield new Resolved(id, base, c.version() - 1, new ConflictHandler.EditRestored(id, c.version()));
                }
                yield new Pushed(id, base, c.version());
            }
            case WriteResult.Unchanged u when u.contentHash().equals(sent) -> {
                cache.remember(id, u.version(), u.contentHash());
                yield new UpToDate(id, u.version());
            }
            // the head holds the edit merged with others: it comes down as a merge would
            case WriteResult.Unchanged u -> new Resolved(id, base, u.version(), conflicts.settle(client, cache, id,
                    sent, u));
            case WriteResult.Merged m -> new Resolved(id, base, m.headVersion(),
                    conflicts.settle(client, cache, id, sent, m));
            case WriteResult.KeptBoth k -> new Resolved(id, base, k.currentVersion(),
                    conflicts.settle(client, cache, id, sent, k));
            case WriteResult.Conflict c -> new Resolved(id, c.expectedVersion(), c.currentVersion(),
                    conflicts.settle(client, cache, id, sent, c));
            case WriteResult.NotFound n -> throw new IOException(n.message());
        };
    }

    /** Creates a file locally and on the server in one step. */
    public PushOutcome create(FileId id, String content) throws IOException {
        edit(id, content);
        return push(id);
    }
}
