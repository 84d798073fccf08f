package dev.syncr.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The one way a file is written into place, by every download and copy: its bytes in a temporary file, that file
 * flushed to disk, renamed over the target atomically, then the folder flushed so the rename itself survives a power
 * loss. Only after this returns may a caller record the file as synced: otherwise a crash could leave an empty or old
 * file that the state calls synced, and the next pass would upload it as an edit.
 */
public final class FilePlacement {

    /** Told of each step as it completes, in order; a seam for tests that check the order. */
    public interface Steps {
        void step(String step, Path path);
    }

    private static volatile Steps steps = (step, path) -> { };

    private FilePlacement() {
    }

    /** Watches the steps (tests only); {@code null} stops watching. */
    public static void watch(Steps watcher) {
        steps = watcher == null ? (step, path) -> { } : watcher;
    }

    /** Moves a fully written {@code temp} over {@code target}, durably (see the class comment). */
    public static void place(Path temp, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        steps.step("fsync", temp);
        Path folder = target.toAbsolutePath().getParent(); // a bare name ("a.txt") has no parent of its own
        Files.createDirectories(folder);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        steps.step("rename", target);
        syncFolder(folder);
        steps.step("fsync-folder", folder);
    }

    /** Copies {@code source} to {@code target} the same durable way. */
    public static void copy(Path source, Path target, Path workFolder) throws IOException {
        Path temp = Files.createTempFile(workFolder, "copy-", ".part");
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            place(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes {@code bytes} to {@code target} the same durable way. */
    public static void write(Path target, byte[] bytes, Path workFolder) throws IOException {
        Path temp = Files.createTempFile(workFolder, "write-", ".part");
        try {
            Files.write(temp, bytes);
            place(temp, target);
        } finally {
            Files.deleteIfExists(temp);
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
