package dev.syncr.client.folder;

import dev.syncr.client.SyncClient;
import dev.syncr.client.folder.Trees.LocalEntry;
import dev.syncr.client.folder.Trees.LocalTree;
import dev.syncr.client.folder.Trees.SyncedEntry;
import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import dev.syncr.core.InvalidFileIdException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The local tree: every regular file under the folder, keyed by its {@code /}-separated path. Size and
 * modification time equal to the synced tree's mean "unchanged" and skip hashing (the fast path); anything else is
 * hashed.
 *
 * <p>A folder or file the scan could not read (permission denied, an I/O error, a folder that vanished while it was
 * being listed) is not absent: it is <em>unknown</em> for this pass, listed in {@link LocalTree#unreadable()}, and
 * the planner leaves everything under it alone on both sides (Syncthing's rule). Taking it as deleted would send
 * tombstones that empty every other device.
 */
final class LocalScan {

    /** A seam for tests run as root, whom permissions do not stop: fails a path as the real file system would. */
    interface Faults {
        void check(Path path) throws IOException;
    }

    static volatile Faults faults = path -> { };

    private LocalScan() {
    }

    /**
     * Reads the tree under {@code root}: every file's stat, and its content hash where a decision needs it. A file
     * that neither the last agreement ({@code synced}) nor the server ({@code remoteIds}, deleted heads too) knows
     * can only be uploaded, so it is not read here (its hash is null): its upload hashes it as it sends it, one pass
     * over its bytes instead of two. It is still checked to be readable.
     */
    static LocalTree scan(Path root, Map<FileId, SyncedEntry> synced, Set<FileId> remoteIds) throws IOException {
        Map<FileId, LocalEntry> tree = new HashMap<>();
        Map<String, String> unreadable = new TreeMap<>();
        long scannedAt = System.currentTimeMillis();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && dir.getFileName().toString().equals(IgnoreRules.STATE_DIR)
                        && dir.getParent().equals(root)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                try {
                    faults.check(dir);
                } catch (IOException e) {
                    return visitFileFailed(dir, e);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                FileId id = idOf(root, file);
                if (id == null || IgnoreRules.ignored(id)) {
                    return FileVisitResult.CONTINUE;
                }
                if (!addressable(root, file, id)) {
                    unreadable.put(relative(root, file), "its name is not in the Unicode form (NFC) of its file id, "
                            + "and this file system tells the two apart: rename it to sync it");
                    return FileVisitResult.CONTINUE;
                }
                long size = attrs.size();
                long modified = attrs.lastModifiedTime().toMillis();
                SyncedEntry known = synced.get(id);
                if (known != null && known.size() == size && known.modifiedMillis() == modified) {
                    tree.put(id, new LocalEntry(known.hash(), size, modified));
                    return FileVisitResult.CONTINUE;
                }
                try {
                    faults.check(file);
                    if (known == null && !remoteIds.contains(id)) {
                        if (!Files.isReadable(file)) {
                            if (Files.notExists(file)) {
                                return FileVisitResult.CONTINUE; // deleted while scanning, as below
                            }
                            throw new AccessDeniedException(file.toString());
                        }
                        tree.put(id, new LocalEntry(null, size, modified));
                        return FileVisitResult.CONTINUE;
                    }
                    tree.put(id, new LocalEntry(ContentHash.of(file), size, modified));
                } catch (NoSuchFileException gone) {
                    // deleted while scanning: it is simply not in this tree (a delete is re-checked before it is sent)
                } catch (IOException e) {
                    return visitFileFailed(file, e);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // unreadable, or gone while being listed: unknown for this pass, never "deleted"
                unreadable.put(relative(root, file), "could not be read (" + reason(e) + ")");
                return FileVisitResult.CONTINUE;
            }
        });
        return new LocalTree(tree, unreadable, scannedAt);
    }

    /**
     * Whether the file is found again by its id (ids are NFC). A name written in another Unicode form (NFD, as macOS
     * writes) is, on a file system that normalizes; on one that tells forms apart it is a different file, and
     * syncing it under the id would read or overwrite another (or no) file.
     */
    private static boolean addressable(Path root, Path file, FileId id) throws IOException {
        Path byId = root.resolve(id.value());
        if (byId.equals(file)) {
            return true;
        }
        return Files.exists(byId) && Files.isSameFile(byId, file);
    }

    /** The {@code /}-separated path of a file or folder under the root ("" for the root itself). */
    static String relative(Path root, Path file) {
        StringBuilder path = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (!part.toString().isEmpty()) {
                if (!path.isEmpty()) {
                    path.append('/');
                }
                path.append(part);
            }
        }
        return path.toString();
    }

    private static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException denied -> "permission denied";
            case NoSuchFileException gone -> "it vanished while being read";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    /** The file id of a path under the root, or null for a name no file id can have. */
    static FileId idOf(Path root, Path file) {
        StringBuilder id = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (!id.isEmpty()) {
                id.append('/');
            }
            id.append(part);
        }
        try {
            return FileId.of(id.toString());
        } catch (InvalidFileIdException e) {
            return null;
        }
    }
}
