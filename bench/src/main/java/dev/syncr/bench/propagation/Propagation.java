package dev.syncr.bench.propagation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * How long what is saved on device A takes to be on device B, Syncthing against Syncr, same data, same run, same
 * machine: 10 000 new small files, three new big files, one byte changed in a file both hold, and an idle spell. Each
 * figure is the time from the save until B's folder holds exactly A's content (every file checked by SHA-256) and the
 * bytes on the wire meanwhile (counted by a proxy between the parties).
 *
 * <pre>java -cp bench/target/syncr-bench.jar dev.syncr.bench.propagation.Propagation [small files] [big MiB]
 *      [flip MiB]   (defaults 10000 512 100)</pre>
 */
public final class Propagation {

    private record Figure(String workload, double seconds, long bytes) {
    }

    /** New big files moved through one after the other, each measured: one for each of these. */
    private static final List<String> BIG_FILES = List.of("1st", "2nd", "3rd");

    private Propagation() {
    }

    public static void main(String[] args) throws Exception {
        int small = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long bigMib = args.length > 1 ? Long.parseLong(args[1]) : 512;
        long flipMib = args.length > 2 ? Long.parseLong(args[2]) : 100;
        Path work = Files.createTempDirectory("syncr-propagation-");
        System.out.printf("propagation A -> B, %s, %d cores: %d small files, %d MiB file, 1 byte in %d MiB%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), small, bigMib, flipMib);
        Map<String, List<Figure>> results = new LinkedHashMap<>();
        try {
            try (Pair pair = new SyncthingPair(work.resolve("syncthing"))) {
                results.put(pair.name(), run(pair, work.resolve("syncthing"), small, bigMib, flipMib));
            }
            try (Pair pair = new SyncrPair(work.resolve("syncr"))) {
                results.put(pair.name(), run(pair, work.resolve("syncr"), small, bigMib, flipMib));
            }
            List<Figure> st = results.get("Syncthing");
            List<Figure> sy = results.get("Syncr");
            System.out.printf("%n| A -> B | Syncthing | Syncr | Syncr / Syncthing | bytes on the wire (Syncthing / Syncr) |%n");
            System.out.printf("|---|---|---|---|---|%n");
            for (int i = 0; i < st.size(); i++) {
                boolean idle = st.get(i).workload().startsWith("idle");
                System.out.printf("| %s | %s | %s | %s | %s / %s |%n", st.get(i).workload(),
                        idle ? "—" : String.format("%.1f s", st.get(i).seconds()),
                        idle ? "—" : String.format("%.1f s", sy.get(i).seconds()),
                        idle ? "—" : String.format("%.2f×", sy.get(i).seconds() / st.get(i).seconds()),
                        mb(st.get(i).bytes()), mb(sy.get(i).bytes()));
            }
        } finally {
            dev.syncr.bench.FirstSync.deleteTree(work);
        }
    }

    private static List<Figure> run(Pair pair, Path work, int small, long bigMib, long flipMib) throws Exception {
        List<Figure> figures = new ArrayList<>();
        Map<String, String> expected = new TreeMap<>();
        Random random = new Random(7);

        // 1. many new small files (200 B - 4 KB in 1 000 folders)
        long bytes0 = pair.wireBytes();
        Map<String, Long> changed = new TreeMap<>();
        for (int i = 0; i < small; i++) {
            String rel = "small/f" + (i % 1000) + "/n" + i + ".txt";
            byte[] content = new byte[200 + random.nextInt(3897)];
            random.nextBytes(content);
            Path file = pair.a().resolve(rel);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            expected.put(rel, sha256(content));
            changed.put(rel, (long) content.length);
        }
        long start = System.nanoTime();
        figures.add(figure(pair, String.format("%,d new small files", small), start, bytes0, expected, changed,
                Map.of()));

        // 2. new big files, each saved whole (written beside the folder, then moved in as an editor saves). A file of
        // 64 MiB goes first, not measured: the rows are of devices that have run a while, and a JVM compiles its
        // big-file code (cutting, hashing, streaming) the first time it moves one; Syncthing gets the same file
        Path warmUp = work.resolve("warm-up.tmp");
        expected.put("warm-up.bin", writeRandom(warmUp, 64L << 20, random));
        Files.move(warmUp, pair.a().resolve("warm-up.bin"), StandardCopyOption.ATOMIC_MOVE);
        awaitSame(pair.b(), expected, Map.of("warm-up.bin", 64L << 20), Map.of());
        // Three of them, one after the other: the first still pays for compiling what the 64 MiB file did not
        // make hot (the JIT's thresholds count requests, and 64 chunks are few), the next ones show a device that
        // has moved big files before; each is its own row, nothing averaged away
        for (int i = 1; i <= BIG_FILES.size(); i++) {
            Thread.sleep(2000); // both sides settled
            Path staged = work.resolve("big.tmp");
            String name = "big" + i + ".bin";
            expected.put(name, writeRandom(staged, bigMib << 20, random));
            bytes0 = pair.wireBytes();
            start = System.nanoTime();
            Files.move(staged, pair.a().resolve(name), StandardCopyOption.ATOMIC_MOVE);
            figures.add(figure(pair, "new " + bigMib + " MiB file, " + BIG_FILES.get(i - 1), start, bytes0, expected,
                    Map.of(name, bigMib << 20), Map.of()));
        }

        // 3. one byte changed in a file both hold
        Path flipStaged = work.resolve("flip.tmp");
        expected.put("flip.bin", writeRandom(flipStaged, flipMib << 20, random));
        Files.move(flipStaged, pair.a().resolve("flip.bin"), StandardCopyOption.ATOMIC_MOVE);
        awaitSame(pair.b(), expected, Map.of("flip.bin", flipMib << 20), Map.of());
        Thread.sleep(3000); // both sides settled
        Map<String, Object> before = identities(pair.b(), Map.of("flip.bin", flipMib << 20));
        bytes0 = pair.wireBytes();
        start = System.nanoTime();
        try (RandomAccessFile file = new RandomAccessFile(pair.a().resolve("flip.bin").toFile(), "rw")) {
            long at = (flipMib << 20) / 2;
            file.seek(at);
            int old = file.read();
            file.seek(at);
            file.write(old ^ 0xFF);
        }
        expected.put("flip.bin", sha256(pair.a().resolve("flip.bin")));
        figures.add(figure(pair, "1 byte changed in a " + flipMib + " MiB file both hold", start, bytes0, expected,
                Map.of("flip.bin", flipMib << 20), before));

        // 4. idle: nothing changes for 10 s
        Thread.sleep(2000);
        bytes0 = pair.wireBytes();
        Thread.sleep(10_000);
        figures.add(new Figure("idle, 10 s", 10, pair.wireBytes() - bytes0));
        return figures;
    }

    private static Figure figure(Pair pair, String workload, long start, long bytes0, Map<String, String> expected,
                                 Map<String, Long> changed, Map<String, Object> before) throws Exception {
        double seconds = awaitSame(pair.b(), expected, changed, before) - start / 1e9;
        Figure f = new Figure(workload, seconds, pair.wireBytes() - bytes0);
        System.out.printf("  %-10s %-40s %8.2f s  %s on the wire%n", pair.name(), workload, f.seconds(), mb(f.bytes()));
        return f;
    }

    /**
     * Waits until {@code folder} holds exactly the expected files (a tool's own state and temp files aside) and
     * answers when that was first seen (nanoTime, in seconds). Each look first checks only the files this step
     * changed: there, of their new size, and (for a file B held before) no longer the file it was, by inode or time
     * (a stat each: looking must not take the CPU the tools are measured on, as walking the whole tree and hashing
     * its largest files every 50 ms did). Once they are, the whole folder is walked and every file's hash compared
     * (both tools rename a finished file into place, so a file at its name is whole).
     */
    private static double awaitSame(Path folder, Map<String, String> expected, Map<String, Long> changed,
                                    Map<String, Object> before) throws Exception {
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            long seen = System.nanoTime();
            if (!arrived(folder, changed, before)) {
                Thread.sleep(50);
                continue;
            }
            Map<String, Path> files = files(folder);
            if (files.keySet().equals(expected.keySet())) {
                boolean same = true;
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    if (!sha256(files.get(e.getKey())).equals(e.getValue())) {
                        same = false;
                        break;
                    }
                }
                if (same) {
                    return seen / 1e9;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("B never caught up with A");
    }

    private static boolean arrived(Path folder, Map<String, Long> changed, Map<String, Object> before)
            throws IOException {
        Map<String, Object> now = identities(folder, changed);
        return now.size() == changed.size() && now.entrySet().stream().noneMatch(e -> e.getValue().equals(
                before.get(e.getKey())));
    }

    /** Of these files, those at their expected size, each with what tells one write of it from another. */
    private static Map<String, Object> identities(Path folder, Map<String, Long> files) throws IOException {
        Map<String, Object> found = new TreeMap<>();
        for (Map.Entry<String, Long> e : files.entrySet()) {
            try {
                var attrs = Files.readAttributes(folder.resolve(e.getKey()),
                        java.nio.file.attribute.BasicFileAttributes.class);
                if (attrs.size() == e.getValue()) {
                    found.put(e.getKey(), List.of(String.valueOf(attrs.fileKey()), attrs.lastModifiedTime()));
                }
            } catch (java.nio.file.NoSuchFileException notYet) {
                // not there yet
            }
        }
        return found;
    }

    private static Map<String, Path> files(Path folder) throws IOException {
        Map<String, Path> found = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = folder.relativize(p).toString();
                if (rel.startsWith(".stfolder") || rel.startsWith(".stversions") || rel.startsWith(".syncr")
                        || p.getFileName().toString().startsWith(".syncthing.")
                        || p.getFileName().toString().startsWith("~syncthing~") || !Files.isRegularFile(p)) {
                    continue;
                }
                found.put(rel, p);
            }
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException raced) {
            return Map.of(); // a file moved while listed: look again
        }
        return found;
    }

    private static String writeRandom(Path file, long size, Random random) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buffer.length) {
                random.nextBytes(buffer);
                int n = (int) Math.min(buffer.length, left);
                out.write(buffer, 0, n);
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            return "";
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String mb(long bytes) {
        return bytes < 10_000 ? bytes + " B" : String.format("%.1f MB", bytes / 1e6);
    }
}
