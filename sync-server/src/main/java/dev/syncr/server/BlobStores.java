package dev.syncr.server;

import dev.syncr.core.BlobStore;
import dev.syncr.core.fs.FileSystemBlobStore;
import dev.syncr.server.s3.S3BlobStore;
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
        String bucket = blob.substring("s3://".length()).replaceAll("/+$", "");
        return S3BlobStore.connect(config.s3Endpoint, config.s3AccessKey, config.s3SecretKey(), config.s3Region,
                bucket);
    }
}
