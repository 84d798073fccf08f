package dev.syncr.server.jdbc;

import dev.syncr.core.BlobStore;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.TestStores;
import dev.syncr.core.fs.FileSystemBlobStore;
import dev.syncr.server.PostgresTestDatabase;
import dev.syncr.server.S3TestServer;
import dev.syncr.server.s3.S3BlobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Real stores for the engine's contracts, a fresh pair per test: SQLite in a file and a folder of blobs (the embedded
 * default), or a PostgreSQL schema and an S3 bucket (production). Real blob stores stamp blobs with the real time,
 * where the contracts' clocks start. Closing drops the schemas made.
 */
final class EngineStores implements AutoCloseable {

    private final List<AutoCloseable> made = new ArrayList<>();

    static TestStores sqliteAndFiles(Path dir) {
        return new TestStores() {
            @Override
            public MetadataStore metadata() {
                return TestDatabases.sqlite(dir.resolve("syncr-" + UUID.randomUUID() + ".db"));
            }

            @Override
            public BlobStore blobs(Clock clock) throws Exception {
                return new FileSystemBlobStore(dir.resolve("blobs-" + UUID.randomUUID()));
            }
        };
    }

    TestStores postgresAndS3(S3TestServer s3) {
        return new TestStores() {
            @Override
            public MetadataStore metadata() {
                PostgresTestDatabase database = PostgresTestDatabase.create();
                made.add(database);
                return TestDatabases.postgres(database);
            }

            @Override
            public BlobStore blobs(Clock clock) throws Exception {
                return S3BlobStore.connect(s3.endpoint(), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY,
                        "us-east-1", "t-" + UUID.randomUUID());
            }
        };
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : made) {
            c.close();
        }
        made.clear();
    }
}
