package dev.syncr.server.jdbc;

import dev.syncr.core.FileId;
import dev.syncr.core.Namespace;
import dev.syncr.core.share.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Shared folders in the metadata database: the shares, each member's mount, and the events that tell a member's
 * devices a folder appeared in their tree or left it. Sharing moves a folder's rows into the share's namespace in
 * the same transaction that records the share, so a crash leaves the folder shared or not, never half moved.
 */
public final class JdbcShares {

    /** A shared folder: its id, its namespace, who owns it and the name it was shared under. */
    public record Share(long id, Namespace namespace, String owner, String name, Instant createdAt) {
    }

    /** Where a member has a share in their tree, and their role there. */
    public record MountRow(Share share, String user, FileId path, Role role) {
    }

    /** A folder mounted in a user's tree or unmounted from it, at a feed position. */
    public record Event(long position, FileId path, boolean mounted) {
    }

    private final Database database;

    public JdbcShares(Database database) {
        this.database = database;
    }

    /**
     * Moves {@code folder} of {@code home} (every file under it: heads, history, conflicts, and the chunk holds and
     * chunk lists its content needs) into a new namespace, and mounts that back at the same path for {@code owner}.
     */
    public Share share(String owner, Namespace home, FileId folder, Instant at) {
        return database.transaction("share a folder", c -> {
            long id = CommitStatements.nextPositions(c, 1);
            Namespace namespace = new Namespace("share-" + id);
            String from = home.rowPrefix() + folder.value() + "/";
            String to = namespace.rowPrefix();
            for (String table : List.of("files", "file_versions")) {
                update(c, "UPDATE " + table + " SET file_id = ? || substr(file_id, ?) WHERE substr(file_id, 1, ?) = ?",
                        to, from.length() + 1, from.length(), from);
            }
            for (String column : List.of("file_id", "copy_id")) {
                update(c, "UPDATE conflicts SET " + column + " = ? || substr(" + column + ", ?) WHERE substr("
                        + column + ", 1, ?) = ?", to, from.length() + 1, from.length(), from);
            }
            String moved = "SELECT content_hash FROM file_versions WHERE content_hash IS NOT NULL AND "
                    + "substr(file_id, 1, " + to.length() + ") = ?";
            update(c, "INSERT INTO chunk_holders (namespace, chunk_hash, touched_at) SELECT ?, h.chunk_hash, "
                    + "h.touched_at FROM chunk_holders h WHERE h.namespace = ? AND (h.chunk_hash IN (" + moved + ") "
                    + "OR h.chunk_hash IN (SELECT chunk_hash FROM manifest_chunks WHERE content_hash IN (" + moved
                    + ")) OR h.chunk_hash IN (SELECT chunk_hash FROM own_manifest_chunks WHERE namespace = ? AND "
                    + "content_hash IN (" + moved + "))) ON CONFLICT (namespace, chunk_hash) DO NOTHING",
                    namespace.id(), home.id(), to, to, home.id(), to);
            update(c, "INSERT INTO own_manifest_chunks (namespace, content_hash, position, chunk_hash, size_bytes) "
                    + "SELECT ?, content_hash, position, chunk_hash, size_bytes FROM own_manifest_chunks WHERE "
                    + "namespace = ? AND content_hash IN (" + moved + ") ON CONFLICT DO NOTHING",
                    namespace.id(), home.id(), to);
            update(c, "INSERT INTO shares (id, namespace, owner, name, created_at) VALUES (?, ?, ?, ?, ?)", id,
                    namespace.id(), owner, folder.name(), at.toEpochMilli());
            update(c, "INSERT INTO mounts (user_name, share_id, path, role) VALUES (?, ?, ?, ?)", owner, id,
                    folder.value(), Role.OWNER.wireName());
            event(c, id, owner, folder, true);
            return new Share(id, namespace, owner, folder.name(), at);
        });
    }

    public Optional<Share> share(long id) {
        return database.call("read share", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, namespace, owner, name, created_at FROM shares "
                    + "WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(share(rs, 1)) : Optional.empty();
                }
            }
        });
    }

    /** The folders in {@code user}'s tree, their own included. */
    public List<MountRow> mountsOf(String user) {
        return mounts("m.user_name = ?", user);
    }

    /** Everyone a share is mounted for, its owner included. */
    public List<MountRow> members(long shareId) {
        return mounts("m.share_id = ?", shareId);
    }

    private List<MountRow> mounts(String where, Object parameter) {
        return database.call("read mounts", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.namespace, s.owner, s.name, s.created_at, "
                    + "m.user_name, m.path, m.role FROM mounts m JOIN shares s ON s.id = m.share_id WHERE " + where
                    + " ORDER BY m.path, m.user_name")) {
                ps.setObject(1, parameter);
                List<MountRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new MountRow(share(rs, 1), rs.getString(6), FileId.of(rs.getString(7)),
                                Role.ofWireName(rs.getString(8))));
                    }
                }
                return rows;
            }
        });
    }

    /** {@code user}'s tree changes: every folder mounted and unmounted, in feed order. */
    public List<Event> eventsOf(String user) {
        return database.call("read mount events", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT position, path, mounted FROM mount_events WHERE "
                    + "user_name = ? ORDER BY position")) {
                ps.setString(1, user);
                List<Event> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new Event(rs.getLong(1), FileId.of(rs.getString(2)), rs.getInt(3) == 1));
                    }
                }
                return events;
            }
        });
    }

    /**
     * Mounts a share for a new member at {@code path}; false when they have it already or the path is taken (by a
     * mount, or by files of their home at or under it).
     */
    public boolean mount(long shareId, String user, Namespace home, FileId path, Role role) {
        return database.transaction("mount a share", c -> {
            if (exists(c, "SELECT 1 FROM mounts WHERE user_name = ? AND share_id = ?", user, shareId)
                    || taken(c, user, home, path)) {
                return false;
            }
            update(c, "INSERT INTO mounts (user_name, share_id, path, role) VALUES (?, ?, ?, ?)", user, shareId,
                    path.value(), role.wireName());
            event(c, CommitStatements.nextPositions(c, 1), user, path, true);
            return true;
        });
    }

    /** Whether {@code path} is free in {@code user}'s tree: no mount at, above or below it, no home file there. */
    public boolean free(String user, Namespace home, FileId path) {
        return database.call("check a mount path", c -> !taken(c, user, home, path));
    }

    private static boolean taken(Connection c, String user, Namespace home, FileId path) throws SQLException {
        String p = path.value();
        if (exists(c, "SELECT 1 FROM mounts WHERE user_name = ? AND (path = ? OR substr(?, 1, length(path) + 1) = "
                + "path || '/' OR substr(path, 1, ?) = ?)", user, p, p, p.length() + 1, p + "/")) {
            return true;
        }
        String key = home.rowKey(path);
        return exists(c, "SELECT 1 FROM files WHERE content_hash IS NOT NULL AND (file_id = ? OR substr(file_id, 1, ?)"
                + " = ?)", key, key.length() + 1, key + "/");
    }

    public boolean setRole(long shareId, String user, Role role) {
        return database.transaction("change a role", c -> update(c, "UPDATE mounts SET role = ? WHERE share_id = ? AND "
                + "user_name = ? AND role <> ?", role.wireName(), shareId, user, Role.OWNER.wireName()) == 1);
    }

    /** Takes a share out of {@code user}'s tree (leaving, or removed by the owner); nothing on the server is deleted. */
    public boolean unmount(long shareId, String user) {
        return database.transaction("unmount a share", c -> {
            Optional<String> path = path(c, shareId, user);
            if (path.isEmpty()) {
                return false;
            }
            update(c, "DELETE FROM mounts WHERE share_id = ? AND user_name = ?", shareId, user);
            event(c, CommitStatements.nextPositions(c, 1), user, FileId.of(path.get()), false);
            return true;
        });
    }

    /** Moves or renames {@code user}'s mount of a share; false when the new path is taken. */
    public boolean moveMount(long shareId, String user, Namespace home, FileId to) {
        return database.transaction("move a mount", c -> {
            Optional<String> from = path(c, shareId, user);
            if (from.isEmpty() || taken(c, user, home, to)) {
                return false;
            }
            update(c, "UPDATE mounts SET path = ? WHERE share_id = ? AND user_name = ?", to.value(), shareId, user);
            long position = CommitStatements.nextPositions(c, 2);
            event(c, position, user, FileId.of(from.get()), false);
            event(c, position + 1, user, to, true);
            return true;
        });
    }

    private static Optional<String> path(Connection c, long shareId, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT path FROM mounts WHERE share_id = ? AND user_name = ?")) {
            ps.setLong(1, shareId);
            ps.setString(2, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static void event(Connection c, long position, String user, FileId path, boolean mounted)
            throws SQLException {
        update(c, "INSERT INTO mount_events (position, user_name, path, mounted) VALUES (?, ?, ?, ?)", position, user,
                path.value(), mounted ? 1 : 0);
    }

    private static Share share(ResultSet rs, int from) throws SQLException {
        return new Share(rs.getLong(from), new Namespace(rs.getString(from + 1)), rs.getString(from + 2),
                rs.getString(from + 3), Instant.ofEpochMilli(rs.getLong(from + 4)));
    }

    private static boolean exists(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql + " LIMIT 1")) {
            bind(ps, parameters);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, parameters);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            ps.setObject(i + 1, parameters[i]);
        }
    }
}
