package dev.syncr.server.jdbc;

import dev.syncr.core.BlobStore;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.fs.FileSystemBlobStore;
import dev.syncr.server.PostgresTestDatabase;
import dev.syncr.server.S3TestServer;
import dev.syncr.server.s3.S3BlobStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The engine's contracts (service, chunks, garbage collection) need a fresh pair of real stores per test: SQLite in
 * a file and a folder of blobs, or a PostgreSQL schema and an S3 bucket. This makes them and drops what it made.
 */
final class EngineStores implements AutoCloseable {

    private final List<AutoCloseable> made = new ArrayList<>();

    MetadataStore sqlite(Path dir) {
        return TestDatabases.sqlite(dir.resolve("syncr-" + UUID.randomUUID() + ".db"));
    }

    BlobStore files(Path dir) throws Exception {
        return new FileSystemBlobStore(dir.resolve("blobs-" + UUID.randomUUID()));
    }

    MetadataStore postgres() {
        PostgresTestDatabase database = PostgresTestDatabase.create();
        made.add(database);
        return TestDatabases.postgres(database);
    }

    static BlobStore s3(S3TestServer s3) throws java.io.IOException {
        return S3BlobStore.connect(s3.endpoint(), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, "us-east-1",
                "t-" + UUID.randomUUID());
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : made) {
            c.close();
        }
        made.clear();
    }
}
