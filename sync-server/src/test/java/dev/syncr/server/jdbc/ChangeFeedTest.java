package dev.syncr.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.Change;
import dev.syncr.core.ChangePage;
import dev.syncr.core.CommitRequest;
import dev.syncr.core.CommitResult;
import dev.syncr.core.ContentHash;
import dev.syncr.core.ContentRef;
import dev.syncr.core.FileId;
import dev.syncr.core.MetadataStore;
import dev.syncr.server.PostgresTestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feed reader must never miss a committed change. Readers follow the feed while many writers commit; commits of
 * a transaction that took its position earlier can finish later, which is exactly what a naive "seq > cursor" read
 * of a sequence column misses. Every reader must end up having seen every committed version exactly once, each
 * file's versions in order.
 */
class ChangeFeedTest {

    private static final int WRITERS = 12;
    private static final int COMMITS_PER_WRITER = 60;
    private static final int READERS = 4;
    private static final int FILES = 5;

    @TempDir
    Path dir;

    @Test
    void postgresql_readers_see_every_commit_exactly_once_in_order() throws Exception {
        try (var database = PostgresTestDatabase.create();
             var store = TestDatabases.postgres(database)) {
            followWhileWriting(store);
        }
    }

    @Test
    void sqlite_readers_see_every_commit_exactly_once_in_order() throws Exception {
        try (var store = TestDatabases.sqlite(dir.resolve("feed.db"))) {
            followWhileWriting(store);
        }
    }

    static void followWhileWriting(MetadataStore store) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> committed = new ConcurrentLinkedQueue<>();
        try {
            List<Future<List<Change>>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                readers.add(pool.submit(() -> follow(store, writing)));
            }
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < COMMITS_PER_WRITER; i++) {
                        FileId id = FileId.of("feed/file-" + ((writer + i) % FILES));
                        while (true) {
                            long head = store.head(id).map(h -> h.version()).orElse(0L);
                            String text = "w" + writer + "#" + i;
                            ContentRef content = ContentRef.of(ContentHash.of(text.getBytes()), text.length());
                            CommitResult result = store.commit(new CommitRequest(id, head, content, "w" + writer,
                                    Instant.now()));
                            if (result instanceof CommitResult.Committed c) {
                                committed.add(id + "@" + c.version().version());
                                break;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get();
            }
            writing.set(false);
            for (Future<List<Change>> reader : readers) {
                List<Change> seen = reader.get();
                List<String> keys = seen.stream().map(c -> c.version().id() + "@" + c.version().version()).toList();
                assertThat(keys).as("every committed version seen").containsExactlyInAnyOrderElementsOf(committed);
                assertThat(keys).as("each seen once").doesNotHaveDuplicates();
                Map<FileId, Long> last = new HashMap<>();
                for (Change c : seen) {
                    long previous = last.getOrDefault(c.version().id(), 0L);
                    assertThat(c.version().version()).as("versions of %s in order", c.version().id())
                            .isEqualTo(previous + 1);
                    last.put(c.version().id(), c.version().version());
                }
            }
            assertThat(committed).hasSize(WRITERS * COMMITS_PER_WRITER);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Pages through the feed until the writers are done and the feed is drained. */
    private static List<Change> follow(MetadataStore store, AtomicBoolean writing) throws InterruptedException {
        List<Change> seen = new ArrayList<>();
        long cursor = 0;
        while (true) {
            boolean finalPass = !writing.get();
            ChangePage page = store.changes(cursor, 17);
            seen.addAll(page.changes());
            cursor = page.cursor();
            if (!page.hasMore()) {
                if (finalPass) {
                    return seen;
                }
                Thread.sleep(1);
            }
        }
    }
}
