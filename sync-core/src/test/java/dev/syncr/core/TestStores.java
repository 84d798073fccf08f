package dev.syncr.core;

import dev.syncr.core.memory.InMemoryBlobStore;
import dev.syncr.core.memory.InMemoryMetadataStore;
import java.time.Clock;

/**
 * Makes a fresh, empty pair of stores for each test of the engine's contracts ({@link SyncServiceContract},
 * {@code ChunkedWritesContract}, {@code GarbageCollectorContract}): the one seam between those and each backend.
 */
public interface TestStores {

    MetadataStore metadata() throws Exception;

    /** A blob store that keeps its own times (a folder, S3) stamps blobs with the real time and ignores {@code clock}. */
    BlobStore blobs(Clock clock) throws Exception;

    TestStores MEMORY = new TestStores() {
        @Override
        public MetadataStore metadata() {
            return new InMemoryMetadataStore();
        }

        @Override
        public BlobStore blobs(Clock clock) {
            return new InMemoryBlobStore(clock);
        }
    };
}
