package dev.syncr.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import dev.syncr.server.PostgresTestDatabase;
import dev.syncr.server.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection running every 100 ms with a 1 s grace period while 8 writers upload (as chunks and as the seed's
 * multipart form) and lose races to each other: every version that was acknowledged reads back byte for byte, fsck
 * finds nothing wrong, and what the losers left behind is reclaimed. A write may be refused under this pressure
 * (an upload slower than the grace period); none may be lost.
 */
@Tag("slow")
class GcUnderLoadTest {

    @TempDir
    Path dir;

    record Acknowledged(FileId id, long version, String hash) {
    }

    @Test
    void on_sqlite_and_files() throws Exception {
        run(List.of());
    }

    @Test
    void on_postgresql_and_files() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            run(List.of("--db-url", db.url(), "--db-user", PostgresTestDatabase.USER, "--db-password",
                    PostgresTestDatabase.PASSWORD));
        }
    }

    private void run(List<String> databaseFlags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--data-dir", dir.resolve("server").toString(),
                "--gc-interval", "100ms", "--gc-grace", "1s"));
        args.addAll(databaseFlags);
        List<Acknowledged> acknowledged = new ArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        // its own process, so its log (one line per collection) is there to read
        try (ServerProcess server = ServerProcess.start("512m", args.toArray(String[]::new))) {
            ExecutorService writers = Executors.newFixedThreadPool(8);
            List<Future<List<Acknowledged>>> results = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                results.add(writers.submit(() -> write(server, writer, refused)));
            }
            for (Future<List<Acknowledged>> r : results) {
                acknowledged.addAll(r.get());
            }
            writers.shutdown();
            assertThat(acknowledged).hasSizeGreaterThan(8);
            try (SyncClient reader = new SyncClient(server.uri(), "reader")) {
                for (Acknowledged a : acknowledged) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    assertThat(reader.downloadVersion(a.id(), a.version(), bytes)).as("%s", a).isPresent();
                    assertThat(ContentHash.of(bytes.toByteArray())).as("%s", a).isEqualTo(a.hash());
                }
            }
            // the collector really ran beside the writers and deleted what the losers left
            assertThat(server.awaitOutput("garbage collection: reclaimed", java.time.Duration.ofMinutes(1))).isTrue();
            Thread.sleep(1500); // a collection past the grace period of the last upload
            assertThat(server.output()).containsPattern("garbage collection: reclaimed [1-9]");
        }
        // with the server stopped: nothing referenced is missing, and the losers' leftovers went or go now
        List<String> flags = new ArrayList<>(List.of("--data-dir", dir.resolve("server").toString()));
        flags.addAll(databaseFlags);
        ServerProcess.AdminRun fsck = ServerProcess.admin("", concat(List.of("fsck"), flags));
        assertThat(fsck.exitCode()).as(fsck.stdout() + fsck.stderr()).isZero();
        assertThat(fsck.stdout()).startsWith("clean");
        Thread.sleep(1100); // past the grace period of the last leftovers
        ServerProcess.AdminRun gc = ServerProcess.admin("", concat(List.of("gc", "--gc-grace", "1s"), flags));
        assertThat(gc.exitCode()).as(gc.stderr()).isZero();
        ServerProcess.AdminRun after = ServerProcess.admin("", concat(List.of("gc", "--dry-run", "--gc-grace", "0s"),
                flags));
        assertThat(after.stdout()).as("nothing unreferenced is left").startsWith("would reclaim 0 blob(s)");
        assertThat(ServerProcess.admin("", concat(List.of("fsck"), flags)).exitCode()).isZero();
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    /** One writer: 6 uploads of 3 MB to a file two writers share, so half of them lose races. */
    private List<Acknowledged> write(ServerProcess server, int writer, AtomicInteger refused) throws Exception {
        List<Acknowledged> mine = new ArrayList<>();
        FileId id = FileId.of("shared-" + (writer / 2) + ".bin");
        Path file = Files.createTempFile(dir, "w" + writer, ".bin");
        SplittableRandom random = new SplittableRandom(writer);
        long expected = 0;
        try (SyncClient client = new SyncClient(server.uri(), "writer-" + writer)) {
            for (int i = 0; i < 6; i++) {
                byte[] content = new byte[3 * 1024 * 1024];
                random.nextBytes(content);
                Files.write(file, content);
                try {
                    WriteResult result = i % 2 == 0 ? client.putFile(id, expected, file)
                            : client.upload(id, expected, file);
                    switch (result) {
                        case WriteResult.Committed c -> {
                            mine.add(new Acknowledged(id, c.version(), c.contentHash()));
                            expected = c.version();
                        }
                        case WriteResult.Conflict c -> expected = c.currentVersion();
                        default -> { }
                    }
                } catch (RequestRejectedException | ServerUnavailableException e) {
                    refused.incrementAndGet(); // refused under pressure; nothing acknowledged, nothing lost
                }
            }
        }
        return mine;
    }
}
