package dev.syncr.server.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncr.core.Change;
import dev.syncr.core.ChangePage;
import dev.syncr.core.CommitRequest;
import dev.syncr.core.CommitResult;
import dev.syncr.core.ContentRef;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.Namespace;
import dev.syncr.core.StoreException;
import dev.syncr.core.StoreOverloadedException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
            + "updated_by";
    private static final String VERSION_COLUMNS = "file_id, version, content_hash, size_bytes, storage_key, "
            + "created_at, client_id, seq";

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    /** Platform threads that make the driver's native calls, so virtual threads never pin (see Dialect). */
    private final ExecutorService nativeCalls;
    /** Every row this store reads or writes has a key starting with this namespace's prefix. */
    private final Namespace namespace;
    /** Views made by {@link #in} share the pool; only the store that opened it closes it. */
    private final boolean ownsPool;

    private JdbcMetadataStore(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.nativeCalls = dialect.blocksInNativeCode()
                ? Executors.newFixedThreadPool(dataSource.getMaximumPoolSize(), Thread.ofPlatform().daemon()
                        .name("syncr-sqlite-", 0).factory())
                : null;
        this.namespace = Namespace.LOCAL;
        this.ownsPool = true;
    }

    private JdbcMetadataStore(JdbcMetadataStore shared, Namespace namespace) {
        this.dataSource = shared.dataSource;
        this.dialect = shared.dialect;
        this.nativeCalls = shared.nativeCalls;
        this.namespace = namespace;
        this.ownsPool = false;
    }

    @Override
    public MetadataStore in(Namespace other) {
        return new JdbcMetadataStore(this, other);
    }

    /** {@code substr} compares exactly in both databases, whatever the collation ({@code LIKE} and ranges do not). */
    private static final String IN_NAMESPACE = "substr(file_id, 1, ?) = ?";

    private int bindNamespace(PreparedStatement ps, int i) throws SQLException {
        ps.setInt(i++, namespace.rowPrefix().length());
        ps.setString(i++, namespace.rowPrefix());
        return i;
    }

    interface DatabaseCall<T> {
        T run() throws SQLException;
    }

    /** Runs a call on the calling thread, or, for a native driver called from a virtual thread, on a platform one. */
    private <T> T call(String what, DatabaseCall<T> call) {
        try {
            if (nativeCalls == null || !Thread.currentThread().isVirtual()) {
                return call.run();
            }
            return nativeCalls.submit(call::run).get();
        } catch (SQLException e) {
            throw fault(what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw fault(what, sql);
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreException("metadata database call failed (" + what + ")", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the metadata database (" + what + ")", e);
        }
    }

    /** Connects with the default pool and wait, applies pending schema migrations and returns the store. */
    public static JdbcMetadataStore open(String jdbcUrl, String user, String password) {
        return open(DatabaseSettings.of(jdbcUrl, user, password));
    }

    /** Applies pending schema migrations, then connects the pool; fails if the database is not there. */
    public static JdbcMetadataStore open(DatabaseSettings settings) {
        migrate(settings);
        return connect(settings);
    }

    /**
     * Applies pending schema migrations over a connection of its own: the first real contact with the database.
     * Throws {@link StoreException} if the database cannot be reached; safe to call again. Not through a pool, which
     * would wait its whole --db-wait even for a database that refuses at once: start-up wants each try to end as soon
     * as the database has answered, and no pool filling itself in the background while it waits.
     */
    public static void migrate(DatabaseSettings settings) {
        HikariConfig config = poolConfig(settings);
        Properties properties = new Properties();
        properties.putAll(config.getDataSourceProperties());
        if (config.getUsername() != null) {
            properties.setProperty("user", config.getUsername());
        }
        if (config.getPassword() != null) {
            properties.setProperty("password", config.getPassword());
        }
        try (Connection connection = DriverManager.getConnection(config.getJdbcUrl(), properties)) {
            Migrations.apply(connection, Dialect.of(settings.url()));
        } catch (SQLException e) {
            throw new StoreException("cannot open metadata database " + settings.redactedUrl() + ": " + reason(e), e);
        }
    }

    /** The store over a connection pool, for a database already migrated ({@link #migrate}). */
    public static JdbcMetadataStore connect(DatabaseSettings settings) {
        return new JdbcMetadataStore(new HikariDataSource(poolConfig(settings)), Dialect.of(settings.url()));
    }

    private static HikariConfig poolConfig(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setPoolName("syncr-metadata");
        Dialect.of(settings.url()).configure(config);
        if (settings.poolSize() > 0) {
            config.setMaximumPoolSize(settings.poolSize());
        }
        // A call that cannot get a connection in this time fails (a 503), rather than holding a thread forever.
        config.setConnectionTimeout(settings.connectionWait().toMillis());
        // A database that goes away later is not the pool's to judge at construction; each call reports it.
        config.setInitializationFailTimeout(-1);
        return config;
    }


    @Override
    public Optional<FileVersion> head(FileId id) {
        return call("read head", () -> {
            try (Connection c = dataSource.getConnection()) {
                return head(c, id);
            }
        });
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
    public List<FileVersion> list() {
        return call("list files", () -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT " + HEAD_COLUMNS + " FROM files WHERE "
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
    public List<FileVersion> history(FileId id) {
        String sql = "SELECT " + VERSION_COLUMNS + " FROM file_versions WHERE file_id = ? ORDER BY version DESC";
        return call("read history", () -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
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
    public Optional<FileVersion> version(FileId id, long version) {
        String sql = "SELECT " + VERSION_COLUMNS + " FROM file_versions WHERE file_id = ? AND version = ?";
        return call("read version", () -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, namespace.rowKey(id));
                ps.setLong(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(versionOf(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public CommitResult commit(CommitRequest request) {
        FileVersion version = request.asVersion();
        return call("commit", () -> {
            try (Connection c = dataSource.getConnection()) {
                boolean won = switch (dialect) {
                    case POSTGRESQL -> CommitStatements.commitInOneStatement(c, request, version, namespace);
                    case SQLITE -> CommitStatements.commitInTransaction(c, request, version, namespace);
                };
                if (won) {
                    return new CommitResult.Committed(version);
                }
                return new CommitResult.Conflict(head(c, request.id()));
            }
        });
    }

    @Override
    public ChangePage changes(long cursor, int limit) {
        int pageSize = Math.max(0, limit);
        String sql = "SELECT " + VERSION_COLUMNS + " FROM file_versions WHERE seq > ? AND " + IN_NAMESPACE
                + " ORDER BY seq LIMIT ?";
        return call("read changes", () -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
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
    public long latestCursor() {
        return call("read latest cursor", () -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT seq FROM feed_counter WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public void close() {
        if (!ownsPool) {
            return;
        }
        if (nativeCalls != null) {
            nativeCalls.shutdownNow();
        }
        dataSource.close();
    }

    private FileVersion headOf(ResultSet rs) throws SQLException {
        return new FileVersion(namespace.fileOf(rs.getString("file_id")), rs.getLong("version"), contentOf(rs),
                Instant.ofEpochMilli(rs.getLong("updated_at")), rs.getString("updated_by"));
    }

    private FileVersion versionOf(ResultSet rs) throws SQLException {
        return new FileVersion(namespace.fileOf(rs.getString("file_id")), rs.getLong("version"), contentOf(rs),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("client_id"));
    }

    private static ContentRef contentOf(ResultSet rs) throws SQLException {
        String hash = rs.getString("content_hash");
        return hash == null ? null : new ContentRef(hash, rs.getLong("size_bytes"), rs.getString("storage_key"));
    }

    /**
     * A pool timeout with no connection failure behind it means every connection is busy and the database is fine:
     * overload. Anything else (refused, dropped, an error from the database) is an outage.
     */
    private static StoreException fault(String what, SQLException e) {
        if (e instanceof SQLTransientConnectionException && e.getCause() == null) {
            return new StoreOverloadedException("metadata database busy (" + what + "): " + e.getMessage(), e);
        }
        return new StoreException("metadata database unavailable (" + what + "): " + reason(e), e);
    }

    /** The pool's own message plus the failure behind it, which says what is actually wrong. */
    private static String reason(SQLException e) {
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !cause.getMessage().equals(e.getMessage())) {
            return cause.getMessage();
        }
        return e.getMessage();
    }
}
