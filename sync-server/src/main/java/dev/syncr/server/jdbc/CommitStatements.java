package dev.syncr.server.jdbc;

import dev.syncr.core.CommitRequest;
import dev.syncr.core.ContentRef;
import dev.syncr.core.FileVersion;
import dev.syncr.core.Namespace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The compare-and-set in SQL, in the two shapes the dialects allow. Both do the same three things atomically:
 * move the head from the expected version (or create it), take the next feed position, append the history row.
 */
final class CommitStatements {

    private CommitStatements() {
    }

    /**
     * PostgreSQL: one statement, one round trip. Data-modifying CTEs run together; the counter is only bumped when
     * the head moved, and the history row is only written when the counter was bumped.
     */
    static boolean commitInOneStatement(Connection c, CommitRequest request, FileVersion version,
                                        Namespace namespace) throws SQLException {
        String moveHead = request.expectedVersion() == 0
                ? "INSERT INTO files (file_id, version, content_hash, size_bytes, storage_key, updated_at, updated_by) "
                  + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (file_id) DO NOTHING RETURNING file_id"
                : "UPDATE files SET version = ?, content_hash = ?, size_bytes = ?, storage_key = ?, updated_at = ?, "
                  + "updated_by = ? WHERE file_id = ? AND version = ? RETURNING file_id";
        String sql = "WITH head AS (" + moveHead + "), "
                + "position AS (UPDATE feed_counter SET seq = seq + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM head) "
                + "RETURNING seq) "
                + "INSERT INTO file_versions (file_id, version, content_hash, size_bytes, storage_key, created_at, "
                + "client_id, seq) SELECT ?, ?, ?, ?, ?, ?, ?, seq FROM position";
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = request.expectedVersion() == 0 ? bindInsertHead(ps, 1, version, namespace)
                    : bindUpdateHead(ps, 1, request, version, namespace);
            bindVersionRow(ps, i, version, namespace);
            return ps.executeUpdate() == 1;
        }
    }

    /** SQLite: a short IMMEDIATE transaction of separate statements (in-process, so round trips cost nothing). */
    static boolean commitInTransaction(Connection c, CommitRequest request, FileVersion version,
                                       Namespace namespace) throws SQLException {
        c.setAutoCommit(false);
        try {
            boolean moved;
            if (request.expectedVersion() == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO files (file_id, version, content_hash, "
                        + "size_bytes, storage_key, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (file_id) DO NOTHING")) {
                    bindInsertHead(ps, 1, version, namespace);
                    moved = ps.executeUpdate() == 1;
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE files SET version = ?, content_hash = ?, "
                        + "size_bytes = ?, storage_key = ?, updated_at = ?, updated_by = ? "
                        + "WHERE file_id = ? AND version = ?")) {
                    bindUpdateHead(ps, 1, request, version, namespace);
                    moved = ps.executeUpdate() == 1;
                }
            }
            if (!moved) {
                c.rollback();
                return false;
            }
            long seq;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE feed_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_versions (file_id, version, content_hash, "
                    + "size_bytes, storage_key, created_at, client_id, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = bindVersionRow(ps, 1, version, namespace);
                ps.setLong(i, seq);
                ps.executeUpdate();
            }
            c.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** A new head row has the same columns, in the same order, as its history row. */
    private static int bindInsertHead(PreparedStatement ps, int i, FileVersion v, Namespace ns) throws SQLException {
        return bindVersionRow(ps, i, v, ns);
    }

    private static int bindUpdateHead(PreparedStatement ps, int i, CommitRequest request, FileVersion v, Namespace ns)
            throws SQLException {
        ps.setLong(i++, v.version());
        i = bindContent(ps, i, v.content());
        ps.setLong(i++, v.createdAt().toEpochMilli());
        ps.setString(i++, v.clientId());
        ps.setString(i++, ns.rowKey(v.id()));
        ps.setLong(i++, request.expectedVersion());
        return i;
    }

    private static int bindVersionRow(PreparedStatement ps, int i, FileVersion v, Namespace ns) throws SQLException {
        ps.setString(i++, ns.rowKey(v.id()));
        ps.setLong(i++, v.version());
        i = bindContent(ps, i, v.content());
        ps.setLong(i++, v.createdAt().toEpochMilli());
        ps.setString(i++, v.clientId());
        return i;
    }

    private static int bindContent(PreparedStatement ps, int i, ContentRef content) throws SQLException {
        if (content == null) {
            ps.setNull(i++, Types.VARCHAR);
            ps.setNull(i++, Types.BIGINT);
            ps.setNull(i++, Types.VARCHAR);
        } else {
            ps.setString(i++, content.hash());
            ps.setLong(i++, content.size());
            ps.setString(i++, content.storageKey());
        }
        return i;
    }
}
