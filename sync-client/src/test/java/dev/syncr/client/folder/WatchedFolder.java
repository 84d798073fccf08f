package dev.syncr.client.folder;

import dev.syncr.client.SyncClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A folder in watch mode on a thread of its own, as {@code syncr sync --watch} runs it: every pass's result kept, and
 * how the watch ended if it did. Ready once its first pass has run (the tree as it was is watched then).
 */
final class WatchedFolder implements AutoCloseable {

    final FolderSync sync;
    final FolderWatch watch;
    final List<PassResult> passes = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> ended = new AtomicReference<>();
    private final Thread thread;

    WatchedFolder(Path root, SyncClient client, int firstPassSeconds) throws Exception {
        sync = FolderSync.open(root, client, false);
        watch = new FolderWatch(sync);
        thread = Thread.ofPlatform().name("watch").start(() -> {
            try {
                watch.run(passes::add, error -> { });
                ended.compareAndSet(null, new IllegalStateException("the watch returned"));
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        Waiting.until(() -> !passes.isEmpty(), firstPassSeconds);
    }

    @Override
    public void close() throws Exception {
        LocalScan.faults = path -> { };
        watch.stop();
        thread.join(30_000);
        sync.close();
    }
}
