package dev.syncr.server.jdbc;

import dev.syncr.core.ContentRef;
import dev.syncr.core.Namespace;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Uploads in parts: a transfer a client opened in its namespace, and the parts it sent, each stored content (or,
 * when small enough to be inline, its bytes). Kept in the database so a part sent to one server process is found by
 * another, and a transfer cut off resumes where it stopped.
 */
public final class JdbcUploads {

    /** One part as stored: its name (a number, as the client chose it), content, and bytes if inline. */
    public record Part(String name, ContentRef content, byte[] bytes) {
    }

    private final Database database;

    public JdbcUploads(Database database) {
        this.database = database;
    }

    private static String key(Namespace namespace, String transfer) {
        return namespace.rowPrefix() + transfer;
    }

    /** Opens a transfer; false when it is open already. Transfers older than {@code staleBefore} are forgotten. */
    public boolean open(Namespace namespace, String transfer, Instant at, Instant staleBefore) {
        return database.transaction("open an upload", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM upload_parts WHERE row_key IN (SELECT "
                    + "row_key FROM uploads WHERE created_at < ?)")) {
                ps.setLong(1, staleBefore.toEpochMilli());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM uploads WHERE created_at < ?")) {
                ps.setLong(1, staleBefore.toEpochMilli());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO uploads (row_key, created_at) VALUES (?, ?) "
                    + "ON CONFLICT (row_key) DO NOTHING")) {
                ps.setString(1, key(namespace, transfer));
                ps.setLong(2, at.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }

    public boolean exists(Namespace namespace, String transfer) {
        return database.call("read an upload", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM uploads WHERE row_key = ?")) {
                ps.setString(1, key(namespace, transfer));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Records a part (a part sent again replaces the first); false when the transfer is not open. */
    public boolean putPart(Namespace namespace, String transfer, Part part) {
        String key = key(namespace, transfer);
        return database.transaction("record an upload part", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM uploads WHERE row_key = ?"
                    + database.dialect().lockRows())) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM upload_parts WHERE row_key = ? AND part = ?")) {
                ps.setString(1, key);
                ps.setString(2, part.name());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO upload_parts (row_key, part, content_hash, "
                    + "size_bytes, storage_key, bytes) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, part.name());
                ps.setString(3, part.content().hash());
                ps.setLong(4, part.content().size());
                ps.setString(5, part.content().storageKey());
                ps.setBytes(6, part.bytes());
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** The parts sent so far, in the order of their numbers; empty when the transfer is not open. */
    public Optional<List<Part>> parts(Namespace namespace, String transfer) {
        String key = key(namespace, transfer);
        return database.call("read upload parts", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM uploads WHERE row_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                }
            }
            List<Part> parts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT part, content_hash, size_bytes, storage_key, bytes "
                    + "FROM upload_parts WHERE row_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        parts.add(new Part(rs.getString(1), new ContentRef(rs.getString(2), rs.getLong(3),
                                rs.getString(4)), rs.getBytes(5)));
                    }
                }
            }
            // numbers, zero-padded or not: compared as numbers
            parts.sort(java.util.Comparator.comparing((Part p) -> new java.math.BigInteger(p.name())));
            return Optional.of(parts);
        });
    }

    /** Forgets a transfer and its parts (finished or abandoned); its content goes with garbage collection. */
    public void close(Namespace namespace, String transfer) {
        String key = key(namespace, transfer);
        database.transaction("close an upload", c -> {
            for (String sql : List.of("DELETE FROM upload_parts WHERE row_key = ?", "DELETE FROM uploads WHERE "
                    + "row_key = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, key);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }
}
