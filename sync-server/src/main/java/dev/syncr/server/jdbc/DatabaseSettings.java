package dev.syncr.server.jdbc;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the metadata database and how patient to be with it.
 *
 * @param poolSize       connections kept open; 0 takes the database's default (SQLite 4, PostgreSQL 16)
 * @param connectionWait how long a call waits for a free connection before it gives up; a call that gives up
 *                       while the database is healthy is overload ({@link dev.syncr.core.StoreOverloadedException}),
 *                       not an outage
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, Duration connectionWait) {

    /** Hikari refuses a shorter wait. */
    static final Duration SHORTEST_WAIT = Duration.ofMillis(250);
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(connectionWait, "connectionWait");
        if (poolSize < 0) {
            throw new IllegalArgumentException("pool size (--db-pool-size) must not be negative, got " + poolSize);
        }
        if (connectionWait.compareTo(SHORTEST_WAIT) < 0) {
            throw new IllegalArgumentException("connection wait (--db-wait) must be at least 250 ms, got "
                    + connectionWait.toMillis() + " ms");
        }
    }

    /** The database's default pool and the default wait. */
    public static DatabaseSettings of(String url, String user, String password) {
        return new DatabaseSettings(url, user, password, 0, DEFAULT_WAIT);
    }

    public DatabaseSettings withConnectionWait(Duration wait) {
        return new DatabaseSettings(url, user, password, poolSize, wait);
    }

    public DatabaseSettings withPoolSize(int size) {
        return new DatabaseSettings(url, user, password, size, connectionWait);
    }

    /** The URL with any password in it masked, for logs and error messages. */
    public String redactedUrl() {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + redactedUrl() + ", user=" + user + ", poolSize=" + poolSize
                + ", connectionWait=" + connectionWait + "]";
    }
}
