package dev.syncr.client.folder;

import dev.syncr.client.folder.Trees.RemoteEntry;
import dev.syncr.client.folder.Trees.SyncedEntry;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a synced folder remembers between passes, in {@code DIR/.syncr/state.db} (SQLite, synchronous=FULL): the
 * synced tree, the remote tree as followed through the change feed, and the feed cursor. Every change is its own
 * transaction, so a crash or a kill leaves the state exactly as of the last completed operation.
 */
final class SyncState implements AutoCloseable {

    private final Connection db;

    private SyncState(Connection db) {
        this.db = db;
    }

    static SyncState open(Path folder) throws IOException {
        Path dir = folder.resolve(IgnoreRules.STATE_DIR);
        Files.createDirectories(dir);
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("CREATE TABLE IF NOT EXISTS synced (file_id TEXT PRIMARY KEY, version BIGINT NOT NULL, "
                        + "hash TEXT NOT NULL, size BIGINT NOT NULL, modified BIGINT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS remote (file_id TEXT PRIMARY KEY, version BIGINT NOT NULL, "
                        + "hash TEXT, size BIGINT NOT NULL, deleted INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            }
            return new SyncState(db);
        } catch (SQLException e) {
            throw new IOException("cannot open sync state in " + dir + ": " + e.getMessage(), e);
        }
    }

    Map<FileId, SyncedEntry> synced() throws IOException {
        Map<FileId, SyncedEntry> tree = new HashMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT file_id, version, hash, size, modified FROM synced")) {
            while (rs.next()) {
                tree.put(FileId.of(rs.getString(1)), new SyncedEntry(rs.getLong(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5)));
            }
            return tree;
        } catch (SQLException e) {
            throw fault(e);
        }
    }

    Map<FileId, RemoteEntry> remote() throws IOException {
        Map<FileId, RemoteEntry> tree = new HashMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT file_id, version, hash, size, deleted FROM remote")) {
            while (rs.next()) {
                tree.put(FileId.of(rs.getString(1)), new RemoteEntry(rs.getLong(2), rs.getString(3), rs.getLong(4),
                        rs.getInt(5) != 0));
            }
            return tree;
        } catch (SQLException e) {
            throw fault(e);
        }
    }

    /**
     * Records agreement on one file; {@code seenAtMillis} is a time taken before the entry's stat was read, which says
     * whether that stat can be trusted later ({@link SyncedEntry#settled}).
     */
    void agree(FileId id, SyncedEntry recorded, long seenAtMillis) throws IOException {
        agreeAll(Map.of(id, recorded), seenAtMillis);
    }

    /**
     * Records many agreements in one transaction (a batch of uploads): all or, after a crash, none. {@code seenAtMillis}
     * as for {@link #agree}, taken before the first of their stats was read.
     */
    void agreeAll(Map<FileId, SyncedEntry> entries, long seenAtMillis) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        inTransaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO synced (file_id, version, hash, size, "
                    + "modified) VALUES (?, ?, ?, ?, ?) ON CONFLICT (file_id) DO UPDATE SET version = excluded.version, "
                    + "hash = excluded.hash, size = excluded.size, modified = excluded.modified")) {
                for (var e : entries.entrySet()) {
                    ps.setString(1, e.getKey().value());
                    ps.setLong(2, e.getValue().version());
                    ps.setString(3, e.getValue().hash());
                    ps.setLong(4, e.getValue().size());
                    ps.setLong(5, e.getValue().settled(seenAtMillis).modifiedMillis());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    void forget(FileId id) throws IOException {
        update("DELETE FROM synced WHERE file_id = ?", id.value());
    }

    /** Forgets what the server had under {@code folder}: a shared folder that left this account's tree. */
    void dropRemoteUnder(FileId folder) throws IOException {
        String prefix = folder.value() + "/";
        update("DELETE FROM remote WHERE substr(file_id, 1, ?) = ?", prefix.length(), prefix);
    }

    /** Applies one page of the change feed to the remote tree and moves the cursor, atomically. */
    void followed(Iterable<FileId> ids, Map<FileId, RemoteEntry> heads, long cursor, String lastChange)
            throws IOException {
        inTransaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO remote (file_id, version, hash, size, deleted) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (file_id) DO UPDATE SET version = excluded.version, "
                    + "hash = excluded.hash, size = excluded.size, deleted = excluded.deleted "
                    + "WHERE excluded.version > remote.version")) {
                for (FileId id : ids) {
                    RemoteEntry e = heads.get(id);
                    ps.setString(1, id.value());
                    ps.setLong(2, e.version());
                    ps.setString(3, e.hash());
                    ps.setLong(4, e.size());
                    ps.setInt(5, e.deleted() ? 1 : 0);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            setMeta("cursor", Long.toString(cursor));
            if (lastChange != null) {
                setMeta("last_change", lastChange);
            }
        });
    }

    /**
     * Forgets everything learnt from a server that is no longer what it was (recreated, or restored from a backup):
     * the remote tree, the cursor and, since it was agreed with that server's past, the synced tree. The next pass then
     * re-lists the server and treats every difference as changed on both sides: nothing is deleted or overwritten.
     */
    void resetRemote(String storeId) throws IOException {
        inTransaction(() -> {
            try (Statement s = db.createStatement()) {
                s.executeUpdate("DELETE FROM remote");
                s.executeUpdate("DELETE FROM synced");
                s.executeUpdate("DELETE FROM meta WHERE key IN ('cursor', 'last_change')");
            }
            if (storeId != null) {
                setMeta("store_id", storeId);
            }
        });
    }

    /** Statements that must land together. */
    private interface Work {
        void run() throws SQLException, IOException;
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }

    /** Runs work in one transaction: all of it, or (after a failure or a crash) none. */
    private void inTransaction(Work work) throws IOException {
        try {
            db.setAutoCommit(false);
            work.run();
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw fault(e);
        } catch (IOException | RuntimeException e) {
            rollback();
            throw e;
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // connection is unusable anyway
            }
        }
    }

    long cursor() throws IOException {
        return meta("cursor").map(Long::parseLong).orElse(0L);
    }

    Optional<String> meta(String key) throws IOException {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fault(e);
        }
    }

    void setMeta(String key, String value) throws IOException {
        try {
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?) "
                    + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, key);
                ps.setString(2, value);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw fault(e);
        }
    }

    private void update(String sql, Object... args) throws IOException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fault(e);
        }
    }

    private static IOException fault(SQLException e) {
        return new IOException("sync state: " + e.getMessage(), e);
    }

    @Override
    public void close() throws IOException {
        try {
            db.close();
        } catch (SQLException e) {
            throw fault(e);
        }
    }
}
