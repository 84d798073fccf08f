package dev.syncr.server.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * WebDAV write locks in the metadata database, so every server process sees them. A lock covers its resource (a row
 * key) and, with depth infinity, everything below it; an expired lock is as good as gone. Taking a lock checks for
 * conflicting ones in the same transaction.
 */
public final class JdbcLocks {

    /**
     * A lock.
     *
     * @param owner the {@code <owner>} element the client sent, as XML, or null
     */
    public record Lock(String token, String rootKey, String rootHref, boolean infinite, boolean exclusive,
                       String owner, long timeoutSeconds, Instant expiresAt) {

        /** Whether this lock covers {@code key}: its root, or (depth infinity) anything below. */
        public boolean covers(String key) {
            return key.equals(rootKey) || infinite && key.startsWith(rootKey.endsWith("\\") ? rootKey
                    : rootKey + "/");
        }
    }

    private static final String COLUMNS = "token, root_key, root_href, depth, scope, owner, timeout_s, expires_at";

    private final Database database;

    public JdbcLocks(Database database) {
        this.database = database;
    }

    /** The live locks on {@code key} or on the folders above it (depth infinity there), and, if asked, below it. */
    public List<Lock> affecting(String key, List<String> ancestors, boolean below, Instant now) {
        return database.call("read locks", c -> affecting(c, key, ancestors, below, now));
    }

    private static List<Lock> affecting(Connection c, String key, List<String> ancestors, boolean below, Instant now)
            throws SQLException {
        List<String> keys = new ArrayList<>(ancestors);
        keys.add(key);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM locks WHERE expires_at > ? AND (root_key IN (");
        sql.append("?,".repeat(keys.size()));
        sql.setLength(sql.length() - 1);
        sql.append(")");
        if (below) {
            sql.append(" OR substr(root_key, 1, ?) = ?");
        }
        sql.append(")");
        List<Lock> locks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, now.toEpochMilli());
            for (String k : keys) {
                ps.setString(i++, k);
            }
            if (below) {
                String prefix = key.endsWith("\\") ? key : key + "/";
                ps.setInt(i++, prefix.length());
                ps.setString(i, prefix);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Lock lock = lock(rs);
                    if (lock.covers(key) || below && !lock.rootKey().equals(key)) {
                        locks.add(lock);
                    }
                }
            }
        }
        return locks;
    }

    /**
     * Takes {@code lock} unless a live one conflicts (any with an exclusive, an exclusive with any, on the resource,
     * above it with depth infinity, or below it when the new one is depth infinity); returns the conflicting ones.
     */
    public List<Lock> take(Lock lock, List<String> ancestors, Instant now) {
        return database.transaction("take a lock", c -> {
            List<Lock> conflicts = affecting(c, lock.rootKey(), ancestors, lock.infinite(), now).stream()
                    .filter(other -> other.exclusive() || lock.exclusive()).toList();
            if (!conflicts.isEmpty()) {
                return conflicts;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO locks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, "
                    + "?, ?, ?)")) {
                ps.setString(1, lock.token());
                ps.setString(2, lock.rootKey());
                ps.setString(3, lock.rootHref());
                ps.setString(4, lock.infinite() ? "infinity" : "0");
                ps.setString(5, lock.exclusive() ? "exclusive" : "shared");
                ps.setString(6, lock.owner());
                ps.setLong(7, lock.timeoutSeconds());
                ps.setLong(8, lock.expiresAt().toEpochMilli());
                ps.executeUpdate();
            }
            return List.of();
        });
    }

    /** Extends a live lock's life; empty when there is no such live lock. */
    public Optional<Lock> refresh(String token, long timeoutSeconds, Instant now) {
        return database.transaction("refresh a lock", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE locks SET timeout_s = ?, expires_at = ? WHERE "
                    + "token = ? AND expires_at > ?")) {
                ps.setLong(1, timeoutSeconds);
                ps.setLong(2, now.plusSeconds(timeoutSeconds).toEpochMilli());
                ps.setString(3, token);
                ps.setLong(4, now.toEpochMilli());
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM locks WHERE token = ?")) {
                ps.setString(1, token);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(lock(rs)) : Optional.empty();
                }
            }
        });
    }

    public boolean release(String token) {
        return database.transaction("release a lock", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM locks WHERE token = ?")) {
                ps.setString(1, token);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Releases the locks on {@code key} and below it (the resource is gone: deleted, or moved away). */
    public void releaseUnder(String key) {
        database.transaction("release locks", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM locks WHERE root_key = ? OR substr(root_key, 1, "
                    + "?) = ?")) {
                String prefix = key.endsWith("\\") ? key : key + "/";
                ps.setString(1, key);
                ps.setInt(2, prefix.length());
                ps.setString(3, prefix);
                return ps.executeUpdate();
            }
        });
    }

    /** A row key's ancestors, nearest first, up to its namespace's root ({@code \\ns\\}). */
    public static List<String> ancestors(String key) {
        int root = key.indexOf('\\', 1) + 1;
        List<String> ancestors = new ArrayList<>();
        String rest = key.substring(root);
        if (rest.isEmpty()) {
            return ancestors;
        }
        for (int slash = rest.lastIndexOf('/'); slash > 0; slash = rest.lastIndexOf('/', slash - 1)) {
            ancestors.add(key.substring(0, root + slash));
        }
        ancestors.add(key.substring(0, root));
        return ancestors;
    }

    /**
     * Whether a live lock covers {@code key} (its own, or depth infinity above it) that none of {@code tokens} is
     * the token of.
     */
    public boolean lockedFor(String key, java.util.Set<String> tokens, Instant now) {
        return affecting(key, ancestors(key), false, now).stream().anyMatch(l -> !tokens.contains(l.token()));
    }

    private static Lock lock(ResultSet rs) throws SQLException {
        return new Lock(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4).equals("infinity"),
                rs.getString(5).equals("exclusive"), rs.getString(6), rs.getLong(7),
                Instant.ofEpochMilli(rs.getLong(8)));
    }
}
