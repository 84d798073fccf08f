package dev.syncr.client;

import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import dev.syncr.core.OnConflict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * One streamed upload: where it goes, the version it is based on, and its content. The content supplier is called
 * again for each retry, so it must give the same bytes each time.
 *
 * <pre>{@code
 * client.upload(Upload.of(id, 0, () -> socket.getInputStream()));              // length unknown: sent chunked
 * client.upload(Upload.of(id, 3, () -> open(big)).withLength(size).withHash(sha256));
 * }</pre>
 *
 * @param length      the number of bytes, when known (sent as Content-Length)
 * @param contentHash the SHA-256 of the content, when known: the server then refuses damaged bytes
 * @param onConflict  what the server should do if the upload loses a race (merge, keep both, or just say so)
 */
public record Upload(FileId id, long expectedVersion, Supplier<InputStream> content, OptionalLong length,
                     Optional<String> contentHash, OnConflict onConflict) {

    public Upload {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion is 0 (create) or the version the change is based on");
        }
    }

    public static Upload of(FileId id, long expectedVersion, Supplier<InputStream> content) {
        return new Upload(id, expectedVersion, content, OptionalLong.empty(), Optional.empty(), OnConflict.REJECT);
    }

    /** A local file: its length and hash are read first, so damage in transit is caught by the server. */
    public static Upload of(FileId id, long expectedVersion, Path file) throws IOException {
        return of(id, expectedVersion, () -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).withLength(Files.size(file)).withHash(ContentHash.of(file));
    }

    public Upload withLength(long bytes) {
        return new Upload(id, expectedVersion, content, OptionalLong.of(bytes), contentHash, onConflict);
    }

    /** Asks the server to merge or keep both if this upload loses a race. */
    public Upload on(OnConflict policy) {
        return new Upload(id, expectedVersion, content, length, contentHash, policy);
    }

    public Upload withHash(String sha256) {
        return new Upload(id, expectedVersion, content, length, Optional.of(sha256), onConflict);
    }
}
