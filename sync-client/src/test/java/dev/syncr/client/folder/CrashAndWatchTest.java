package dev.syncr.client.folder;

import dev.syncr.client.SyncClient;
import dev.syncr.client.cli.SyncrCli;
import dev.syncr.core.ContentHash;
import dev.syncr.server.SyncServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** A sync process killed mid-pass resumes without loss; continuous sync carries a change across in about a second. */
@Tag("slow") // processes, hundreds of MB or long races: run by `mvn verify`, not `mvn test`
class CrashAndWatchTest {

    @TempDir
    Path dir;
    SyncServer server;
    Replicas replicas;

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString());
        replicas = new Replicas(server.uri(), dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** {@code syncr sync} in its own JVM, so it can be killed like a crashed or powered-off client. */
    private Process syncProcess(Replicas.Replica replica) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                SyncrCli.class.getName(), "--server", server.uri().toString(), "--client-id", replica.name,
                "sync", replica.root.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(replica.name + ".log")
                .toFile()).start();
    }

    private static void writeRandom(Path file, int megabytes, long seed) throws Exception {
        Files.createDirectories(file.getParent());
        byte[] chunk = new byte[1024 * 1024];
        Random random = new Random(seed);
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
    }

    @Test
    void a_client_killed_mid_sync_picks_up_where_it_stopped_and_loses_nothing() throws Exception {
        Replicas.Replica a = replicas.add("laptop");
        Replicas.Replica b = replicas.add("desktop");
        for (int i = 0; i < 30; i++) {
            a.write("small/file-" + i + ".txt", "small " + i);
        }
        writeRandom(a.root.resolve("big/archive.bin"), 120, 1);
        writeRandom(a.root.resolve("big/second.bin"), 60, 2);

        Process upload = syncProcess(a);
        waitUntil(() -> new SyncClient(server.uri(), "x").list().size() >= 3, 60);
        upload.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9 in the middle of the pass

        Process download = syncProcess(b);
        // Killed once it has received something, so the crash lands inside its first pass, not before it.
        waitUntil(() -> !b.files().isEmpty(), 120);
        download.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        replicas.settle(); // both restart from their saved state
        replicas.assertConverged();
        assertThat(ContentHash.of(b.root.resolve("big/archive.bin")))
                .isEqualTo(ContentHash.of(a.root.resolve("big/archive.bin")));
        assertThat(b.files()).hasSize(32);
        assertThat(a.sync().planned()).as("nothing left to do after the restart").isEmpty();
    }

    @Test
    void watch_mode_carries_a_change_to_the_other_device_in_about_a_second() throws Exception {
        Replicas.Replica a = replicas.add("laptop");
        Replicas.Replica b = replicas.add("desktop");
        List<FolderWatch> watches = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch firstPasses = new CountDownLatch(2);
        for (Replicas.Replica r : List.of(a, b)) {
            FolderSync sync = FolderSync.open(r.root, new SyncClient(server.uri(), r.name), false);
            FolderWatch watch = new FolderWatch(sync);
            watches.add(watch);
            AtomicBoolean passed = new AtomicBoolean();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    watch.run(result -> {
                        if (passed.compareAndSet(false, true)) {
                            firstPasses.countDown();
                        }
                    }, error -> { });
                } catch (Exception e) {
                    throw new RuntimeException(e);
                } finally {
                    try {
                        sync.close();
                    } catch (Exception ignored) {
                        // closing at the end of the test
                    }
                }
            }));
        }
        try {
            assertThat(firstPasses.await(120, TimeUnit.SECONDS)).as("both made their first pass").isTrue();
            long start = System.nanoTime();
            a.write("live/note.txt", "typed on the laptop");
            waitUntil(() -> Files.exists(b.root.resolve("live/note.txt"))
                    && b.read("live/note.txt").equals("typed on the laptop"), 30);
            long firstMillis = (System.nanoTime() - start) / 1_000_000;

            start = System.nanoTime();
            b.write("live/note.txt", "answered on the desktop");
            waitUntil(() -> a.read("live/note.txt").equals("answered on the desktop"), 30);
            long backMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("watch: laptop → desktop in %d ms, desktop → laptop in %d ms%n", firstMillis,
                    backMillis);
        } finally {
            watches.forEach(FolderWatch::stop);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitUntil(Condition condition, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (java.nio.file.NoSuchFileException | RuntimeException notYet) {
                // mid-rename: look again
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }
}
