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
import java.util.List;

/**
 * The compare-and-set in SQL, in the two shapes the dialects allow. Both do the same three things atomically:
 * move the head from the expected version (or create it), take the next feed position, append the history row.
 */
final class CommitStatements {

    private CommitStatements() {
    }

    /**
     * PostgreSQL: one statement, one round trip. Data-modifying CTEs run together; the counter is only bumped when
     * the head moved (and inline content was saved), and the history row is only written when the counter was
     * bumped. Row locks are taken in the order every transaction here takes them (file heads, inline content, the
     * feed counter), so commits and batches never wait on each other in a cycle. Answers the committed version (with
     * its file key), or {@code null} when the head was not the expected version.
     */
    static FileVersion commitInOneStatement(Connection c, CommitRequest request, Namespace namespace)
            throws SQLException {
        boolean inline = request.inlineBytes() != null;
        String sql = "WITH head AS (" + moveHeadSql(request, Dialect.POSTGRESQL) + " RETURNING file_key), "
                + (inline ? "saved AS (" + INTO_INLINE + "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM head) "
                        + RENEW_INLINE + " RETURNING hash), " : "")
                + "position AS (UPDATE feed_counter SET seq = seq + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM "
                + (inline ? "saved" : "head") + ") RETURNING seq) "
                + "INSERT INTO file_versions (" + VERSION_ROW + ", seq) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "(SELECT file_key FROM head), ?, seq FROM position RETURNING file_key";
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            FileVersion version = request.asVersion(0);
            int i = bindMoveHead(ps, 1, request, version, namespace);
            if (inline) {
                i = bindInline(ps, i, request);
            }
            i = bindMerge(ps, bindVersionRow(ps, i, version, namespace), version);
            bindInstant(ps, i, version.modifiedAt());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? request.asVersion(rs.getLong(1)) : null;
            }
        }
    }

    /** SQLite: a short IMMEDIATE transaction of separate statements (in-process, so round trips cost nothing). */
    static FileVersion commitInTransaction(Connection c, Dialect dialect, CommitRequest request, Namespace namespace)
            throws SQLException {
        c.setAutoCommit(false);
        try {
            FileVersion version = moveHead(c, dialect, request, namespace);
            if (version == null) {
                c.rollback();
                return null;
            }
            saveInline(c, List.of(request));
            appendVersion(c, version, nextPositions(c, 1), namespace);
            c.commit();
            return version;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Moves the head from the expected version (or creates it), inside the caller's transaction, and answers the
     * version as committed (with its file key), or {@code null} when the head was not the expected version. Takes the
     * file row's lock (PostgreSQL) until the transaction ends.
     */
    static FileVersion moveHead(Connection c, Dialect dialect, CommitRequest request, Namespace namespace)
            throws SQLException {
        if (request.key() == null && dialect.takeFileKey() != null) {
            try (PreparedStatement ps = c.prepareStatement(dialect.takeFileKey())) {
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(moveHeadSql(request, dialect) + " RETURNING file_key")) {
            bindMoveHead(ps, 1, request, request.asVersion(0), namespace);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? request.asVersion(rs.getLong(1)) : null;
            }
        }
    }

    /**
     * The head's compare-and-set: an insert for a create, else an update from the expected version. The file key is
     * the request's when it carries one; else the head's, unless the head is a delete (a new file at a deleted one's
     * path is another file), and a new key for a create.
     */
    private static String moveHeadSql(CommitRequest request, Dialect dialect) {
        String key = request.key() != null ? "?" : null;
        if (request.expectedVersion() == 0) {
            return "INSERT INTO files (" + HEAD_ROW + ") VALUES (?, ?, ?, ?, ?, ?, ?, "
                    + (key != null ? key : dialect.newFileKey()) + ", ?) ON CONFLICT (file_id) DO NOTHING";
        }
        return "UPDATE files SET version = ?, content_hash = ?, size_bytes = ?, storage_key = ?, updated_at = ?, "
                + "updated_by = ?, file_key = " + (key != null ? key : "CASE WHEN content_hash IS NULL OR file_key "
                + "IS NULL THEN " + dialect.newFileKey() + " ELSE file_key END") + ", modified_at = ? "
                + "WHERE file_id = ? AND version = ?" + editOnly(request);
    }

    private static final String HEAD_ROW = "file_id, version, content_hash, size_bytes, storage_key, updated_at, "
            + "updated_by, file_key, modified_at";
    private static final String VERSION_ROW = "file_id, version, content_hash, size_bytes, storage_key, created_at, "
            + "client_id, merge_base, merge_head, file_key, modified_at";

    private static int bindMoveHead(PreparedStatement ps, int i, CommitRequest request, FileVersion v, Namespace ns)
            throws SQLException {
        if (request.expectedVersion() == 0) {
            i = bindVersionRow(ps, i, v, ns);
            if (request.key() != null) {
                ps.setLong(i++, request.key());
            }
            return bindInstant(ps, i, v.modifiedAt());
        }
        ps.setLong(i++, v.version());
        i = bindContent(ps, i, v.content());
        ps.setLong(i++, v.createdAt().toEpochMilli());
        ps.setString(i++, v.clientId());
        if (request.key() != null) {
            ps.setLong(i++, request.key());
        }
        i = bindInstant(ps, i, v.modifiedAt());
        ps.setString(i++, ns.rowKey(v.id()));
        ps.setLong(i++, request.expectedVersion());
        if (request.editOnly()) {
            ps.setString(i++, request.content().hash());
        }
        return i;
    }

    private static int bindInstant(PreparedStatement ps, int i, java.time.Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, at.toEpochMilli());
        }
        return i + 1;
    }

    /** Saves inline content, or renews it when it is there already: when it was saved is when GC may next take it. */
    private static final String INTO_INLINE = "INSERT INTO inline_contents (hash, bytes, touched_at) ";
    private static final String RENEW_INLINE = "ON CONFLICT (hash) DO UPDATE SET touched_at = excluded.touched_at";

    /**
     * Saves the inline content of these commits (those that have any), inside the caller's transaction, after the
     * heads moved and before feed positions are taken; in hash order, so two transactions never wait on each other's
     * rows in opposite orders.
     */
    static void saveInline(Connection c, List<CommitRequest> requests) throws SQLException {
        java.util.SortedMap<String, CommitRequest> byHash = new java.util.TreeMap<>();
        for (CommitRequest request : requests) {
            if (request.inlineBytes() != null) {
                byHash.putIfAbsent(request.content().hash(), request);
            }
        }
        if (byHash.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INTO_INLINE + "VALUES (?, ?, ?) " + RENEW_INLINE)) {
            for (CommitRequest request : byHash.values()) {
                bindInline(ps, 1, request);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static int bindInline(PreparedStatement ps, int i, CommitRequest request) throws SQLException {
        ps.setString(i++, request.content().hash());
        ps.setBytes(i++, request.inlineBytes());
        ps.setLong(i++, request.at().toEpochMilli());
        return i;
    }

    /**
     * Takes {@code count} consecutive feed positions and returns the first, inside the caller's transaction. The
     * counter's row stays locked until the transaction ends, so positions become visible in order.
     */
    static long nextPositions(Connection c, int count) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE feed_counter SET seq = seq + ? WHERE id = 1 RETURNING seq")) {
            ps.setInt(1, count);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) - count + 1;
            }
        }
    }

    /** Appends a version's history row at feed position {@code seq}, inside the caller's transaction. */
    static void appendVersion(Connection c, FileVersion version, long seq, Namespace namespace) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_versions (" + VERSION_ROW + ", seq) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = bindMerge(ps, bindVersionRow(ps, 1, version, namespace), version);
            ps.setLong(i++, version.key());
            i = bindInstant(ps, i, version.modifiedAt());
            ps.setLong(i, seq);
            ps.executeUpdate();
        }
    }

    private static int bindMerge(PreparedStatement ps, int i, FileVersion v) throws SQLException {
        if (v.merge() == null) {
            ps.setNull(i++, Types.BIGINT);
            ps.setNull(i++, Types.BIGINT);
        } else {
            ps.setLong(i++, v.merge().base());
            ps.setLong(i++, v.merge().head());
        }
        return i;
    }

    /** An edit replaces live content (a tombstone's hash is NULL) with other content; bound after the version. */
    private static String editOnly(CommitRequest request) {
        return request.editOnly() ? " AND content_hash IS NOT NULL AND content_hash <> ?" : "";
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
