package dev.syncr.server;

import dev.syncr.server.jdbc.DatabaseSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an HTTP contract test's server keeps its metadata: the embedded SQLite under its data dir, or a fresh
 * PostgreSQL schema dropped afterwards. One place for what every "same suite, each database" test needs.
 */
public interface ServerDatabase extends AutoCloseable {

    /** The server flags that put its metadata here (its content goes to the data dir). */
    List<String> flags();

    /** The accounts in this database, to add users and tokens beside the server. */
    TestAccounts accounts();

    @Override
    void close() throws Exception;

    /** A server on a free port over this database, with its content in {@code dataDir} and cheap password hashes. */
    default SyncServer startServer(Path dataDir, List<String> extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--data-dir", dataDir.toString(),
                "--password-hash-memory", "1024"));
        args.addAll(flags());
        args.addAll(extra);
        return SyncServer.start(args.toArray(String[]::new));
    }

    /** The embedded default under {@code dataDir}. */
    static ServerDatabase sqlite(Path dataDir) {
        return new ServerDatabase() {
            @Override
            public List<String> flags() {
                return List.of();
            }

            @Override
            public TestAccounts accounts() {
                return TestAccounts.inDataDir(dataDir);
            }

            @Override
            public void close() {
            }
        };
    }

    /** A new schema of the test PostgreSQL, dropped on close. */
    static ServerDatabase postgres() {
        PostgresTestDatabase schema = PostgresTestDatabase.create();
        return new ServerDatabase() {
            @Override
            public List<String> flags() {
                return List.of("--db-url", schema.url(), "--db-user", PostgresTestDatabase.USER, "--db-password",
                        PostgresTestDatabase.PASSWORD);
            }

            @Override
            public TestAccounts accounts() {
                return TestAccounts.in(DatabaseSettings.of(schema.url(), PostgresTestDatabase.USER,
                        PostgresTestDatabase.PASSWORD));
            }

            @Override
            public void close() throws Exception {
                schema.close();
            }
        };
    }
}
