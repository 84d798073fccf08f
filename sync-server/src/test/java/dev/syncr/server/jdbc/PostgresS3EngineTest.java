package dev.syncr.server.jdbc;

import dev.syncr.core.SyncServiceContract;
import dev.syncr.core.chunk.ChunkedWritesContract;
import dev.syncr.core.gc.GarbageCollectorContract;
import dev.syncr.server.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** The engine's contracts on the production setup: PostgreSQL and an S3 API (S3Proxy in-process). */
@Tag("slow") // megabytes through S3 per test: run by `mvn verify`, not `mvn test`
class PostgresS3EngineTest {

    static S3TestServer s3;
    final EngineStores stores = new EngineStores();

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @AfterEach
    void dropDatabases() throws Exception {
        stores.close();
    }

    @Nested
    class ServiceWithSmallContents extends SyncServiceContract {
        ServiceWithSmallContents() {
            super(0, stores.postgresAndS3(s3));
        }
    }

    @Nested
    class ServiceWithChunkedContents extends SyncServiceContract {
        ServiceWithChunkedContents() {
            super(CHUNKED, stores.postgresAndS3(s3));
        }
    }

    @Nested
    class ChunkedWrites extends ChunkedWritesContract {
        ChunkedWrites() {
            super(stores.postgresAndS3(s3));
        }
    }

    @Nested
    class GarbageCollection extends GarbageCollectorContract {
        GarbageCollection() {
            super(stores.postgresAndS3(s3));
        }
    }
}
