package dev.syncr.server;

import dev.syncr.core.BlobStore;
import dev.syncr.core.fs.FileSystemBlobStore;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the content store a {@code --blob} URI names. */
final class BlobStores {

    private BlobStores() {
    }

    static BlobStore open(ServerConfig config) throws IOException {
        String blob = config.effectiveBlob();
        if (blob.startsWith("file:")) {
            return new FileSystemBlobStore(Path.of(blob.substring("file:".length())));
        }
        throw new IllegalArgumentException("--blob " + blob + ": S3 storage is not available in this build");
    }
}
