package dev.syncr.server.accounts;

import dev.syncr.core.Namespace;
import dev.syncr.server.jdbc.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Users, their memberships and their device tokens, in the metadata database (schema 3), so every server process
 * sharing it sees an added user or a revoked token on its next request.
 */
public final class AccountStore {

    static final String OWNER = "owner";

    private final Database database;

    public AccountStore(Database database) {
        this.database = database;
    }

    /** A token found by its hash, with what the request it came with may reach. */
    /** @param quotaBytes the user's own quota, or null: the server's default */
    record TokenMatch(String tokenId, UserName user, Namespace home, Instant lastUsedAt, String label,
                      Instant createdAt, boolean session, Long quotaBytes) {
    }

    /** Sets (or, with null, clears to the server's default) a user's storage quota; false if there is no such user. */
    boolean setQuota(UserName name, Long quotaBytes) {
        return database.call("set quota", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET quota_bytes = ? WHERE name = ?")) {
                if (quotaBytes == null) {
                    ps.setNull(1, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(1, quotaBytes);
                }
                ps.setString(2, name.value());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** A user's own quota (empty: the server's default), or empty when there is no such user. */
    Optional<Long> quota(UserName name) {
        return database.call("read quota", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT quota_bytes FROM users WHERE name = ?")) {
                ps.setString(1, name.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Long>empty();
                    }
                    long q = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Long>empty() : Optional.of(q);
                }
            }
        });
    }

    /** Adds a user and their home; false if the name is taken. The home must not be anyone else's. */
    boolean addUser(UserName name, String passwordHash, Namespace home, Instant now) {
        return database.transaction("add user", c -> {
            if (exists(c, "SELECT 1 FROM users WHERE name = ?", name.value())) {
                return false;
            }
            if (exists(c, "SELECT 1 FROM memberships WHERE namespace = ? AND role = '" + OWNER + "'", home.id())) {
                throw new AccountException("namespace '" + home.id() + "' already belongs to a user");
            }
            update(c, "INSERT INTO users (name, password_hash, created_at) VALUES (?, ?, ?)", name.value(),
                    passwordHash, now.toEpochMilli());
            update(c, "INSERT INTO memberships (user_name, namespace, role, created_at) VALUES (?, ?, '" + OWNER
                    + "', ?)", name.value(), home.id(), now.toEpochMilli());
            return true;
        });
    }

    /** Removes a user with their tokens and memberships; their files stay where they are. */
    boolean removeUser(UserName name) {
        return database.transaction("remove user", c -> {
            update(c, "DELETE FROM device_tokens WHERE user_name = ?", name.value());
            update(c, "DELETE FROM memberships WHERE user_name = ?", name.value());
            return update(c, "DELETE FROM users WHERE name = ?", name.value()) == 1;
        });
    }

    boolean setPasswordHash(UserName name, String passwordHash) {
        return database.call("change password", c -> update(c, "UPDATE users SET password_hash = ? WHERE name = ?",
                passwordHash, name.value()) == 1);
    }

    Optional<String> passwordHash(UserName name) {
        return database.call("read password", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM users WHERE name = ?")) {
                ps.setString(1, name.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    boolean anyUsers() {
        return database.call("count users", c -> exists(c, "SELECT 1 FROM users", null));
    }

    Optional<User> user(UserName name) {
        return users(name).stream().findFirst();
    }

    List<User> users() {
        return users(null);
    }

    private List<User> users(UserName only) {
        String sql = "SELECT u.name, u.created_at, m.namespace FROM users u JOIN memberships m ON m.user_name = u.name "
                + "AND m.role = '" + OWNER + "'" + (only == null ? "" : " WHERE u.name = ?") + " ORDER BY u.name";
        return database.call("list users", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (only != null) {
                    ps.setString(1, only.value());
                }
                List<User> users = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        users.add(new User(new UserName(rs.getString(1)), new Namespace(rs.getString(3)),
                                Instant.ofEpochMilli(rs.getLong(2))));
                    }
                }
                return users;
            }
        });
    }

    /** @param session a browser's sign-in, which ends by itself (see {@link TokenPolicy}); else a device's token */
    boolean addToken(DeviceToken token, String secretSha256, boolean session, int maxPerUser) {
        return database.transaction("add token", c -> {
            String user = token.user().value();
            int held = count(c, "SELECT COUNT(*) FROM device_tokens WHERE user_name = ?", user);
            if (held >= maxPerUser) {
                // room for one: the least recently used browser sessions go first, a device's token never
                update(c, "DELETE FROM device_tokens WHERE id IN (SELECT id FROM device_tokens WHERE user_name = ? "
                        + "AND kind = 'session' ORDER BY COALESCE(last_used_at, created_at), id LIMIT "
                        + (held - maxPerUser + 1) + ")", user);
                if (count(c, "SELECT COUNT(*) FROM device_tokens WHERE user_name = ?", user) >= maxPerUser) {
                    return false;
                }
            }
            update(c, "INSERT INTO device_tokens (id, user_name, secret_sha256, label, created_at, kind) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", token.id(), user, secretSha256, token.label(),
                    token.createdAt().toEpochMilli(), session ? "session" : "device");
            return true;
        });
    }

    private static int count(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Revokes a user's browser sessions, and with {@code devices} their device tokens too; returns how many. */
    int revokeAll(UserName user, boolean devices) {
        return database.call("revoke tokens", c -> devices
                ? update(c, "DELETE FROM device_tokens WHERE user_name = ?", user.value())
                : update(c, "DELETE FROM device_tokens WHERE user_name = ? AND kind = 'session'", user.value()));
    }

    List<DeviceToken> tokens(UserName user) {
        String sql = "SELECT id, label, created_at, last_used_at FROM device_tokens WHERE user_name = ? "
                + "ORDER BY created_at, id";
        return database.call("list tokens", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, user.value());
                List<DeviceToken> tokens = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tokens.add(new DeviceToken(rs.getString(1), user, rs.getString(2),
                                Instant.ofEpochMilli(rs.getLong(3)), instantOrNull(rs, 4)));
                    }
                }
                return tokens;
            }
        });
    }

    /** Revokes a token by id; with {@code user} given, only if it is that user's. */
    boolean revokeToken(String id, UserName user) {
        return database.call("revoke token", c -> user == null
                ? update(c, "DELETE FROM device_tokens WHERE id = ?", id) == 1
                : update(c, "DELETE FROM device_tokens WHERE id = ? AND user_name = ?", id, user.value()) == 1);
    }

    Optional<TokenMatch> tokenBySecret(String secretSha256) {
        String sql = "SELECT t.id, t.user_name, m.namespace, t.last_used_at, t.label, t.created_at, t.kind, "
                + "u.quota_bytes FROM device_tokens t JOIN users u ON u.name = t.user_name "
                + "JOIN memberships m ON m.user_name = t.user_name AND m.role = '" + OWNER + "' "
                + "WHERE t.secret_sha256 = ?";
        return database.call("authenticate", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, secretSha256);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new TokenMatch(rs.getString(1), new UserName(rs.getString(2)),
                            new Namespace(rs.getString(3)), instantOrNull(rs, 4), rs.getString(5),
                            Instant.ofEpochMilli(rs.getLong(6)), "session".equals(rs.getString(7)),
                            longOrNull(rs, 8)));
                }
            }
        });
    }

    void touch(String tokenId, Instant when) {
        database.call("record token use", c -> update(c, "UPDATE device_tokens SET last_used_at = ? WHERE id = ?",
                when.toEpochMilli(), tokenId));
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static boolean exists(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql + " LIMIT 1")) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] == null) {
                    ps.setNull(i + 1, Types.VARCHAR);
                } else {
                    ps.setObject(i + 1, parameters[i]);
                }
            }
            return ps.executeUpdate();
        }
    }
}
