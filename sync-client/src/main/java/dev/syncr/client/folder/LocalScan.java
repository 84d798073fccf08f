package dev.syncr.client.folder;

import dev.syncr.client.SyncClient;
import dev.syncr.client.folder.Trees.LocalEntry;
import dev.syncr.client.folder.Trees.SyncedEntry;
import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import dev.syncr.core.InvalidFileIdException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The local tree: every regular file under the folder, keyed by its {@code /}-separated path. Size and
 * modification time equal to the synced tree's mean "unchanged" and skip hashing (the fast path); anything else is
 * hashed.
 */
final class LocalScan {

    private LocalScan() {
    }

    static Map<FileId, LocalEntry> scan(Path root, Map<FileId, SyncedEntry> synced) throws IOException {
        Map<FileId, LocalEntry> tree = new HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && dir.getFileName().toString().equals(IgnoreRules.STATE_DIR)
                        && dir.getParent().equals(root)) {
                    return FileVisitResult.SKIP_SUBTREE;
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
                long size = attrs.size();
                long modified = attrs.lastModifiedTime().toMillis();
                SyncedEntry known = synced.get(id);
                if (known != null && known.size() == size && known.modifiedMillis() == modified) {
                    tree.put(id, new LocalEntry(known.hash(), size, modified));
                    return FileVisitResult.CONTINUE;
                }
                try {
                    tree.put(id, new LocalEntry(ContentHash.of(file), size, modified));
                } catch (NoSuchFileException gone) {
                    // deleted while scanning: it is simply not in this tree
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // vanished or unreadable: next pass
            }
        });
        return tree;
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
