package dev.syncr.server.jdbc;

import dev.syncr.core.FileId;
import dev.syncr.core.Namespace;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Links in the metadata database: each reaches one path of one namespace, found by its token's hash. */
public final class JdbcLinks {

    /**
     * A link.
     *
     * @param path      in the link's namespace; empty for the root of a shared folder
     * @param shownPath where its owner sees it in their files
     * @param access    {@code view} or {@code upload}
     */
    public record Link(String id, String tokenHash, String owner, Namespace namespace, String path, FileId shownPath,
                       String access, String passwordHash, Instant expiresAt, Instant createdAt) {
    }

    private static final String COLUMNS = "id, token_hash, owner, namespace, path, shown_path, access, password_hash, "
            + "expires_at, created_at";

    private final Database database;

    public JdbcLinks(Database database) {
        this.database = database;
    }

    public void add(Link link) {
        database.transaction("add a link", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO links (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, "
                    + "?, ?, ?, ?, ?)")) {
                ps.setString(1, link.id());
                ps.setString(2, link.tokenHash());
                ps.setString(3, link.owner());
                ps.setString(4, link.namespace().id());
                ps.setString(5, link.path());
                ps.setString(6, link.shownPath().value());
                ps.setString(7, link.access());
                ps.setString(8, link.passwordHash());
                if (link.expiresAt() == null) {
                    ps.setNull(9, Types.BIGINT);
                } else {
                    ps.setLong(9, link.expiresAt().toEpochMilli());
                }
                ps.setLong(10, link.createdAt().toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Link> byTokenHash(String tokenHash) {
        List<Link> found = select("token_hash = ?", tokenHash);
        return found.stream().findFirst();
    }

    public List<Link> of(String owner) {
        return select("owner = ?", owner);
    }

    /** Revokes one of {@code owner}'s links; false when they have none of that id. */
    public boolean delete(String owner, String id) {
        return database.transaction("revoke a link", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM links WHERE owner = ? AND id = ?")) {
                ps.setString(1, owner);
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private List<Link> select(String where, String parameter) {
        return database.call("read links", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM links WHERE " + where
                    + " ORDER BY created_at, id")) {
                ps.setString(1, parameter);
                List<Link> links = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        links.add(link(rs));
                    }
                }
                return links;
            }
        });
    }

    private static Link link(ResultSet rs) throws SQLException {
        long expires = rs.getLong(9);
        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        return new Link(rs.getString(1), rs.getString(2), rs.getString(3), new Namespace(rs.getString(4)),
                rs.getString(5), FileId.of(rs.getString(6)), rs.getString(7), rs.getString(8), expiresAt,
                Instant.ofEpochMilli(rs.getLong(10)));
    }
}
