package dev.syncr.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.SyncService;
import dev.syncr.core.UploadRequest;
import dev.syncr.core.WriteOutcome;
import dev.syncr.core.fs.FileSystemBlobStore;
import dev.syncr.core.gc.Fsck;
import dev.syncr.core.gc.GarbageCollector;
import dev.syncr.server.PostgresTestDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection with no grace period at all, in a loop, with history pruned down to the heads before each pass,
 * while 8 writers keep committing small (inline) contents that come and go: a few shared by every writer, the rest
 * their own. Every head reads back byte for byte, fsck is clean, and unreferenced content really went. Nothing here
 * depends on timing: a commit saves its inline bytes in its own transaction, and a reclaim re-checks references after
 * it has locked what it is about to delete.
 */
@Tag("slow") // long races: run by `mvn verify`, not `mvn test`
class InlineReclaimRaceTest {

    private static final int WRITERS = 8;
    private static final int WRITES = 150;

    @TempDir
    Path dir;

    @Test
    void on_sqlite() throws Exception {
        try (var metadata = TestDatabases.sqlite(dir.resolve("syncr.db"))) {
            race(metadata);
        }
    }

    @Test
    void on_postgresql() throws Exception {
        try (var database = PostgresTestDatabase.create();
             var metadata = TestDatabases.postgres(database)) {
            race(metadata);
        }
    }

    private void race(MetadataStore metadata) throws Exception {
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        SyncService service = new SyncService(metadata, blobs);
        GarbageCollector gc = new GarbageCollector(metadata, blobs, Clock.systemUTC(), Duration.ZERO);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong reclaimed = new AtomicLong();
        try (ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 1)) {
            Future<?> collector = threads.submit(() -> {
                do {
                    metadata.pruneHistory(Instant.now().plusSeconds(1));
                    reclaimed.addAndGet(gc.collect(false).inline().contents());
                    for (int i = 0; i < 20 && writing.get(); i++) { // the reclaim alone, as often as it can run
                        reclaimed.addAndGet(metadata.reclaimInline(Instant.now(), false).contents());
                    }
                } while (writing.get());
                return null;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(threads.submit(() -> {
                    write(service, writer);
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
            writing.set(false);
            collector.get();
        }
        // once more after the writers, so the contents their last overwrites left go too
        metadata.pruneHistory(Instant.now().plusSeconds(1));
        reclaimed.addAndGet(gc.collect(false).inline().contents());
        List<FileVersion> heads = metadata.list();
        assertThat(heads).hasSize(WRITERS * 5);
        for (FileVersion head : heads) {
            assertThat(head.content().inline()).isTrue();
            try (InputStream in = service.open(head.content())) {
                assertThat(ContentHash.of(in.readAllBytes())).as("%s", head).isEqualTo(head.hash());
            }
        }
        Fsck.Report fsck = new Fsck(metadata, blobs).check();
        assertThat(fsck.problems()).isEmpty();
        assertThat(reclaimed.get()).as("contents only pruned versions had were reclaimed").isPositive();
    }

    /** One writer: its own 5 files, each rewritten in turn; every third write is one of 4 contents all writers use. */
    private static void write(SyncService service, int writer) throws Exception {
        Map<FileId, Long> known = new HashMap<>();
        for (int i = 0; i < WRITES; i++) {
            FileId id = FileId.of("w" + writer + "/f" + (i % 5) + ".txt");
            String content = i % 3 == 0 ? "shared content " + (i % 4) : "writer " + writer + " write " + i;
            WriteOutcome outcome = service.upload(new UploadRequest(id, known.getOrDefault(id, 0L),
                    new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "writer-" + writer));
            switch (outcome) {
                case WriteOutcome.Committed c -> known.put(id, c.version().version());
                case WriteOutcome.Unchanged u -> known.put(id, u.head().version());
                default -> throw new AssertionError(id + ": " + outcome);
            }
        }
    }
}
