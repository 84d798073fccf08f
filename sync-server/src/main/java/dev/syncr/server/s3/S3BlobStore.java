package dev.syncr.server.s3;

import dev.syncr.core.BlobStore;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;

/**
 * Content in an S3 bucket (MinIO, AWS S3, any S3 API) through the MinIO SDK. Staging uploads the stream, of any
 * length, as a multipart upload under {@code staging-…}; publishing copies it server-side to its content key. An S3
 * object appears whole or not at all, so a crash leaves at most a stray staging object, never a partial blob under
 * a content key.
 *
 * <pre>{@code
 * var blobs = new S3BlobStore(MinioClient.builder().endpoint("http://minio:9000")
 *         .credentials("minioadmin", "minioadmin").build(), "syncr");
 * }</pre>
 */
public final class S3BlobStore implements BlobStore {

    /**
     * Where earlier versions staged an upload before copying it to its key (a write is one PUT to the key now); a
     * copy a crash left there is still swept. Flat, not a folder: some S3 backends race on a shared parent.
     */
    private static final String STAGING = "staging-";

    private final MinioClient client;
    private final String bucket;

    /** Connects and creates the bucket if it does not exist. */
    public S3BlobStore(MinioClient client, String bucket) throws IOException {
        this.client = client;
        this.bucket = bucket;
        call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        }, "open bucket " + bucket);
    }

    public static S3BlobStore connect(String endpoint, String accessKey, String secretKey, String region,
                                      String bucket) throws IOException {
        MinioClient.Builder builder = MinioClient.builder()
                .endpoint(endpoint == null || endpoint.isBlank() ? "https://s3.amazonaws.com" : endpoint)
                .region(region);
        if (accessKey != null && secretKey != null) {
            builder.credentials(accessKey, secretKey);
        }
        return new S3BlobStore(builder.build(), bucket);
    }

    /**
     * One PUT straight to the key, whatever is there: the caller verified the bytes, an object PUT is atomic, and two
     * writers of one key write the same bytes.
     */
    @Override
    public void put(String key, byte[] data, int offset, int length) throws IOException {
        call(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(data, offset, length), length, -1)
                .contentType("application/octet-stream").build()), "store " + key);
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(bucket).object(key);
        if (offset > 0) {
            // only ask for a range when one is wanted: "bytes=0-" of an empty object is unsatisfiable
            args.offset(offset);
        }
        if (length >= 0) {
            if (length == 0) {
                return InputStream.nullInputStream();
            }
            args.length(length);
        }
        try {
            return call(() -> client.getObject(args.build()), "read " + key);
        } catch (IOException e) {
            if (isNoSuchKey(e)) {
                throw new NoSuchFileException(key);
            }
            throw e;
        }
    }

    @Override
    public void forEachBlob(BlobVisitor visitor) throws IOException {
        Iterable<Result<Item>> listing = client.listObjects(ListObjectsArgs.builder().bucket(bucket)
                .prefix("sha256/").recursive(true).build());
        for (Result<Item> result : listing) {
            Item item = call(result::get, "list blobs");
            if (!item.isDir()) {
                visitor.visit(new StoredBlob(item.objectName(), item.size(), item.lastModified().toInstant()));
            }
        }
    }

    @Override
    public int sweepStaging(java.time.Instant before) throws IOException {
        int swept = 0;
        for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(STAGING)
                .build())) {
            Item item = call(result::get, "list staging");
            if (!item.isDir() && item.lastModified().toInstant().isBefore(before)) {
                delete(item.objectName());
                swept++;
            }
        }
        return swept;
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            call(() -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()), "stat " + key);
            return true;
        } catch (IOException e) {
            if (isNoSuchKey(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        }, "delete " + key);
    }

    private void deleteQuietly(String key) {
        try {
            delete(key);
        } catch (IOException | RuntimeException ignored) {
            // a stray staging object is harmless; a sweep of staging-* objects reclaims it
        }
    }

    private static boolean isNoSuchKey(IOException e) {
        return e.getCause() instanceof ErrorResponseException r
                && ("NoSuchKey".equals(r.errorResponse().code()) || "NoSuchObject".equals(r.errorResponse().code()));
    }

    interface S3Call<T> {
        T run() throws Exception;
    }

    /** Every SDK failure becomes an IOException: to the server, object storage being unwell is one kind of fault. */
    private static <T> T call(S3Call<T> call, String what) throws IOException {
        try {
            return call.run();
        } catch (IOException e) {
            throw new IOException("object storage: " + what + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IOException("object storage: " + what + " failed: " + e.getMessage(), e);
        }
    }
}
