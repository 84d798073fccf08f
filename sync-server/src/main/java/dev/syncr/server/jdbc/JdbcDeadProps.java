package dev.syncr.server.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * WebDAV's dead properties: XML a client keeps on a file or folder (a row key, like a file's), set and removed
 * together in one transaction, copied with a COPY, taken along by a MOVE, dropped by a DELETE.
 */
public final class JdbcDeadProps {

    /** One property: its XML name and its value, the property element itself as XML. */
    public record Prop(String ns, String name, String xml) {
    }

    /** One change of a PROPPATCH: a set (with its value) or a remove ({@code xml} null). */
    public record Change(String ns, String name, String xml) {
    }

    /** A row key and every key below it (a folder's properties go with its files'). */
    private static final String SUBTREE = "(row_key = ? OR substr(row_key, 1, ?) = ?)";

    private final Database database;

    public JdbcDeadProps(Database database) {
        this.database = database;
    }

    public List<Prop> of(String rowKey) {
        return database.call("read dead properties", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ns, name, value FROM dead_props WHERE row_key = ? "
                    + "ORDER BY ns, name")) {
                ps.setString(1, rowKey);
                List<Prop> props = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        props.add(new Prop(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
                return props;
            }
        });
    }

    /** Applies every change, in order, or none. */
    public void apply(String rowKey, List<Change> changes) {
        database.transaction("change dead properties", c -> {
            for (Change change : changes) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM dead_props WHERE row_key = ? AND ns = ? "
                        + "AND name = ?")) {
                    ps.setString(1, rowKey);
                    ps.setString(2, change.ns());
                    ps.setString(3, change.name());
                    ps.executeUpdate();
                }
                if (change.xml() != null) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_props (row_key, ns, name, value) "
                            + "VALUES (?, ?, ?, ?)")) {
                        ps.setString(1, rowKey);
                        ps.setString(2, change.ns());
                        ps.setString(3, change.name());
                        ps.setString(4, change.xml());
                        ps.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    /** Copies the properties of {@code from} and of everything below it to {@code to}; replaces what was there. */
    public void copy(String from, String to) {
        rekey("copy dead properties", "INSERT INTO dead_props (row_key, ns, name, value) SELECT ? || substr(row_key, ?), "
                + "ns, name, value FROM dead_props WHERE " + SUBTREE, from, to);
    }

    /** Moves the properties of {@code from} and of everything below it to {@code to}. */
    public void move(String from, String to) {
        rekey("move dead properties", "UPDATE dead_props SET row_key = ? || substr(row_key, ?) WHERE " + SUBTREE,
                from, to);
    }

    /** Runs {@code sql} (new key, prefix length, then {@link #SUBTREE}'s three) after clearing {@code to}. */
    private void rekey(String what, String sql, String from, String to) {
        database.transaction(what, c -> {
            drop(c, to);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, to);
                ps.setInt(2, from.length() + 1);
                bindSubtree(ps, 3, from);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Drops the properties of {@code rowKey} and of everything below it. */
    public void delete(String rowKey) {
        database.transaction("drop dead properties", c -> {
            drop(c, rowKey);
            return null;
        });
    }

    private static void drop(Connection c, String rowKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dead_props WHERE " + SUBTREE)) {
            bindSubtree(ps, 1, rowKey);
            ps.executeUpdate();
        }
    }

    private static void bindSubtree(PreparedStatement ps, int first, String rowKey) throws SQLException {
        ps.setString(first, rowKey);
        ps.setInt(first + 1, rowKey.length() + 1);
        ps.setString(first + 2, rowKey + "/");
    }
}
