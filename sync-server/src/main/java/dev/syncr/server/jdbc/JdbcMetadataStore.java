package dev.syncr.server.jdbc;

import dev.syncr.core.BatchResult;
import dev.syncr.core.Change;
import dev.syncr.core.ChangePage;
import dev.syncr.core.CommitRequest;
import dev.syncr.core.CommitResult;
import dev.syncr.core.ConflictChange;
import dev.syncr.core.ConflictRecord;
import dev.syncr.core.ContentRef;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.Merge;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.Namespace;
import dev.syncr.core.chunk.ChunkRef;
import dev.syncr.core.chunk.Manifest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * File metadata in SQLite or PostgreSQL. The compare-and-set is {@code UPDATE files … WHERE version = ?} (or an
 * {@code INSERT … ON CONFLICT DO NOTHING} for a create): the database decides the race, no lock is held across a
 * network round trip, and the loser sees zero rows and gets the winner's head.
 *
 * <pre>{@code
 * var store = JdbcMetadataStore.open("jdbc:sqlite:syncr-data/syncr.db", null, null);
 * }</pre>
 */
public final class JdbcMetadataStore implements MetadataStore {

    private static final String HEAD_COLUMNS = "file_id, version, content_hash, size_bytes, storage_key, updated_at, "
            + "updated_by, file_key, modified_at";
    private static final String VERSION_COLUMNS = "file_id, version, content_hash, size_bytes, storage_key, "
            + "created_at, client_id, merge_base, merge_head, seq, file_key, modified_at";

    private final Database database;
    /** Every row this store reads or writes has a key starting with this namespace's prefix. */
    private final Namespace namespace;
    /** A store opened by {@link #open} owns its database; one made {@link #over} a shared one, or by {@link #in}, not. */
    private final boolean ownsDatabase;
    private final JdbcChunks chunks;
    private final JdbcConflicts conflicts;

    private JdbcMetadataStore(Database database, Namespace namespace, boolean ownsDatabase) {
        this.database = database;
        this.namespace = namespace;
        this.ownsDatabase = ownsDatabase;
        this.chunks = new JdbcChunks(database, namespace);
        this.conflicts = new JdbcConflicts(database, namespace);
    }

    @Override
    public MetadataStore in(Namespace other) {
        return new JdbcMetadataStore(database, other, false);
    }

    /** {@code substr} compares exactly in both databases, whatever the collation ({@code LIKE} and ranges do not). */
    private static final String IN_NAMESPACE = "substr(file_id, 1, ?) = ?";

    private int bindNamespace(PreparedStatement ps, int i) throws SQLException {
        ps.setInt(i++, namespace.rowPrefix().length());
        ps.setString(i++, namespace.rowPrefix());
        return i;
    }

    /** Connects with the default pool and wait, applies pending schema migrations and returns the store. */
    public static JdbcMetadataStore open(String jdbcUrl, String user, String password) {
        return open(DatabaseSettings.of(jdbcUrl, user, password));
    }

    /** Applies pending schema migrations, then connects a pool of its own; closing the store closes it. */
    public static JdbcMetadataStore open(DatabaseSettings settings) {
        return new JdbcMetadataStore(Database.open(settings), Namespace.LOCAL, true);
    }

    /** The store over a database shared with other stores; closing the store leaves the database open. */
    public static JdbcMetadataStore over(Database database) {
        return new JdbcMetadataStore(database, Namespace.LOCAL, false);
    }

    @Override
    public Optional<FileVersion> head(FileId id) {
        return database.call("read head", c -> head(c, id));
    }

    private Optional<FileVersion> head(Connection c, FileId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + HEAD_COLUMNS + " FROM files WHERE file_id = ?")) {
            ps.setString(1, namespace.rowKey(id));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(headOf(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public Map<FileId, FileVersion> heads(Collection<FileId> ids) {
        Map<FileId, FileVersion> heads = new HashMap<>();
        database.callInParts("read heads", ids.stream().distinct().toList(), (c, part) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + HEAD_COLUMNS + " FROM files WHERE file_id IN ("
                    + Database.placeholders(part.size(), "?") + ")")) {
                for (int i = 0; i < part.size(); i++) {
                    ps.setString(i + 1, namespace.rowKey(part.get(i)));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        FileVersion head = headOf(rs);
                        heads.put(head.id(), head);
                    }
                }
            }
        });
        return heads;
    }

    @Override
    public List<FileVersion> list() {
        return database.call("list files", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + HEAD_COLUMNS + " FROM files WHERE "
                    + IN_NAMESPACE)) {
                bindNamespace(ps, 1);
                List<FileVersion> heads = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        heads.add(headOf(rs));
                    }
                }
                // The database's collation may differ from Java's; the contract is Java string order.
                heads.sort((a, b) -> a.id().compareTo(b.id()));
                return heads;
            }
        });
    }

    @Override
    public List<FileVersion> list(FileId after, int limit, boolean includeDeleted) {
        // the database's order (its collation), which paging only needs to be stable; the row key's namespace prefix
        // is shared by every row here, so "after the prefix" is the first page
        String sql = "SELECT " + HEAD_COLUMNS + " FROM files WHERE " + IN_NAMESPACE + " AND file_id > ?"
                + (includeDeleted ? "" : " AND content_hash IS NOT NULL") + " ORDER BY file_id LIMIT ?";
        return database.call("list files page", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = bindNamespace(ps, 1);
                ps.setString(i++, after == null ? namespace.rowPrefix() : namespace.rowKey(after));
                ps.setInt(i, Math.max(0, limit));
                List<FileVersion> heads = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        heads.add(headOf(rs));
                    }
                }
                return heads;
            }
        });
    }

    @Override
    public List<FileVersion> history(FileId id) {
        String sql = "SELECT " + VERSION_COLUMNS + " FROM file_versions WHERE file_id = ? ORDER BY version DESC";
        return database.call("read history", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, namespace.rowKey(id));
                try (ResultSet rs = ps.executeQuery()) {
                    List<FileVersion> versions = new ArrayList<>();
                    while (rs.next()) {
                        versions.add(versionOf(rs));
                    }
                    return versions;
                }
            }
        });
    }

    @Override
    public Optional<FileVersion> renamedFrom(FileId id) {
        // the newest live version of this file's key at another name, older than its first version at this one
        String sql = "SELECT " + VERSION_COLUMNS + " FROM file_versions p WHERE p.file_key = (SELECT f.file_key FROM "
                + "files f WHERE f.file_id = ?) AND p.file_id <> ? AND p.content_hash IS NOT NULL AND "
                + IN_NAMESPACE.replace("file_id", "p.file_id") + " AND p.seq < (SELECT MIN(v.seq) FROM file_versions v "
                + "WHERE v.file_id = ? AND v.file_key = p.file_key) ORDER BY p.seq DESC LIMIT 1";
        return database.call("read where a file was", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                String key = namespace.rowKey(id);
                ps.setString(1, key);
                ps.setString(2, key);
                int i = bindNamespace(ps, 3);
                ps.setString(i, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(versionOf(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<FileVersion> version(FileId id, long version) {
        String sql = "SELECT " + VERSION_COLUMNS + " FROM file_versions WHERE file_id = ? AND version = ?";
        return database.call("read version", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, namespace.rowKey(id));
                ps.setLong(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(versionOf(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Map<FileId, FileVersion> versions(Map<FileId, Long> wanted) {
        Map<FileId, FileVersion> found = new HashMap<>();
        database.callInParts("read versions", List.copyOf(wanted.entrySet()), (c, part) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS + " FROM file_versions "
                    + "WHERE (file_id, version) IN (VALUES " + Database.placeholders(part.size(), "(?, ?)") + ")")) {
                for (int i = 0; i < part.size(); i++) {
                    ps.setString(2 * i + 1, namespace.rowKey(part.get(i).getKey()));
                    ps.setLong(2 * i + 2, part.get(i).getValue());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        FileVersion v = versionOf(rs);
                        found.put(v.id(), v);
                    }
                }
            }
        });
        return found;
    }

    @Override
    public CommitResult commit(CommitRequest request) {
        return database.call("commit", c -> {
            FileVersion won = switch (database.dialect()) {
                case POSTGRESQL -> CommitStatements.commitInOneStatement(c, request, namespace);
                case SQLITE -> CommitStatements.commitInTransaction(c, database.dialect(), request, namespace);
            };
            if (won != null) {
                return new CommitResult.Committed(won);
            }
            return new CommitResult.Conflict(head(c, request.id()));
        });
    }

    @Override
    public boolean touch(FileId id, long version, Instant modifiedAt) {
        return database.transaction("record a modification time", c -> {
            int changed = 0;
            for (String sql : List.of("UPDATE files SET modified_at = ? WHERE file_id = ? AND version = ? "
                    + "AND content_hash IS NOT NULL", "UPDATE file_versions SET modified_at = ? WHERE file_id = ? "
                    + "AND version = ? AND EXISTS (SELECT 1 FROM files f WHERE f.file_id = file_versions.file_id "
                    + "AND f.version = file_versions.version AND f.content_hash IS NOT NULL)")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, modifiedAt.toEpochMilli());
                    ps.setString(2, namespace.rowKey(id));
                    ps.setLong(3, version);
                    changed += ps.executeUpdate();
                }
            }
            return changed > 0;
        });
    }

    @Override
    public BatchResult commitAll(List<CommitRequest> commits, ConflictChange change) {
        return conflicts.commitAll(commits, change, this::head);
    }

    @Override
    public List<CommitResult> commitEach(List<CommitRequest> commits) {
        return conflicts.commitEach(commits, this::head);
    }

    @Override
    public List<ConflictRecord> conflicts(boolean includeResolved) {
        return conflicts.conflicts(includeResolved);
    }

    @Override
    public Optional<ConflictRecord> conflict(long id) {
        return conflicts.conflict(id);
    }

    @Override
    public ChangePage changes(long cursor, int limit) {
        int pageSize = Math.max(0, limit);
        String sql = "SELECT " + VERSION_COLUMNS + " FROM file_versions WHERE seq > ? AND " + IN_NAMESPACE
                + " ORDER BY seq LIMIT ?";
        return database.call("read changes", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, cursor);
                ps.setInt(bindNamespace(ps, 2), pageSize + 1);
                List<Change> changes = new ArrayList<>();
                boolean more = false;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (changes.size() == pageSize) {
                            more = true;
                            break;
                        }
                        changes.add(new Change(rs.getLong("seq"), versionOf(rs)));
                    }
                }
                long next = changes.isEmpty() ? cursor : changes.getLast().cursor();
                return new ChangePage(changes, next, more);
            }
        });
    }

    @Override
    public long usage() {
        String sql = "SELECT COALESCE(SUM(size_bytes), 0) FROM (SELECT DISTINCT content_hash, size_bytes FROM files "
                + "WHERE " + IN_NAMESPACE + " AND content_hash IS NOT NULL) live";
        return database.call("read usage", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindNamespace(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public int liveFilesWith(String contentHash) {
        String sql = "SELECT COUNT(*) FROM files WHERE " + IN_NAMESPACE + " AND content_hash = ?";
        return database.call("count files with content", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(bindNamespace(ps, 1), contentHash);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public String storeId() {
        return database.storeId();
    }

    @Override
    public long latestCursor() {
        // newest first along the seq index, stopping at this namespace's first row
        String sql = "SELECT seq FROM file_versions WHERE " + IN_NAMESPACE + " ORDER BY seq DESC LIMIT 1";
        return database.call("read latest cursor", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindNamespace(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public Set<String> heldChunks(Collection<String> hashes) {
        return chunks.heldChunks(hashes);
    }

    @Override
    public Set<String> holdChunks(Collection<String> hashes, Instant at) {
        return chunks.holdChunks(hashes, at);
    }

    @Override
    public Set<String> renewChunks(Collection<String> hashes, Instant at) {
        return chunks.renewChunks(hashes, at);
    }

    @Override
    public Set<String> reclaiming(Collection<String> hashes) {
        return chunks.reclaiming(hashes);
    }

    @Override
    public Set<String> referencedKeys(Collection<String> keys) {
        return chunks.referencedKeys(keys);
    }

    @Override
    public boolean startReclaim(String hash, Instant staleBefore, Instant at) {
        return chunks.startReclaim(hash, staleBefore, at);
    }

    @Override
    public void endReclaim(String hash) {
        chunks.endReclaim(hash);
    }

    @Override
    public List<ContentRef> referencedContent() {
        return chunks.referencedContent();
    }

    @Override
    public int pruneHistory(Instant before) {
        return chunks.pruneHistory(before);
    }

    @Override
    public Optional<byte[]> inlineContent(String hash) {
        return chunks.inlineContent(hash);
    }

    @Override
    public Map<String, byte[]> inlineContents(java.util.Collection<String> hashes) {
        return chunks.inlineContents(hashes);
    }

    @Override
    public InlineReclaim reclaimInline(Instant staleBefore, boolean dryRun) {
        return chunks.reclaimInline(staleBefore, dryRun);
    }

    @Override
    public void saveManifest(Manifest manifest) {
        chunks.saveManifest(manifest);
    }

    @Override
    public Optional<Manifest> manifest(String contentHash) {
        return chunks.manifest(contentHash);
    }

    @Override
    public Optional<List<ChunkRef>> ownChunkList(String contentHash) {
        return chunks.ownChunkList(contentHash);
    }

    @Override
    public void close() {
        if (ownsDatabase) {
            database.close();
        }
    }

    private FileVersion headOf(ResultSet rs) throws SQLException {
        return new FileVersion(namespace.fileOf(rs.getString("file_id")), rs.getLong("version"), contentOf(rs),
                Instant.ofEpochMilli(rs.getLong("updated_at")), rs.getString("updated_by"), null,
                rs.getLong("file_key"), modifiedOf(rs));
    }

    private FileVersion versionOf(ResultSet rs) throws SQLException {
        long mergeBase = rs.getLong("merge_base");
        Merge merge = rs.wasNull() ? null : new Merge(mergeBase, rs.getLong("merge_head"));
        return new FileVersion(namespace.fileOf(rs.getString("file_id")), rs.getLong("version"), contentOf(rs),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("client_id"), merge,
                rs.getLong("file_key"), modifiedOf(rs));
    }

    private static Instant modifiedOf(ResultSet rs) throws SQLException {
        long millis = rs.getLong("modified_at");
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static ContentRef contentOf(ResultSet rs) throws SQLException {
        String hash = rs.getString("content_hash");
        return hash == null ? null : new ContentRef(hash, rs.getLong("size_bytes"), rs.getString("storage_key"));
    }
}
