package dev.syncr.server.jdbc;

import dev.syncr.core.SyncServiceContract;
import dev.syncr.core.TestStores;
import dev.syncr.core.chunk.ChunkedWritesContract;
import dev.syncr.core.gc.GarbageCollectorContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The engine's contracts on the embedded default: SQLite and a folder of blobs, as a real server keeps them. */
class SqliteEngineTest {

    @TempDir
    static Path dir;

    static TestStores stores() {
        return EngineStores.sqliteAndFiles(dir);
    }

    @Nested
    class ServiceWithSmallContents extends SyncServiceContract {
        ServiceWithSmallContents() {
            super(0, stores());
        }
    }

    @Nested
    class ServiceWithChunkedContents extends SyncServiceContract {
        ServiceWithChunkedContents() {
            super(CHUNKED, stores());
        }
    }

    @Nested
    class ChunkedWrites extends ChunkedWritesContract {
        ChunkedWrites() {
            super(stores());
        }
    }

    @Nested
    class GarbageCollection extends GarbageCollectorContract {
        GarbageCollection() {
            super(stores());
        }
    }
}
