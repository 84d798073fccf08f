package dev.syncr.client.folder;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Continuous sync: a pass whenever the folder changes (WatchService, debounced so a burst of saves is one pass) or,
 * at once, when the server reports a change (the change feed's long-poll), and a safety pass every half minute
 * regardless.
 *
 * <p>The long-poll waits from the newest position it has been told of, not from the last pass's cursor: a change
 * announced once does not answer every later poll at once while a long pass runs. A change the server announces that
 * the pass has since read (its own uploads, which each pass reads back at its end) starts no pass.
 */
public final class FolderWatch {

    private static final Duration DEBOUNCE = Duration.ofMillis(250);
    private static final Duration SAFETY_PASS = Duration.ofSeconds(30);
    private static final Duration LONG_POLL = Duration.ofSeconds(25);

    /** Why a pass may be due: a local event, or the server's feed at {@code cursor}. */
    private record Wakeup(boolean local, long cursor) {
    }

    private static final Wakeup LOCAL = new Wakeup(true, 0);

    private final FolderSync sync;
    private final LinkedBlockingQueue<Wakeup> wakeups = new LinkedBlockingQueue<>();
    private volatile boolean running = true;

    public FolderWatch(FolderSync sync) {
        this.sync = sync;
    }

    /** Runs passes until {@link #stop()}; each pass's result goes to {@code onPass}. */
    public void run(Consumer<PassResult> onPass, Consumer<Exception> onError) throws IOException {
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            registerTree(watcher, sync.root(), onError);
            Thread local = Thread.ofVirtual().name("syncr-watch-local").start(() -> watchLocal(watcher, onError));
            Thread remote = Thread.ofVirtual().name("syncr-watch-remote").start(this::watchRemote);
            try {
                boolean due = true;
                while (running) {
                    if (due) {
                        try {
                            onPass.accept(sync.syncOnce());
                            if (sync.feedHasNews()) {
                                wakeups.add(new Wakeup(false, Long.MAX_VALUE)); // another device's, mid-pass
                            }
                        } catch (IOException | RuntimeException e) {
                            onError.accept(e); // server down, disk busy: try again at the next wake-up
                        }
                        registerTree(watcher, sync.root(), onError); // folders created by the pass
                    }
                    Wakeup first = wakeups.poll(SAFETY_PASS.toMillis(), TimeUnit.MILLISECONDS);
                    if (first == null) {
                        due = true; // the safety pass
                        continue;
                    }
                    if (first.local()) {
                        // let a burst of saves end (an editor writes a temp file, then renames it) before reading it;
                        // a change on the server is whole once announced, and another arriving mid-pass starts the
                        // next pass (feedHasNews), so it is fetched at once
                        Thread.sleep(DEBOUNCE);
                    }
                    List<Wakeup> all = new ArrayList<>(List.of(first));
                    wakeups.drainTo(all);
                    long read = sync.cursor();
                    due = all.stream().anyMatch(w -> w.local() || w.cursor() > read);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running = false;
                local.interrupt();
                remote.interrupt();
            }
        }
    }

    public void stop() {
        running = false;
        wakeups.add(LOCAL);
    }

    /**
     * Turns the folder's events into wake-ups. A folder created in the tree is watched at once, with everything in it,
     * before the wake-up for it is queued: a file written into it later makes an event of its own, and one written
     * before it was watched is seen by the scan of a pass that starts after that wake-up. (Watching new folders only
     * after each pass lost the files written into them after that pass had scanned them, until the safety pass.)
     */
    private void watchLocal(WatchService watcher, Consumer<Exception> onError) {
        while (running) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean relevant = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                Object context = event.context();
                if (context != null && context.toString().equals(IgnoreRules.STATE_DIR)) {
                    continue;
                }
                relevant = true;
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    registerTree(watcher, sync.root(), onError); // events were lost, new folders' among them
                } else if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && context instanceof Path name
                        && key.watchable() instanceof Path folder) {
                    Path created = folder.resolve(name);
                    if (Files.isDirectory(created, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        registerTree(watcher, created, onError);
                    }
                }
            }
            key.reset();
            if (relevant) {
                wakeups.add(LOCAL);
            }
        }
    }

    private void watchRemote() {
        long from = 0;
        while (running) {
            try {
                from = Math.max(from, sync.cursor()); // never the state database: its connection is the pass thread's
                long latest = sync.client().awaitCursor(from, LONG_POLL);
                if (latest > from) {
                    wakeups.add(new Wakeup(false, latest));
                    from = latest;
                }
            } catch (RuntimeException e) {
                try {
                    Thread.sleep(2_000); // server unreachable: back off, the safety pass retries too
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Watches every folder of the tree. Folders come and go while this walks (a pass, the user): one that vanished is
     * skipped, and the next pass registers what is there then; a failure here never ends the watch.
     */
    static void registerTree(WatchService watcher, Path root, Consumer<Exception> onError) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.getFileName() != null && dir.getFileName().toString().equals(IgnoreRules.STATE_DIR)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    try {
                        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                                StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                    } catch (IOException gone) {
                        return FileVisitResult.SKIP_SUBTREE; // vanished or unreadable: the next walk looks again
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException e) {
            onError.accept(e instanceof IOException io ? io : new IOException(e));
        }
    }
}
