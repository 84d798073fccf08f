package dev.syncr.bench;

import dev.syncr.client.SyncClient;
import dev.syncr.client.WriteResult;
import dev.syncr.client.folder.FolderSync;
import dev.syncr.client.folder.PassResult;
import dev.syncr.core.FileId;
import dev.syncr.server.SyncServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The first sync of a folder of many small files, four ways in one run on one machine: rsync copying the tree to a
 * local folder (the floor: no server, no versions), unison making a local replica (a two-way synchronizer with its own
 * archive of what both sides agreed on, as ours; skipped if not installed), folder sync as it is (small files in
 * batches), and the same files written one at a time with {@code putFile} (as folder sync did before batches; a
 * file this small is one request and one commit); then each two-way tool's re-sync with nothing to do.
 *
 * <pre>java -cp bench/target/syncr-bench.jar dev.syncr.bench.FirstSync [FILES]   (default 10000)</pre>
 */
public final class FirstSync {

    private FirstSync() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path work = Files.createTempDirectory("syncr-first-sync-");
        try {
            Path tree = work.resolve("tree");
            writeTree(tree, files, new Random(1));
            System.out.printf("first sync of %d small files (0.5-1.5 KB), embedded store (SQLite + files)%n", files);
            warmUp(work.resolve("warm-up"));

            settleDisk();
            long start = System.nanoTime();
            Process rsync = new ProcessBuilder("rsync", "-a", tree + "/", work.resolve("rsync-copy") + "/")
                    .inheritIO().start();
            int rsyncExit = rsync.waitFor();
            report("rsync -a to a local folder (baseline)", files, start, rsyncExit == 0 ? "" : " (rsync failed)");

            unison(tree, work, files);

            try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", work.resolve("batched").toString());
                 FolderSync sync = FolderSync.open(tree, new SyncClient(server.uri(), "bench"), false)) {
                settleDisk();
                start = System.nanoTime();
                PassResult.Completed first = (PassResult.Completed) sync.syncOnce();
                report("syncr folder sync (batched)", first.uploaded(), start, "");
                start = System.nanoTime();
                PassResult.Completed again = (PassResult.Completed) sync.syncOnce();
                System.out.printf("  %-44s %8.2f s (%d planned)%n", "no-op re-sync of the same folder",
                        (System.nanoTime() - start) / 1e9, again.planned().size());
                // a second device's first sync: the same files come down into an empty folder
                Path second = Files.createDirectories(work.resolve("second-device"));
                try (FolderSync other = FolderSync.open(second, new SyncClient(server.uri(), "bench-2"), false)) {
                    settleDisk();
                    start = System.nanoTime();
                    PassResult.Completed down = (PassResult.Completed) other.syncOnce();
                    report("second device's first sync (batched down)", down.downloaded(), start, "");
                }
                // the same files fetched one request each, as folder sync did before batch downloads
                Path third = Files.createDirectories(work.resolve("one-by-one-down"));
                SyncClient client = new SyncClient(server.uri(), "bench-3");
                List<FileId> ids = client.list().stream().map(dev.syncr.client.RemoteFile::id).toList();
                settleDisk();
                start = System.nanoTime();
                int fetched = 0;
                for (FileId id : ids) {
                    Path target = third.resolve(id.value());
                    Files.createDirectories(target.getParent());
                    if (client.getFile(id, target).isPresent()) {
                        fetched++;
                    }
                }
                report("one request per file down (getFile)", fetched, start, "");
            }
            deleteTree(tree.resolve(".syncr"));

            try (SyncServer server = SyncServer.start("--port", "0", "--data-dir",
                    work.resolve("one-by-one").toString())) {
                SyncClient client = new SyncClient(server.uri(), "bench");
                List<Path> all;
                try (Stream<Path> walk = Files.walk(tree)) {
                    all = walk.filter(Files::isRegularFile).toList();
                }
                settleDisk();
                start = System.nanoTime();
                int done = 0;
                for (Path file : all) {
                    FileId id = FileId.of(tree.relativize(file).toString().replace('\\', '/'));
                    if (client.putFile(id, 0, file) instanceof WriteResult.Committed) {
                        done++;
                    }
                }
                report("one request per file (putFile)", done, start, "");
            }
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Waits until the disk has written back what the steps before wrote (the tree, another tool's copy), so each
     * measured step starts from a quiet disk and none pays for its predecessor's write-back.
     */
    private static void settleDisk() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    /** A tree of {@code files} text files of 0.5-1.5 KB in 100 folders. */
    private static void writeTree(Path tree, int files, Random random) throws IOException {
        for (int i = 0; i < files; i++) {
            Path file = tree.resolve("d" + (i % 100)).resolve("note-" + i + ".txt");
            Files.createDirectories(file.getParent());
            byte[] text = new byte[512 + random.nextInt(1024)];
            for (int k = 0; k < text.length; k++) {
                text[k] = (byte) ('a' + random.nextInt(26));
            }
            Files.write(file, text);
        }
    }

    /**
     * Runs both of Syncr's ways once on another, smaller tree and on servers of their own, so that neither measured
     * way pays for compiling the code they share (the one measured first would otherwise pay for both).
     */
    private static void warmUp(Path work) throws Exception {
        Path tree = work.resolve("tree");
        writeTree(tree, 2000, new Random(2));
        long start = System.nanoTime();
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", work.resolve("batched").toString());
             FolderSync sync = FolderSync.open(tree, new SyncClient(server.uri(), "warm-up"), false)) {
            sync.syncOnce();
            sync.syncOnce();
            try (FolderSync down = FolderSync.open(Files.createDirectories(work.resolve("down")),
                    new SyncClient(server.uri(), "warm-up-2"), false)) {
                down.syncOnce(); // the download paths, both ways
            }
            SyncClient client = new SyncClient(server.uri(), "warm-up-3");
            for (dev.syncr.client.RemoteFile f : client.list()) {
                Path target = work.resolve("down-one-by-one").resolve(f.id().value());
                Files.createDirectories(target.getParent());
                client.getFile(f.id(), target);
            }
        }
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", work.resolve("one-by-one").toString());
             SyncClient client = new SyncClient(server.uri(), "warm-up");
             Stream<Path> walk = Files.walk(tree)) {
            for (Path file : walk.filter(Files::isRegularFile).filter(f -> !f.startsWith(tree.resolve(".syncr")))
                    .toList()) {
                client.putFile(FileId.of(tree.relativize(file).toString().replace('\\', '/')), 0, file);
            }
        }
        System.out.printf("  %-44s %8.2f s%n", "warm-up (both ways, 2000 other files)", (System.nanoTime() - start) / 1e9);
        deleteTree(work);
    }

    /** unison to an empty local replica, then again with nothing to do; its archives kept inside the work folder. */
    private static void unison(Path tree, Path work, int files) throws Exception {
        Path replica = Files.createDirectories(work.resolve("unison-replica"));
        List<String> command = List.of("unison", tree.toString(), replica.toString(), "-batch", "-auto", "-silent",
                "-times", "-perms", "0");
        settleDisk();
        long start = System.nanoTime();
        int exit;
        try {
            exit = run(command, work);
        } catch (IOException notInstalled) {
            System.out.printf("  %-44s (not installed: apt-get install unison)%n", "unison to a local replica");
            return;
        }
        report("unison to a local replica (baseline)", files, start, exit == 0 ? "" : " (unison failed: " + exit + ")");
        settleDisk();
        start = System.nanoTime();
        exit = run(command, work);
        System.out.printf("  %-44s %8.2f s%s%n", "unison no-op re-sync (baseline)", (System.nanoTime() - start) / 1e9,
                exit == 0 ? "" : " (unison failed: " + exit + ")");
    }

    private static int run(List<String> command, Path work) throws IOException, InterruptedException {
        // its first run warns at length that it has no archive yet (true, and expected): the exit code tells enough
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("UNISON", work.resolve("unison-home").toString());
        return builder.start().waitFor();
    }

    private static void report(String what, int files, long start, String note) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  %-44s %8.2f s  %8.0f files/s%s%n", what, seconds, files / seconds, note);
    }

    /** Removes a folder and everything in it (the benchmarks' work folders). */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
