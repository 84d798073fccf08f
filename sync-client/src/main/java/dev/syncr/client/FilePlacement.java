package dev.syncr.client;

import dev.syncr.core.ContentHash;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * The one way a file is written into place, by every download and copy: its bytes in a temporary file, that file
 * flushed to disk, the target checked once more against what the caller last saw there, renamed over it atomically,
 * then the folder flushed so the rename itself survives a power loss. Only after this returns {@link Placed} may a
 * caller record the file as synced: otherwise a crash could leave an empty or old file that the state calls synced,
 * and the next pass would upload it as an edit.
 *
 * <p>The check just before the rename is what keeps a save made during a long download (the Nextcloud client's
 * "re-check before replace"): if the target is not what the caller decided to replace, nothing is replaced and the
 * answer is {@link TargetChanged}; the caller treats the file as edited locally. The window left between that check
 * and the rename is a few system calls; no file system offers a compare-and-rename to close it.
 */
public final class FilePlacement {

    /** Told of each step as it completes, in order; a seam for tests that check the order. */
    public interface Steps {
        void step(String step, Path path);
    }

    /**
     * What the caller last saw at the target, and so is willing to replace: no file, or a file of this content and
     * stat. {@link #of} takes it from the disk now.
     */
    public sealed interface Expected {

        /** There was no file: whatever appeared since is kept. */
        record Absent() implements Expected {
        }

        /**
         * A file of this size and modification time as stat'ed at or after {@code seenAtMillis}, holding {@code hash}
         * (null when not hashed: then a matching stat that was not racy when seen is trusted, anything else is a
         * change). See {@link ModifiedTimes#racy}.
         */
        record Holding(String hash, long size, long modifiedMillis, long seenAtMillis) implements Expected {
        }

        Expected ABSENT = new Absent();

        /** What is at {@code target} now; hashed only when its time is too recent for the stat to tell edits apart. */
        static Expected of(Path target) throws IOException {
            long seenAt = System.currentTimeMillis();
            Optional<BasicFileAttributes> stat = stat(target);
            if (stat.isEmpty()) {
                return ABSENT;
            }
            long modified = stat.get().lastModifiedTime().toMillis();
            String hash = ModifiedTimes.racy(modified, seenAt) ? ContentHash.of(target) : null;
            return new Holding(hash, stat.get().size(), modified, seenAt);
        }

        /** The file at {@code target} if it holds {@code hash} now, with its stat; empty if it does not. */
        static Optional<Expected> holding(Path target, String hash) throws IOException {
            long seenAt = System.currentTimeMillis();
            Optional<BasicFileAttributes> stat = stat(target);
            if (stat.isEmpty() || !stat.get().isRegularFile() || !ContentHash.of(target).equals(hash)) {
                return Optional.empty();
            }
            return Optional.of(new Holding(hash, stat.get().size(), stat.get().lastModifiedTime().toMillis(),
                    seenAt));
        }
    }

    /** How a placement ended. */
    public sealed interface Placement {
    }

    /** The new file is in place, durably. */
    public record Placed(Path target) implements Placement {
    }

    /** The target changed since the caller saw it (a save during the download): it was kept, nothing was placed. */
    public record TargetChanged(Path target) implements Placement {
    }

    private static volatile Steps steps = (step, path) -> { };

    private FilePlacement() {
    }

    /** Watches the steps (tests only); {@code null} stops watching. */
    public static void watch(Steps watcher) {
        steps = watcher == null ? (step, path) -> { } : watcher;
    }

    /**
     * Moves a fully written {@code temp} over {@code target}, durably, if {@code target} still is what the caller
     * {@code expected} (see the class comment). {@code temp} is left for the caller to delete when not placed.
     */
    public static Placement place(Path temp, Path target, Expected expected) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        steps.step("fsync", temp);
        Path folder = target.toAbsolutePath().getParent(); // a bare name ("a.txt") has no parent of its own
        Files.createDirectories(folder);
        steps.step("ready", target);
        if (!stillAsExpected(target, expected)) {
            steps.step("kept", target);
            return new TargetChanged(target);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        steps.step("rename", target);
        syncFolder(folder);
        steps.step("fsync-folder", folder);
        return new Placed(target);
    }

    /**
     * {@link #place} for many files at once (a batch of small downloads), with the same guarantees for each. Files
     * are handed over as they arrive: each one's temp file is written and flushed, and its folder made, on a few
     * threads meanwhile (creating a file costs the kernel far more than writing a small one, and both cores can do
     * it). {@link #place()} then waits for them, checks each target and renames it into place in turn, and flushes
     * each folder that received a file once. Temp files not placed are deleted on {@link #close()}.
     */
    public static final class Batch implements AutoCloseable {
        private final Path workFolder;
        private final String prefix = "batch-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        private final java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(
                PARALLEL_FLUSHES);
        private final List<Incoming> files = new ArrayList<>();

        private record Incoming(Path temp, Path target, Expected expected, java.util.concurrent.Future<?> written) {
        }

        /** A batch whose temp files go in {@code workFolder} (on the targets' file system, so a rename moves them). */
        public Batch(Path workFolder) {
            this.workFolder = workFolder;
        }

        /** Starts writing {@code bytes} durably to a temp file for {@code target}, which should be {@code expected}. */
        public void add(byte[] bytes, Path target, Expected expected) {
            // named here, not by Files.createTempFile: its secure random name costs a millisecond a file
            Path temp = workFolder.resolve(prefix + "-" + files.size() + ".part");
            files.add(new Incoming(temp, target, expected, writers.submit(() -> {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                steps.step("fsync", temp);
                Files.createDirectories(target.toAbsolutePath().getParent());
                return null;
            })));
        }

        /**
         * Places every file added, in order, once all are written: one placement per file. Throws (placing nothing)
         * when a file could not be written or its folder made: a name taken by a file, a full disk.
         */
        public List<Placement> place() throws IOException {
            awaitAll(files.stream().map(Incoming::written).toList());
            List<Placement> placed = new ArrayList<>();
            Set<Path> folders = new LinkedHashSet<>();
            for (Incoming f : files) {
                steps.step("ready", f.target());
                if (!stillAsExpected(f.target(), f.expected())) {
                    steps.step("kept", f.target());
                    placed.add(new TargetChanged(f.target()));
                    continue;
                }
                Files.move(f.temp(), f.target(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                steps.step("rename", f.target());
                folders.add(f.target().toAbsolutePath().getParent());
                placed.add(new Placed(f.target()));
            }
            awaitAll(folders.stream().map(folder -> writers.submit(() -> {
                syncFolder(folder);
                steps.step("fsync-folder", folder);
                return null;
            })).toList());
            return placed;
        }

        /**
         * Waits for the writes still running (a small file and its flush each: an interrupt does not cut this short,
         * or a write finishing later would leave its temp file behind), then deletes every temp file not placed.
         */
        @Override
        public void close() throws IOException {
            writers.shutdown();
            boolean interrupted = false;
            while (true) {
                try {
                    writers.awaitTermination(1, java.util.concurrent.TimeUnit.DAYS);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            IOException failed = null;
            for (Incoming f : files) {
                try {
                    Files.deleteIfExists(f.temp());
                } catch (IOException e) {
                    failed = failed == null ? e : failed;
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
    }

    /** Flushes waiting on the disk at once: the file system commits them together, far faster than one by one. */
    private static final int PARALLEL_FLUSHES = 16;

    /** Waits for every one of {@code running}; the first failure is thrown once all have ended. */
    private static void awaitAll(List<? extends java.util.concurrent.Future<?>> running) throws IOException {
        IOException failed = null;
        for (java.util.concurrent.Future<?> f : running) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                if (failed == null) {
                    failed = cause;
                } else {
                    failed.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while placing files");
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Copies {@code source} to {@code target} the same durable, checked way. */
    public static Placement copy(Path source, Path target, Path workFolder, Expected expected) throws IOException {
        Path temp = Files.createTempFile(workFolder, "copy-", ".part");
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            return place(temp, target, expected);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes {@code bytes} to {@code target} the same durable, checked way. */
    public static Placement write(Path target, byte[] bytes, Path workFolder, Expected expected) throws IOException {
        Path temp = Files.createTempFile(workFolder, "write-", ".part");
        try {
            Files.write(temp, bytes);
            return place(temp, target, expected);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean stillAsExpected(Path target, Expected expected) throws IOException {
        Optional<BasicFileAttributes> now = stat(target);
        return switch (expected) {
            case Expected.Absent absent -> now.isEmpty();
            case Expected.Holding seen -> {
                if (now.isEmpty() || !now.get().isRegularFile()) {
                    yield false; // deleted or replaced by a folder meanwhile: that is the user's change to keep
                }
                long modified = now.get().lastModifiedTime().toMillis();
                boolean sameStat = now.get().size() == seen.size() && modified == seen.modifiedMillis();
                if (sameStat && !ModifiedTimes.racy(modified, seen.seenAtMillis())) {
                    yield true;
                }
                // a different stat may be a mere touch; a recent one may hide a same-size edit: the hash decides
                yield seen.hash() != null && ContentHash.of(target).equals(seen.hash());
            }
        };
    }

    private static Optional<BasicFileAttributes> stat(Path target) throws IOException {
        try {
            return Optional.of(Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Flushes a folder's entries; where the platform cannot open a folder (Windows) its file system orders them. */
    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }
}
