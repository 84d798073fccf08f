package dev.syncr.server.jdbc;

import dev.syncr.core.ContentHash;
import dev.syncr.core.ContentRef;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.Namespace;
import dev.syncr.core.chunk.ChunkRef;
import dev.syncr.core.chunk.Manifest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The chunk and garbage-collection side of {@link JdbcMetadataStore}: holds (leases per namespace), manifests,
 * reclaims, references and history retention. Kept apart from the file heads and the feed, which it only reads.
 */
final class JdbcChunks {

    private final Database database;
    private final Namespace namespace;

    JdbcChunks(Database database, Namespace namespace) {
        this.database = database;
        this.namespace = namespace;
    }

    Set<String> heldChunks(Collection<String> hashes) {
        List<String> distinct = hashes.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return Set.of();
        }
        String sql = "SELECT chunk_hash FROM chunk_holders WHERE namespace = ? AND chunk_hash IN ("
                + String.join(", ", java.util.Collections.nCopies(distinct.size(), "?")) + ")";
        return database.call("read held chunks", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, namespace.id());
                for (int i = 0; i < distinct.size(); i++) {
                    ps.setString(i + 2, distinct.get(i));
                }
                Set<String> held = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        held.add(rs.getString(1));
                    }
                }
                return held;
            }
        });
    }

    Set<String> holdChunks(Collection<String> hashes, Instant at) {
        List<String> distinct = hashes.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return Set.of();
        }
        // flushed by the commit of the version that will reference these chunks (see Database#transactionFlushedByNextCommit)
        return database.transactionFlushedByNextCommit("hold chunks", c -> {
            Set<String> fresh = new java.util.HashSet<>(distinct);
            try (PreparedStatement ps = c.prepareStatement("SELECT chunk_hash FROM chunk_holders WHERE namespace = ? "
                    + "AND chunk_hash IN (" + placeholders(distinct.size()) + ")")) {
                ps.setString(1, namespace.id());
                bindAll(ps, 2, distinct);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fresh.remove(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO chunk_holders (namespace, chunk_hash, "
                    + "touched_at) VALUES (?, ?, ?) ON CONFLICT (namespace, chunk_hash) DO UPDATE SET touched_at = "
                    + "excluded.touched_at")) {
                for (String hash : distinct) {
                    ps.setString(1, namespace.id());
                    ps.setString(2, hash);
                    ps.setLong(3, at.toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return fresh;
        });
    }

    Set<String> renewChunks(Collection<String> hashes, Instant at) {
        List<String> distinct = hashes.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return Set.of();
        }
        // The renewal is committed before reclaims are looked at (two statements, each its own transaction): a
        // reclaim that checked before this renewal is visible here; one that checks after it sees the renewal.
        database.transactionFlushedByNextCommit("renew chunk holds", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE chunk_holders SET touched_at = ? WHERE namespace = ? "
                    + "AND chunk_hash IN (" + placeholders(distinct.size()) + ")")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, namespace.id());
                bindAll(ps, 3, distinct);
                return ps.executeUpdate();
            }
        });
        Set<String> held = heldChunks(distinct);
        held.removeAll(reclaiming(distinct));
        return held;
    }

    Set<String> reclaiming(Collection<String> hashes) {
        List<String> distinct = hashes.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return Set.of();
        }
        return database.call("read reclaims", c -> strings(c, "SELECT chunk_hash FROM chunk_reclaims WHERE chunk_hash IN ("
                + placeholders(distinct.size()) + ")", distinct));
    }

    Set<String> referencedKeys(Collection<String> keys) {
        List<String> distinct = keys.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return Set.of();
        }
        Map<String, String> keyOfHash = new HashMap<>();
        for (String key : distinct) {
            keyOfHash.put(key.substring(key.lastIndexOf('/') + 1), key);
        }
        List<String> hashes = new ArrayList<>(keyOfHash.keySet());
        return database.call("find references", c -> {
            Set<String> referenced = strings(c, "SELECT DISTINCT storage_key FROM file_versions WHERE storage_key IN ("
                    + placeholders(distinct.size()) + ")", distinct);
            for (String hash : strings(c, "SELECT DISTINCT mc.chunk_hash FROM manifest_chunks mc WHERE mc.chunk_hash IN ("
                    + placeholders(hashes.size()) + ") AND EXISTS (SELECT 1 FROM file_versions v WHERE v.storage_key = "
                    + "'manifest:' || mc.content_hash)", hashes)) {
                referenced.add(keyOfHash.get(hash));
            }
            return referenced;
        });
    }

    boolean startReclaim(String hash, Instant staleBefore, Instant at) {
        boolean claimed = database.call("announce reclaim", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO chunk_reclaims (chunk_hash, started_at) "
                    + "VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, hash);
                ps.setLong(2, at.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
        if (!claimed) {
            return false; // another collector is on it
        }
        boolean safe = database.transaction("check reclaim", c -> {
            boolean referenced = !strings(c, "SELECT storage_key FROM file_versions WHERE storage_key = ? LIMIT 1",
                    List.of(ContentHash.storageKey(hash))).isEmpty()
                    || !strings(c, "SELECT mc.chunk_hash FROM manifest_chunks mc WHERE mc.chunk_hash = ? AND EXISTS "
                    + "(SELECT 1 FROM file_versions v WHERE v.storage_key = 'manifest:' || mc.content_hash) LIMIT 1",
                    List.of(hash)).isEmpty();
            boolean freshHold;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM chunk_holders WHERE chunk_hash = ? AND "
                    + "touched_at >= ? LIMIT 1")) {
                ps.setString(1, hash);
                ps.setLong(2, staleBefore.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    freshHold = rs.next();
                }
            }
            if (referenced || freshHold) {
                return false;
            }
            // every hold goes, even one renewed since the check above: its holder finds the chunk missing and sends
            // it again, rather than trusting bytes about to be deleted
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM chunk_holders WHERE chunk_hash = ?")) {
                ps.setString(1, hash);
                ps.executeUpdate();
            }
            return true;
        });
        if (!safe) {
            endReclaim(hash);
        }
        return safe;
    }

    void endReclaim(String hash) {
        database.call("end reclaim", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM chunk_reclaims WHERE chunk_hash = ?")) {
                ps.setString(1, hash);
                return ps.executeUpdate();
            }
        });
    }

    List<ContentRef> referencedContent() {
        return database.call("list referenced content", c -> {
            Map<String, ContentRef> distinct = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT content_hash, size_bytes, storage_key "
                    + "FROM file_versions WHERE storage_key IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    distinct.putIfAbsent(rs.getString(3), new ContentRef(rs.getString(1), rs.getLong(2),
                            rs.getString(3)));
                }
            }
            return new ArrayList<>(distinct.values());
        });
    }

    Optional<byte[]> inlineContent(String hash) {
        return database.call("read inline content", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT bytes FROM inline_contents WHERE hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    /** Many inline contents by hash, a few hundred a statement. */
    java.util.Map<String, byte[]> inlineContents(Collection<String> hashes) {
        java.util.Map<String, byte[]> found = new java.util.HashMap<>();
        database.callInParts("read inline contents", hashes.stream().distinct().toList(), (c, part) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT hash, bytes FROM inline_contents WHERE hash IN ("
                    + placeholders(part.size()) + ")")) {
                bindAll(ps, 1, part);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getBytes(2));
                    }
                }
            }
        });
        return found;
    }

    /**
     * Two steps in one transaction, so that no commit's reference can be missed however slow anything is: lock the
     * candidates (in hash order, as commits lock the inline rows they save), then delete those that, seen afresh, no
     * version references. A commit that saved the content before the lock was granted is committed and visible to
     * the second step; one that saves it later waits for the lock and then saves it again. Every commit of inline
     * content saves it (see CommitRequest#inlineBytes), so there is no third case.
     */
    MetadataStore.InlineReclaim reclaimInline(Instant staleBefore, boolean dryRun) {
        String unreferenced = " NOT EXISTS (SELECT 1 FROM file_versions v WHERE v.storage_key = 'inline:' || "
                + "inline_contents.hash)";
        String candidates = "SELECT hash, length(bytes) FROM inline_contents WHERE touched_at < ? AND" + unreferenced
                + " ORDER BY hash";
        if (dryRun) {
            return database.call("count unreferenced inline content", c -> {
                try (PreparedStatement ps = c.prepareStatement(candidates)) {
                    ps.setLong(1, staleBefore.toEpochMilli());
                    return tally(ps);
                }
            });
        }
        return database.transaction("reclaim inline content", c -> {
            List<String> locked = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(candidates + database.dialect().lockRows())) {
                ps.setLong(1, staleBefore.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        locked.add(rs.getString(1));
                    }
                }
            }
            long contents = 0;
            long bytes = 0;
            for (int from = 0; from < locked.size(); from += 500) {
                List<String> batch = locked.subList(from, Math.min(locked.size(), from + 500));
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM inline_contents WHERE hash IN ("
                        + placeholders(batch.size()) + ") AND" + unreferenced + " RETURNING hash, length(bytes)")) {
                    bindAll(ps, 1, batch);
                    MetadataStore.InlineReclaim part = tally(ps);
                    contents += part.contents();
                    bytes += part.bytes();
                }
            }
            return new MetadataStore.InlineReclaim(contents, bytes);
        });
    }

    /** Counts the rows (hash, size) a bound statement answers, and their bytes. */
    private static MetadataStore.InlineReclaim tally(PreparedStatement ps) throws SQLException {
        long contents = 0;
        long bytes = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                contents++;
                bytes += rs.getLong(2);
            }
        }
        return new MetadataStore.InlineReclaim(contents, bytes);
    }

    int pruneHistory(Instant before) {
        return database.call("prune history", c -> {
            // an open conflict keeps the versions it names: its base and winner, and the copy's losing content
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM file_versions WHERE created_at < ? AND "
                    + "EXISTS (SELECT 1 FROM files f WHERE f.file_id = file_versions.file_id "
                    + "AND f.version > file_versions.version) AND NOT EXISTS (SELECT 1 FROM conflicts k "
                    + "WHERE k.resolution IS NULL AND ((k.file_id = file_versions.file_id "
                    + "AND file_versions.version IN (k.base_version, k.winner_version)) "
                    + "OR (k.copy_id = file_versions.file_id AND k.copy_version = file_versions.version)))")) {
                ps.setLong(1, before.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    private static String placeholders(int n) {
        return Database.placeholders(n, "?");
    }

    private static void bindAll(PreparedStatement ps, int first, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(first + i, values.get(i));
        }
    }

    private static Set<String> strings(Connection c, String sql, List<String> parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindAll(ps, 1, parameters);
            Set<String> values = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    void saveManifest(Manifest manifest) {
        database.transaction("save manifest", c -> {
            int inserted;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO manifests (content_hash, size_bytes, "
                    + "chunk_count, crc32c) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, manifest.contentHash());
                ps.setLong(2, manifest.size());
                ps.setInt(3, manifest.chunks().size());
                if (manifest.crc32c().isPresent()) {
                    ps.setLong(4, manifest.crc32c().getAsLong());
                } else {
                    ps.setNull(4, Types.BIGINT);
                }
                inserted = ps.executeUpdate();
            }
            if (inserted == 0) {
                // saved before: same content; one saved before CRCs were kept takes this one's
                if (manifest.crc32c().isPresent()) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE manifests SET crc32c = ? "
                            + "WHERE content_hash = ? AND crc32c IS NULL")) {
                        ps.setLong(1, manifest.crc32c().getAsLong());
                        ps.setString(2, manifest.contentHash());
                        ps.executeUpdate();
                    }
                }
                if (!chunkList(c, "manifest_chunks", null, manifest.contentHash()).equals(manifest.chunks())) {
                    saveOwnChunkList(c, manifest);
                }
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO manifest_chunks (content_hash, position, "
                    + "chunk_hash, size_bytes) VALUES (?, ?, ?, ?)")) {
                int position = 0;
                for (ChunkRef chunk : manifest.chunks()) {
                    ps.setString(1, manifest.contentHash());
                    ps.setInt(2, position++);
                    ps.setString(3, chunk.hash());
                    ps.setInt(4, chunk.size());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** This namespace's chunk list, where the shared manifest has other cut points (replacing one saved before). */
    private void saveOwnChunkList(Connection c, Manifest manifest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM own_manifest_chunks WHERE namespace = ? "
                + "AND content_hash = ?")) {
            ps.setString(1, namespace.id());
            ps.setString(2, manifest.contentHash());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO own_manifest_chunks (namespace, content_hash, "
                + "position, chunk_hash, size_bytes) VALUES (?, ?, ?, ?, ?)")) {
            int position = 0;
            for (ChunkRef chunk : manifest.chunks()) {
                ps.setString(1, namespace.id());
                ps.setString(2, manifest.contentHash());
                ps.setInt(3, position++);
                ps.setString(4, chunk.hash());
                ps.setInt(5, chunk.size());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The chunk list of the shared manifest ({@code namespace} null) or of a namespace's own, in order. */
    private static List<ChunkRef> chunkList(Connection c, String table, String namespace, String contentHash)
            throws SQLException {
        List<ChunkRef> chunks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT chunk_hash, size_bytes FROM " + table
                + " WHERE content_hash = ?" + (namespace == null ? "" : " AND namespace = ?") + " ORDER BY position")) {
            ps.setString(1, contentHash);
            if (namespace != null) {
                ps.setString(2, namespace);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    chunks.add(new ChunkRef(rs.getString(1), rs.getInt(2)));
                }
            }
        }
        return chunks;
    }

    Optional<List<ChunkRef>> ownChunkList(String contentHash) {
        return database.call("read own chunk list", c -> {
            List<ChunkRef> chunks = chunkList(c, "own_manifest_chunks", namespace.id(), contentHash);
            return chunks.isEmpty() ? Optional.<List<ChunkRef>>empty() : Optional.of(chunks);
        });
    }

    Optional<Manifest> manifest(String contentHash) {
        return database.call("read manifest", c -> {
            long size;
            OptionalLong crc32c;
            try (PreparedStatement ps = c.prepareStatement("SELECT size_bytes, crc32c FROM manifests "
                    + "WHERE content_hash = ?")) {
                ps.setString(1, contentHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    size = rs.getLong(1);
                    long crc = rs.getLong(2);
                    crc32c = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(crc);
                }
            }
            return Optional.of(new Manifest(chunkList(c, "manifest_chunks", null, contentHash), contentHash, size,
                    crc32c));
        });
    }
}
