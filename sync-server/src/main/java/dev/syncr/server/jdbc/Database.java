package dev.syncr.server.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncr.core.StoreException;
import dev.syncr.core.StoreOverloadedException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The metadata database: one connection pool shared by every store that keeps its rows there (files, accounts), and
 * the one way to call it. A failure becomes a {@link StoreException}: overload when every connection stayed busy,
 * an outage otherwise.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    /** Platform threads that make the driver's native calls, so virtual threads never pin (see Dialect). */
    private final ExecutorService nativeCalls;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.nativeCalls = dialect.blocksInNativeCode()
                ? Executors.newFixedThreadPool(dataSource.getMaximumPoolSize(), Thread.ofPlatform().daemon()
                        .name("syncr-sqlite-", 0).factory())
                : null;
    }

    /** Work done over one connection from the pool. */
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Hears how long each call took (for metrics), by the name the call gives itself ("commit", "read head"). */
    public interface CallTimer {
        void took(String what, long nanos);
    }

    private volatile CallTimer timer = (what, nanos) -> { };

    public void timeCalls(CallTimer timer) {
        this.timer = timer;
    }

    /** The dialect's name, for an operator: {@code sqlite} or {@code postgresql}. */
    public String backend() {
        return dialect.name().toLowerCase(java.util.Locale.ROOT);
    }

    private volatile String storeId;

    /** The store's random id, made by the migrations when the database was created (it never changes after). */
    public String storeId() {
        String id = storeId;
        if (id == null) {
            id = call("read store id", c -> {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT store_id FROM store_identity WHERE id = 1")) {
                    if (!rs.next()) {
                        throw new SQLException("the database has no store id");
                    }
                    return rs.getString(1);
                }
            });
            storeId = id;
        }
        return id;
    }

    /** Answers if the database does (readiness); throws otherwise. */
    public void ping() {
        call("ping", c -> {
            if (!c.isValid(2)) {
                throw new SQLException("the connection did not answer");
            }
            return null;
        });
    }

    /** Pooled connections in use now. */
    public int connectionsInUse() {
        var pool = dataSource.getHikariPoolMXBean();
        return pool == null ? 0 : pool.getActiveConnections();
    }

    /** Calls waiting for a pooled connection now. */
    public int callsWaiting() {
        var pool = dataSource.getHikariPoolMXBean();
        return pool == null ? 0 : pool.getThreadsAwaitingConnection();
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

    /** A pool over a database already migrated ({@link #migrate}); connections are made as calls need them. */
    public static Database connect(DatabaseSettings settings) {
        return new Database(new HikariDataSource(poolConfig(settings)), Dialect.of(settings.url()));
    }

    /** Migrates, then connects. */
    public static Database open(DatabaseSettings settings) {
        migrate(settings);
        return connect(settings);
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * Runs work over a pooled connection on the calling thread, or, for a native driver called from a virtual
     * thread, on a platform one.
     */
    public <T> T call(String what, Work<T> work) {
        long started = System.nanoTime();
        try {
            if (nativeCalls == null || !Thread.currentThread().isVirtual()) {
                return withConnection(work);
            }
            return nativeCalls.submit(() -> withConnection(work)).get();
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
        } finally {
            timer.took(what, System.nanoTime() - started);
        }
    }

    /** Work on one part of a long list, over one pooled connection. */
    public interface PartWork<T> {
        void run(Connection connection, List<T> part) throws SQLException;
    }

    /** The most values one statement's {@code IN (…)} binds: far below every driver's parameter limit. */
    static final int IN_LIST = 500;

    /**
     * Runs {@code work} on {@code all} a part of at most {@link #IN_LIST} at a time, one {@link #call} each: a batch's
     * reads in a few statements (and a few hand-offs to a native thread), not one a row.
     */
    public <T> void callInParts(String what, List<T> all, PartWork<T> work) {
        for (int from = 0; from < all.size(); from += IN_LIST) {
            List<T> part = all.subList(from, Math.min(all.size(), from + IN_LIST));
            call(what, c -> {
                work.run(c, part);
                return null;
            });
        }
    }

    /** {@code n} copies of {@code one} joined by commas: the placeholders of an {@code IN (…)} list. */
    static String placeholders(int n, String one) {
        return String.join(", ", java.util.Collections.nCopies(n, one));
    }

    private <T> T withConnection(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }

    /**
     * Runs work in one transaction: committed if it returns, rolled back if it throws. SQLite takes its write lock at
     * BEGIN (see Dialect), so a read-then-write inside is never overtaken by another writer.
     */
    public <T> T transaction(String what, Work<T> work) {
        return call(what, c -> inTransaction(c, work));
    }

    private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Runs work in one transaction whose commit does not wait for the disk: for a record that only matters together
     * with a later ordinary commit (a chunk hold, before the version that references the chunk). The log is written in
     * order, so that later commit's flush makes this one durable too; a crash before it loses both, and then nothing
     * references what this protected. Visible to others at once, like any commit.
     */
    public <T> T transactionFlushedByNextCommit(String what, Work<T> work) {
        String relaxed = dialect.commitWithoutFlush();
        if (relaxed == null && dialect.relaxConnection() != null) {
            // SQLite: its flush setting is the connection's, so this connection relaxes it for this one commit
            return call(what, c -> {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute(dialect.relaxConnection());
                }
                try {
                    return inTransaction(c, work);
                } finally {
                    try (java.sql.Statement s = c.createStatement()) {
                        s.execute(dialect.restoreConnection());
                    }
                }
            });
        }
        if (relaxed == null) {
            return transaction(what, work);
        }
        return transaction(what, c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute(relaxed);
            }
            return work.run(c);
        });
    }

    @Override
    public void close() {
        if (nativeCalls != null) {
            nativeCalls.shutdownNow();
        }
        dataSource.close();
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
    static String reason(SQLException e) {
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !cause.getMessage().equals(e.getMessage())) {
            return cause.getMessage();
        }
        return e.getMessage();
    }
}
