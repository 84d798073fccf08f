package dev.syncr.server.jdbc;

import dev.syncr.server.PostgresTestDatabase;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Stores for the contract, race and feed tests. Their connection wait is meant for correctness, not speed: with 32
 * writers queued on a pool of 4 on a loaded machine, a call may wait long for a connection, and that is not what
 * these tests are about (overload has its own test).
 */
final class TestDatabases {

    static final Duration CORRECTNESS_WAIT = Duration.ofMinutes(2);

    private TestDatabases() {
    }

    static JdbcMetadataStore sqlite(Path file) {
        return JdbcMetadataStore.open(DatabaseSettings.of("jdbc:sqlite:" + file, null, null)
                .withConnectionWait(CORRECTNESS_WAIT));
    }

    static JdbcMetadataStore postgres(PostgresTestDatabase database) {
        return JdbcMetadataStore.open(DatabaseSettings.of(database.url(), PostgresTestDatabase.USER,
                PostgresTestDatabase.PASSWORD).withConnectionWait(CORRECTNESS_WAIT));
    }
}
