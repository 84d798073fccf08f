package dev.syncr.core.memory;

import dev.syncr.core.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ConcurrentHashMap;

/** Content in memory, for tests and embedding. Holds whole blobs as arrays, so keep files small here. */
public final class InMemoryBlobStore implements BlobStore {

    private final ConcurrentHashMap<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, java.time.Instant> written = new ConcurrentHashMap<>();
    private final java.time.Clock clock;

    public InMemoryBlobStore() {
        this(java.time.Clock.systemUTC());
    }

    /** A store whose blobs are dated by {@code clock} (garbage collection looks at their age). */
    public InMemoryBlobStore(java.time.Clock clock) {
        this.clock = clock;
    }

    @Override
    public void forEachBlob(BlobVisitor visitor) throws IOException {
        for (var entry : blobs.entrySet()) {
            visitor.visit(new StoredBlob(entry.getKey(), entry.getValue().length,
                    written.getOrDefault(entry.getKey(), java.time.Instant.EPOCH)));
        }
    }

    @Override
    public void put(String key, byte[] data, int offset, int length) {
        blobs.put(key, java.util.Arrays.copyOfRange(data, offset, offset + length));
        written.put(key, clock.instant());
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        byte[] bytes = blobs.get(key);
        if (bytes == null) {
            throw new NoSuchFileException(key);
        }
        int from = (int) Math.min(Math.max(offset, 0), bytes.length);
        int len = length < 0 ? bytes.length - from : (int) Math.min(length, bytes.length - from);
        return new ByteArrayInputStream(bytes, from, len);
    }

    @Override
    public boolean exists(String key) {
        return blobs.containsKey(key);
    }

    @Override
    public void delete(String key) {
        blobs.remove(key);
    }

    public int size() {
        return blobs.size();
    }
}
