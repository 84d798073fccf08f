package dev.syncr.server.jdbc;

import dev.syncr.core.ConcurrentWritersTest;
import dev.syncr.core.SyncService;
import dev.syncr.core.fs.FileSystemBlobStore;
import dev.syncr.server.PostgresTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core's 32-writer race, on the real databases: their compare-and-set must be as atomic as the memory one. */
@Tag("slow") // processes, hundreds of MB or long races: run by `mvn verify`, not `mvn test`
class JdbcConcurrentWritersTest {

    @TempDir
    Path dir;

    @Test
    void sqlite_loses_nothing_and_invents_nothing() throws Exception {
        try (var metadata = TestDatabases.sqlite(dir.resolve("syncr.db"))) {
            ConcurrentWritersTest.raceAndVerify(new SyncService(metadata, new FileSystemBlobStore(dir.resolve("b"))));
        }
    }

    @Test
    void postgresql_loses_nothing_and_invents_nothing() throws Exception {
        try (var database = PostgresTestDatabase.create();
             var metadata = TestDatabases.postgres(database)) {
            ConcurrentWritersTest.raceAndVerify(new SyncService(metadata, new FileSystemBlobStore(dir.resolve("b"))));
        }
    }
}
