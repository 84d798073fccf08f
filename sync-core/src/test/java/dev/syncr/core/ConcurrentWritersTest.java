package dev.syncr.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.memory.InMemoryBlobStore;
import dev.syncr.core.memory.InMemoryMetadataStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Many writers racing on a handful of files through {@link SyncService}. Every acknowledgement is checked against
 * the history afterwards: nothing acknowledged is missing, nothing unacknowledged slipped in, no version repeats or
 * is skipped, and every conflict named a head that really existed.
 */
public class ConcurrentWritersTest {

    private static final int THREADS = 32;
    private static final int WRITES_PER_THREAD = 200;
    private static final List<FileId> FILES = List.of(FileId.of("hot/a.txt"), FileId.of("hot/b.txt"),
            FileId.of("hot/c.txt"), FileId.of("d.txt"));
    /**
     * Written as several chunks: a line of its own, then a tail past the largest chunk that every write shares (its
     * chunks stored once), so several of them fit the small heap these tests run in.
     */
    private static final FileId BIG = FileId.of("big/e.txt");
    private static final int BIG_WRITES = 8;
    /** Edited line by line, each writer its own line, asking the server to merge or keep both when it loses. */
    private static final FileId MERGED = FileId.of("merge/f.txt");
    private static final int LINES = 16;
    private static final String TAIL = tail();

    private static String tail() {
        java.util.Random random = new java.util.Random(3);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < dev.syncr.core.chunk.FastCdc.MAX_SIZE + 512 * 1024; i++) {
            text.append(i % 64 == 63 ? '\n' : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /**
     * A version a writer was told it made: with exactly {@code content}, or (a merge) with {@code line} among its
     * lines.
     */
    record Ack(FileId id, long version, String content, String line) {
    }

    record SeenHead(FileId id, long version, String hash) {
    }

    private static String read(SyncService service, FileVersion version) throws java.io.IOException {
        try (InputStream in = service.open(version.content())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** One writer's write of {@code MERGED}: its line replaced in the head it reads, merged or kept if it loses. */
    private static void writeLine(SyncService service, String client, int thread, int i,
                                  ConcurrentLinkedQueue<Ack> acks) throws Exception {
        Optional<FileVersion> head = service.metadata(MERGED).filter(v -> !v.deleted());
        String[] lines;
        if (head.isPresent()) {
            lines = read(service, head.get()).split("\n", -1);
        } else {
            lines = new String[LINES];
            java.util.Arrays.setAll(lines, k -> "line " + k);
        }
        String line = client + " write " + i;
        lines[thread % LINES] = line;
        String content = String.join("\n", lines);
        long expected = head.map(FileVersion::version).orElse(0L);
        InputStream in = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        switch (service.upload(new UploadRequest(MERGED, expected, in, Optional.empty(), client,
                new OnConflict(true, true)))) {
            case WriteOutcome.Committed c -> acks.add(new Ack(MERGED, c.version().version(), content, null));
            case WriteOutcome.Merged m -> acks.add(new Ack(MERGED, m.version().version(), null, line));
            case WriteOutcome.KeptBoth k -> acks.add(new Ack(k.copy().id(), k.copy().version(), content, null));
            case WriteOutcome other -> throw new AssertionError("unexpected " + other);
        }
    }

    /**
     * Run by this test with memory stores, and by the server's tests with SQLite and PostgreSQL: small writes that
     * are refused when they lose, chunked ones, and line edits the server merges or keeps both.
     */
    public static void raceAndVerify(SyncService service) throws Exception {
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<SeenHead> conflicts = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger bigLeft = new java.util.concurrent.atomic.AtomicInteger(BIG_WRITES);
        java.util.concurrent.Semaphore bigAtOnce = new java.util.concurrent.Semaphore(2); // their buffers are MiBs
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String client = "client-" + t;
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    Map<FileId, Long> known = new HashMap<>();
                    for (int i = 0; i < WRITES_PER_THREAD; i++) {
                        int kind = ThreadLocalRandom.current().nextInt(20);
                        if (kind == 0) {
                            writeLine(service, client, thread, i, acks);
                            continue;
                        }
                        boolean big = kind == 1 && bigLeft.getAndDecrement() > 0;
                        FileId id = big ? BIG : FILES.get(ThreadLocalRandom.current().nextInt(FILES.size()));
                        String content = client + " write " + i + (big ? "\n" + TAIL : "");
                        long expected = known.getOrDefault(id, 0L);
                        InputStream in = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
                        WriteOutcome outcome;
                        if (big) {
                            bigAtOnce.acquire();
                            try {
                                outcome = service.upload(new UploadRequest(id, expected, in, client));
                            } finally {
                                bigAtOnce.release();
                            }
                        } else {
                            outcome = service.upload(new UploadRequest(id, expected, in, client));
                        }
                        switch (outcome) {
                            case WriteOutcome.Committed c -> {
                                acks.add(new Ack(id, c.version().version(), content, null));
                                known.put(id, c.version().version());
                            }
                            case WriteOutcome.Conflict c -> {
                                long current = c.currentVersion();
                                conflicts.add(new SeenHead(id, current,
                                        c.current().map(FileVersion::hash).orElse(null)));
                                known.put(id, current);
                            }
                            case WriteOutcome other -> throw new AssertionError("unexpected " + other);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Ack> ackByVersion = new HashMap<>();
        for (Ack ack : acks) {
            Ack previous = ackByVersion.put(ack.id() + "@" + ack.version(), ack);
            assertThat(previous).as("two writers told they won %s v%d", ack.id(), ack.version()).isNull();
        }
        int versions = 0;
        int merges = 0;
        int copies = 0;
        for (FileVersion file : service.list()) {
            FileId id = file.id();
            List<FileVersion> history = service.history(id).reversed();
            versions += history.size();
            for (int i = 0; i < history.size(); i++) {
                FileVersion v = history.get(i);
                assertThat(v.version()).as("versions of %s are 1..N", id).isEqualTo(i + 1);
                Ack ack = ackByVersion.get(id + "@" + v.version());
                assertThat(ack).as("%s v%d was committed but nobody was told", id, v.version()).isNotNull();
                String stored = read(service, v);
                if (ack.content() != null) {
                    assertThat(stored).as("%s v%d", id, v.version()).isEqualTo(ack.content());
                } else {
                    merges++;
                    assertThat(stored.split("\n", -1)).as("merged %s v%d keeps its writer's line", id, v.version())
                            .contains(ack.line());
                }
                if (ConflictNames.isConflictedCopy(id)) {
                    copies++;
                }
            }
            Map<Long, String> hashes = new HashMap<>();
            history.forEach(v -> hashes.put(v.version(), v.hash()));
            for (SeenHead seen : conflicts) {
                if (seen.id().equals(id) && seen.version() > 0) {
                    assertThat(hashes.get(seen.version())).as("conflict on %s named v%d", id, seen.version())
                            .isEqualTo(seen.hash());
                }
            }
        }
        assertThat(versions).as("every acknowledged version is there, and nothing else").isEqualTo(acks.size());
        assertThat(acks.size()).as("some writes must win").isGreaterThan(FILES.size());
        assertThat(conflicts).as("with 32 racing threads some writes must lose").isNotEmpty();
        assertThat(service.metadata(BIG).orElseThrow().content().chunked()).as("big writes are chunked").isTrue();
        assertThat(merges + copies).as("some line edits lost a race and were merged or kept both").isPositive();
    }

    @Test
    void thirty_two_writers_on_four_files_lose_nothing_and_invent_nothing() throws Exception {
        raceAndVerify(new SyncService(new InMemoryMetadataStore(), new InMemoryBlobStore()));
    }
}
