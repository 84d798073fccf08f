package dev.syncr.server.metrics;

import dev.syncr.core.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * A content store that reports how long each operation took. Opening a blob is timed to its first byte being ready,
 * not to the end of a download, which the client paces.
 */
public final class TimedBlobStore implements BlobStore {

    private final BlobStore store;
    private final String backend;
    private final ServerMetrics metrics;

    public TimedBlobStore(BlobStore store, String backend, ServerMetrics metrics) {
        this.store = store;
        this.backend = backend;
        this.metrics = metrics;
    }

    private interface Operation<T> {
        T run() throws IOException;
    }

    private <T> T timed(String operation, Operation<T> work) throws IOException {
        long started = System.nanoTime();
        try {
            return work.run();
        } finally {
            metrics.storeCall(backend, operation, System.nanoTime() - started);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        return timed("open", () -> store.open(key, offset, length));
    }

    @Override
    public boolean exists(String key) throws IOException {
        return timed("exists", () -> store.exists(key));
    }

    @Override
    public void put(String key, byte[] data, int offset, int length) throws IOException {
        timed("put", () -> {
            store.put(key, data, offset, length);
            return null;
        });
    }

    @Override
    public void forEachBlob(BlobVisitor visitor) throws IOException {
        timed("list", () -> {
            store.forEachBlob(visitor);
            return null;
        });
    }

    @Override
    public int sweepStaging(Instant before) throws IOException {
        return timed("sweep staging", () -> store.sweepStaging(before));
    }

    @Override
    public void delete(String key) throws IOException {
        timed("delete", () -> {
            store.delete(key);
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
