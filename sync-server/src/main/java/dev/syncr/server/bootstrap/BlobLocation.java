package dev.syncr.server.bootstrap;

import dev.syncr.core.BlobStore;
import dev.syncr.core.fs.FileSystemBlobStore;
import dev.syncr.server.s3.S3BlobStore;
import java.io.IOException;
import java.nio.file.Path;

/** Where file content lives, as {@code --blob} names it: a folder ({@code file:DIR}) or a bucket ({@code s3://BUCKET}). */
public sealed interface BlobLocation {

    /** A folder of this machine: the embedded default. */
    record Folder(Path path) implements BlobLocation {
        @Override
        public BlobStore open() throws IOException {
            return new FileSystemBlobStore(path);
        }

        @Override
        public String toString() {
            return "file:" + path;
        }
    }

    /** A bucket of an S3-compatible object store. */
    record Bucket(String bucket, S3Access access) implements BlobLocation {
        @Override
        public BlobStore open() throws IOException {
            return S3BlobStore.connect(access.endpoint(), access.accessKey(), access.secretKey(), access.region(),
                    bucket);
        }

        /** Names the bucket, never the keys. */
        @Override
        public String toString() {
            return "s3://" + bucket;
        }
    }

    BlobStore open() throws IOException;

    /** The backend's name in metrics: {@code filesystem} or {@code s3}. */
    default String backend() {
        return this instanceof Bucket ? "s3" : "filesystem";
    }

    /**
     * Reads {@code --blob}: {@code file:DIR} or {@code s3://BUCKET}; null or blank is {@code dataDir/blobs}.
     *
     * @param s3 the credentials a bucket is reached with
     */
    static BlobLocation parse(String blob, Path dataDir, S3Access s3) {
        if (blob == null || blob.isBlank()) {
            return new Folder(dataDir.resolve("blobs"));
        }
        if (blob.startsWith("file:")) {
            return new Folder(Path.of(blob.substring("file:".length())));
        }
        if (blob.startsWith("s3://")) {
            String bucket = blob.substring("s3://".length()).replaceAll("/+$", "");
            if (bucket.isBlank()) {
                throw new IllegalArgumentException("--blob s3:// needs a bucket name, like s3://syncr");
            }
            return new Bucket(bucket, s3);
        }
        throw new IllegalArgumentException("--blob must be file:DIR or s3://BUCKET, got '" + blob + "'");
    }

    /**
     * How a bucket is reached (--s3-endpoint, --s3-access-key, the secret key, --s3-region).
     *
     * @param endpoint null for AWS itself
     */
    record S3Access(String endpoint, String accessKey, String secretKey, String region) {
        /** Never the secret key. */
        @Override
        public String toString() {
            return "S3Access[endpoint=" + endpoint + ", region=" + region + "]";
        }
    }
}
