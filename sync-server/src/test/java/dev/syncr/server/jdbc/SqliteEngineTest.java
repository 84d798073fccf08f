package dev.syncr.server.jdbc;

import dev.syncr.core.BlobStore;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.SyncServiceContract;
import dev.syncr.core.chunk.ChunkedWritesContract;
import dev.syncr.core.gc.GarbageCollectorContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The engine's contracts on the embedded default: SQLite and a folder of blobs, as a real server keeps them. */
class SqliteEngineTest {

    @TempDir
    static Path dir;
    final EngineStores stores = new EngineStores();

    @Nested
    class ServiceWithSmallContents extends SyncServiceContract {
        ServiceWithSmallContents() {
            super(0);
        }

        @Override
        protected MetadataStore createMetadata() {
            return stores.sqlite(dir);
        }

        @Override
        protected BlobStore createBlobs() throws Exception {
            return stores.files(dir);
        }
    }

    @Nested
    class ServiceWithChunkedContents extends SyncServiceContract {
        ServiceWithChunkedContents() {
            super(CHUNKED);
        }

        @Override
        protected MetadataStore createMetadata() {
            return stores.sqlite(dir);
        }

        @Override
        protected BlobStore createBlobs() throws Exception {
            return stores.files(dir);
        }
    }

    @Nested
    class ChunkedWrites extends ChunkedWritesContract {
        @Override
        protected MetadataStore createMetadata() {
            return stores.sqlite(dir);
        }

        @Override
        protected BlobStore createBlobs() throws Exception {
            return stores.files(dir);
        }
    }

    @Nested
    class GarbageCollection extends GarbageCollectorContract {
        @Override
        protected MetadataStore createMetadata() {
            return stores.sqlite(dir);
        }

        @Override
        protected BlobStore createBlobs(Clock clock) throws Exception {
            return stores.files(dir); // stamps blobs with the real time, where the test's clock starts
        }
    }
}
