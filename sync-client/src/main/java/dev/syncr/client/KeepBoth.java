package dev.syncr.client;

import dev.syncr.core.ConflictNames;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The seed's resolution (its STEP 9): the server's version takes the original name, the local edit becomes
 * {@code document (conflicted copy ClientB).txt}, saved locally and uploaded so every device sees it.
 *
 * <p>Order matters for "nothing lost": the local edit is first copied to its new name, then uploaded, and only then
 * is the original overwritten with the server's version. A crash in between leaves an extra copy, never a loss.
 */
public final class KeepBoth implements ConflictHandler {

    private static final int MAX_NAME_RACES = 20;

    @Override
    public Resolution resolve(SyncClient client, LocalCache cache, FileId id, WriteResult.Conflict conflict)
            throws IOException {
        Path local = cache.path(id);
        boolean serverDeleted = conflict.current().map(RemoteFile::deleted).orElse(true);
        if (serverDeleted) {
            // Deleted there, edited here: the edit wins and comes back under its own name.
            return switch (client.upload(id, 0, local)) {
                case WriteResult.Committed c -> {
                    cache.remember(id, c.version(), c.contentHash());
                    yield new EditRestored(id, c.version());
                }
                case WriteResult.Unchanged u -> {
                    cache.remember(id, u.version(), u.contentHash());
                    yield new EditRestored(id, u.version());
                }
                case WriteResult.Conflict again -> resolve(client, cache, id, again);
                case WriteResult.NotFound n -> throw new IOException("server lost track of " + id + ": " + n.message());
            };
        }
        for (int attempt = 0; attempt < MAX_NAME_RACES; attempt++) {
            FileId copy = ConflictNames.conflictedCopy(id, client.clientId(),
                    candidate -> cache.exists(candidate) || client.metadata(candidate).isPresent());
            Path copyPath = cache.path(copy);
            Files.createDirectories(copyPath.getParent());
            Files.copy(local, copyPath, StandardCopyOption.REPLACE_EXISTING);
            WriteResult uploaded = client.upload(copy, 0, copyPath);
            Optional<Long> copyVersion = switch (uploaded) {
                case WriteResult.Committed c -> {
                    cache.remember(copy, c.version(), c.contentHash());
                    yield Optional.of(c.version());
                }
                case WriteResult.Unchanged u -> {
                    cache.remember(copy, u.version(), u.contentHash());
                    yield Optional.of(u.version());
                }
                case WriteResult.Conflict c -> Optional.empty(); // someone took that name meanwhile: next name
                case WriteResult.NotFound n -> Optional.empty();
            };
            if (copyVersion.isEmpty()) {
                Files.deleteIfExists(copyPath);
                continue;
            }
            RemoteFile head = client.download(id, local).orElseThrow(() ->
                    new IOException(id + " disappeared from the server while resolving a conflict"));
            cache.remember(id, head.version(), head.contentHash());
            return new KeptBoth(id, head.version(), copy, copyVersion.get());
        }
        throw new IOException("could not find a free conflicted-copy name for " + id);
    }
}
