package dev.syncr.server.jdbc;

import dev.syncr.core.FileId;
import dev.syncr.core.Namespace;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Folders made on their own (WebDAV's MKCOL), so an empty folder exists. A folder with files exists through them
 * whether or not it has a row; deleting or moving a folder takes its rows (and those below) with it.
 */
public final class JdbcFolders {

    private final Database database;

    public JdbcFolders(Database database) {
        this.database = database;
    }

    /** Records {@code folder} of {@code namespace}; false when it was recorded already. */
    public boolean add(Namespace namespace, FileId folder, Instant at) {
        return database.transaction("make a folder", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO folders (row_key, created_at) VALUES (?, ?) "
                    + "ON CONFLICT (row_key) DO NOTHING")) {
                ps.setString(1, namespace.rowKey(folder));
                ps.setLong(2, at.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }

    public boolean exists(Namespace namespace, FileId folder) {
        return madeAt(namespace, folder).isPresent();
    }

    /** When {@code folder} was made on its own; empty when it was not (it exists through its files, or not at all). */
    public java.util.Optional<Instant> madeAt(Namespace namespace, FileId folder) {
        return database.call("read a folder", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT created_at FROM folders WHERE row_key = ?")) {
                ps.setString(1, namespace.rowKey(folder));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.of(Instant.ofEpochMilli(rs.getLong(1)))
                            : java.util.Optional.empty();
                }
            }
        });
    }

    /** The recorded folders below {@code folder} (null: the namespace's root), at any depth, in path order. */
    public List<FileId> under(Namespace namespace, FileId folder) {
        String prefix = folder == null ? namespace.rowPrefix() : namespace.rowKey(folder) + "/";
        return database.call("read folders", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT row_key FROM folders WHERE substr(row_key, 1, ?) = ? "
                    + "ORDER BY row_key")) {
                ps.setInt(1, prefix.length());
                ps.setString(2, prefix);
                List<FileId> folders = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        folders.add(namespace.fileOf(rs.getString(1)));
                    }
                }
                return folders;
            }
        });
    }

    /** Forgets {@code folder} and every recorded folder below it. */
    public void remove(Namespace namespace, FileId folder) {
        String key = namespace.rowKey(folder);
        database.transaction("remove folders", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM folders WHERE row_key = ? OR substr(row_key, 1, "
                    + "?) = ?")) {
                ps.setString(1, key);
                ps.setInt(2, key.length() + 1);
                ps.setString(3, key + "/");
                return ps.executeUpdate();
            }
        });
    }
}
