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

    record Ack(FileId id, long version, String content) {
    }

    record SeenHead(FileId id, long version, String hash) {
    }

    /** Run by this test with memory stores, and by the server's tests with SQLite and PostgreSQL. */
    public static void raceAndVerify(SyncService service) throws Exception {
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<SeenHead> conflicts = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String client = "client-" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    Map<FileId, Long> known = new HashMap<>();
                    for (int i = 0; i < WRITES_PER_THREAD; i++) {
                        FileId id = FILES.get(ThreadLocalRandom.current().nextInt(FILES.size()));
                        String content = client + " write " + i;
                        long expected = known.getOrDefault(id, 0L);
                        InputStream in = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
                        switch (service.upload(new UploadRequest(id, expected, in, client))) {
                            case WriteOutcome.Committed c -> {
                                acks.add(new Ack(id, c.version().version(), content));
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
        for (FileId id : FILES) {
            List<FileVersion> history = service.history(id).reversed();
            versions += history.size();
            for (int i = 0; i < history.size(); i++) {
                FileVersion v = history.get(i);
                assertThat(v.version()).as("versions of %s are 1..N", id).isEqualTo(i + 1);
                Ack ack = ackByVersion.get(id + "@" + v.version());
                assertThat(ack).as("%s v%d was committed but nobody was told", id, v.version()).isNotNull();
                try (InputStream in = service.open(v.content())) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(ack.content());
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
        assertThat(versions).isEqualTo(acks.size());
        assertThat(acks.size()).as("some writes must win").isGreaterThan(FILES.size());
        assertThat(conflicts).as("with 32 racing threads some writes must lose").isNotEmpty();
    }

    @Test
    void thirty_two_writers_on_four_files_lose_nothing_and_invent_nothing() throws Exception {
        raceAndVerify(new SyncService(new InMemoryMetadataStore(), new InMemoryBlobStore()));
    }
}
