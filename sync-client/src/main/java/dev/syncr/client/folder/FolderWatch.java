package dev.syncr.client.folder;

import java.io.IOException;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Continuous sync: a pass whenever the folder changes (WatchService, debounced so a burst of saves is one pass) or
 * the server reports a change (the change feed's long-poll), and a safety pass every half minute regardless.
 */
public final class FolderWatch {

    private static final Duration DEBOUNCE = Duration.ofMillis(250);
    private static final Duration SAFETY_PASS = Duration.ofSeconds(30);
    private static final Duration LONG_POLL = Duration.ofSeconds(25);

    private final FolderSync sync;
    private final LinkedBlockingQueue<String> wakeups = new LinkedBlockingQueue<>();
    private volatile boolean running = true;

    public FolderWatch(FolderSync sync) {
        this.sync = sync;
    }

    /** Runs passes until {@link #stop()}; each pass's result goes to {@code onPass}. */
    public void run(Consumer<PassResult> onPass, Consumer<Exception> onError) throws IOException {
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            registerTree(watcher, sync.root());
            Thread local = Thread.ofVirtual().name("syncr-watch-local").start(() -> watchLocal(watcher));
            Thread remote = Thread.ofVirtual().name("syncr-watch-remote").start(this::watchRemote);
            try {
                while (running) {
                    try {
                        onPass.accept(sync.syncOnce());
                    } catch (IOException | RuntimeException e) {
                        onError.accept(e); // server down, disk busy: try again at the next wake-up
                    }
                    registerTree(watcher, sync.root()); // folders created by the pass
                    String reason = wakeups.poll(SAFETY_PASS.toMillis(), TimeUnit.MILLISECONDS);
                    if (reason != null) {
                        Thread.sleep(DEBOUNCE);
                        wakeups.clear();
                    }
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
        wakeups.add("stop");
    }

    private void watchLocal(WatchService watcher) {
        while (running) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
                return;
            }
            boolean relevant = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                Object context = event.context();
                if (context == null || !context.toString().equals(IgnoreRules.STATE_DIR)) {
                    relevant = true;
                }
            }
            key.reset();
            if (relevant) {
                wakeups.add("local");
            }
        }
    }

    private void watchRemote() {
        while (running) {
            try {
                // the cursor as of the last pass (never the state database: its connection is the pass thread's)
                if (sync.client().awaitChanges(sync.cursor(), LONG_POLL)) {
                    wakeups.add("remote");
                    Thread.sleep(DEBOUNCE); // let the pass read the feed before polling again
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                try {
                    Thread.sleep(2_000); // server unreachable: back off, the safety pass retries too
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private static void registerTree(WatchService watcher, Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName() != null && dir.getFileName().toString().equals(IgnoreRules.STATE_DIR)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
