package dev.syncr.client.folder;

import dev.syncr.client.FreezePoint;
import dev.syncr.client.FrozenSyncrCli;
import dev.syncr.client.SyncClient;
import dev.syncr.core.ContentHash;
import dev.syncr.server.SyncServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sync process killed (SIGKILL) at each point where a crash could lose or duplicate work resumes without loss and
 * without a false edit; continuous sync carries a change across in about a second.
 */
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

    /**
     * {@code syncr sync} in its own JVM, so it can be killed like a crashed or powered-off client; it freezes at
     * {@code freezeAt} (see {@link FreezePoint}) and says so through a signal file, so the kill lands exactly there.
     */
    private Process syncProcess(Replicas.Replica replica, String freezeAt) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                FrozenSyncrCli.class.getName(), freezeAt, signal().toString(),
                "--server", server.uri().toString(), "--client-id", replica.name,
                "sync", replica.root.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(replica.name + ".log").toFile());
        return builder.start();
    }

    private Path signal() {
        return dir.resolve("frozen");
    }

    /** Waits until the process stands at its freeze point, then kills it there (SIGKILL: no shutdown hooks run). */
    private void killWhenFrozen(Process process, Replicas.Replica replica) throws Exception {
        waitUntil(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the sync process ended before its freeze point:\n"
                        + Files.readString(dir.resolve(replica.name + ".log")));
            }
            return Files.exists(signal());
        }, 300);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Files.delete(signal());
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

    private Map<String, Integer> versionsOnServer() {
        SyncClient check = new SyncClient(server.uri(), "checker");
        Map<String, Integer> versions = new TreeMap<>();
        check.list(true).forEach(f -> versions.put(f.id().value(), check.history(f.id()).size()));
        return versions;
    }

    /** The laptop has synced a small and a 12 MB file; the desktop has not synced yet. Returns the server's versions. */
    private Map<String, Integer> laptopHasSyncedTwoFiles(Replicas.Replica a) throws Exception {
        a.write("notes/doc.txt", "the laptop's words");
        writeRandom(a.root.resolve("big/archive.bin"), 12, 1);
        a.sync();
        return versionsOnServer();
    }

    @Test
    void killed_after_a_download_before_its_rename_resumes_without_loss_or_a_false_edit() throws Exception {
        Replicas.Replica a = replicas.add("laptop");
        Replicas.Replica b = replicas.add("desktop");
        Map<String, Integer> before = laptopHasSyncedTwoFiles(a);

        killWhenFrozen(syncProcess(b, FreezePoint.DOWNLOADED), b);
        assertThat(b.files()).as("nothing was renamed into place before the kill").isEmpty();

        replicas.settle();
        replicas.assertNothingLost("the laptop's words");
        assertThat(versionsOnServer()).as("the resumed device uploaded nothing").isEqualTo(before);
    }

    @Test
    void killed_after_the_rename_before_the_state_commit_resumes_without_uploading_it_as_an_edit() throws Exception {
        Replicas.Replica a = replicas.add("laptop");
        Replicas.Replica b = replicas.add("desktop");
        Map<String, Integer> before = laptopHasSyncedTwoFiles(a);

        killWhenFrozen(syncProcess(b, FreezePoint.PLACED), b);
        assertThat(b.files()).as("one file was in place at the kill").hasSize(1);

        PassResult.Completed resumed = b.sync();
        assertThat(resumed.uploaded()).as("the file in place is recognised, not sent back").isZero();
        assertThat(resumed.conflicts()).isZero();
        replicas.settle();
        replicas.assertNothingLost("the laptop's words");
        assertThat(versionsOnServer()).isEqualTo(before);
        assertThat(ContentHash.of(b.root.resolve("big/archive.bin")))
                .isEqualTo(ContentHash.of(a.root.resolve("big/archive.bin")));
    }

    @Test
    void killed_mid_upload_resumes_and_commits_everything_once() throws Exception {
        Replicas.Replica a = replicas.add("laptop");
        Replicas.Replica b = replicas.add("desktop");
        writeRandom(a.root.resolve("big/archive.bin"), 24, 7); // several chunks
        a.write("notes/doc.txt", "written before the crash");

        killWhenFrozen(syncProcess(a, FreezePoint.CHUNK_SENT), a);
        assertThat(new SyncClient(server.uri(), "checker").list()).as("no commit happened before the kill")
                .extracting(f -> f.id().value()).doesNotContain("big/archive.bin");

        replicas.settle();
        replicas.assertNothingLost("written before the crash");
        assertThat(ContentHash.of(b.root.resolve("big/archive.bin")))
                .isEqualTo(ContentHash.of(a.root.resolve("big/archive.bin")));
        assertThat(versionsOnServer()).containsEntry("big/archive.bin", 1);
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
