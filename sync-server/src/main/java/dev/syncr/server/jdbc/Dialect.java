package dev.syncr.server.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.util.List;

/**
 * The few places SQLite and PostgreSQL differ, kept together. The schema and every read are plain SQL both accept;
 * only connection setup, migration locking and the shape of the commit differ.
 */
enum Dialect {

    /** Embedded default: one file, WAL mode, writers serialized by SQLite itself. */
    SQLITE {
        @Override
        void configure(HikariConfig config) {
            // Readers run in parallel under WAL; writers queue on SQLite's lock (busy_timeout) rather than fail.
            config.setMaximumPoolSize(4);
            config.addDataSourceProperty("journal_mode", "WAL");
            // FULL: a commit we acknowledged survives power loss, not only a process crash.
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", "30000");
            // Take the write lock at BEGIN: no deadlock upgrading a read lock to a write lock.
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.addDataSourceProperty("foreign_keys", "true");
        }

        @Override
        String migrationLock() {
            return null;
        }

        @Override
        boolean blocksInNativeCode() {
            return true;
        }

        // WAL mode: NORMAL writes the log without waiting for the disk; the next FULL commit's flush covers it
        @Override
        String relaxConnection() {
            return "PRAGMA synchronous = NORMAL";
        }

        @Override
        String restoreConnection() {
            return "PRAGMA synchronous = FULL";
        }

        // One writer at a time: a counter row bumped in the commit's own transaction is never contended.
        @Override
        String takeFileKey() {
            return "UPDATE feed_counter SET seq = seq + 1 WHERE id = 2";
        }

        @Override
        String newFileKey() {
            return "(SELECT seq FROM feed_counter WHERE id = 2)";
        }

        @Override
        List<String> startFileKeys() {
            return List.of("INSERT INTO feed_counter (id, seq) SELECT 2, COALESCE(MAX(seq), 0) FROM file_versions");
        }
    },

    /** Production: many server processes share one database. */
    POSTGRESQL {
        @Override
        void configure(HikariConfig config) {
            config.setMaximumPoolSize(16);
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }

        @Override
        String migrationLock() {
            // Several servers starting at once migrate one at a time; the lock ends with the transaction.
            return "SELECT pg_advisory_xact_lock(7300431)";
        }

        @Override
        String commitWithoutFlush() {
            return "SET LOCAL synchronous_commit TO OFF";
        }

        @Override
        String lockRows() {
            return " FOR UPDATE";
        }

        // A sequence: taken without a row lock, so commits do not queue on it (a lost commit leaves a gap, harmless).
        @Override
        String takeFileKey() {
            return null;
        }

        @Override
        String newFileKey() {
            return "nextval('file_keys')";
        }

        @Override
        List<String> startFileKeys() {
            return List.of("CREATE SEQUENCE file_keys",
                    "SELECT setval('file_keys', COALESCE((SELECT MAX(seq) FROM file_versions), 0) + 1, false)");
        }
    };

    abstract void configure(HikariConfig config);

    /**
     * Whether the driver blocks inside native code (SQLite's C library waiting on fsync). A virtual thread blocked
     * there pins its carrier; with as few carriers as cores, two commits would stall the whole server.
     */
    boolean blocksInNativeCode() {
        return false;
    }

    /**
     * A statement that lets the current transaction's commit return before its log is flushed, or {@code null} where
     * there is none per transaction (SQLite's synchronous setting is per connection).
     */
    String commitWithoutFlush() {
        return null;
    }

    /**
     * What a SELECT ends with to lock the rows it reads until the transaction ends; nothing for SQLite, whose
     * transactions take the one write lock at BEGIN.
     */
    String lockRows() {
        return "";
    }

    /**
     * Where the flush is a connection's setting, not a transaction's (SQLite): the statements that relax it for one
     * commit and set it back; {@code null} where {@link #commitWithoutFlush()} does it per transaction.
     */
    String relaxConnection() {
        return null;
    }

    String restoreConnection() {
        return null;
    }

    /** A statement that serializes concurrent migrations, or {@code null} when the database already does. */
    abstract String migrationLock();

    /**
     * A statement a commit runs, inside its transaction, before {@link #newFileKey()} may be read; {@code null} when
     * reading it takes the key by itself.
     */
    abstract String takeFileKey();

    /** An SQL expression for a file key no file has had (see {@code FileVersion.key}). */
    abstract String newFileKey();

    /** Sets up {@link #newFileKey()} past every key a migrated database gave out (schema 18). */
    abstract List<String> startFileKeys();

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL (use jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB): "
                + jdbcUrl);
    }
}
