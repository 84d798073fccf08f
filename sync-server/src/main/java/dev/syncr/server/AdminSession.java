package dev.syncr.server;

import dev.syncr.core.MetadataStore;
import dev.syncr.core.Namespace;
import dev.syncr.server.accounts.AccountStore;
import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.jdbc.Database;
import dev.syncr.server.jdbc.JdbcMetadataStore;
import java.io.IOException;
import java.time.Clock;

/**
 * What an admin command works on: the server's own metadata database, found by the server's flags, opened beside a
 * running server (SQLite waits for the server's writes; PostgreSQL does not care).
 */
final class AdminSession implements AutoCloseable {

    private final Database database;
    private final Accounts accounts;
    private final MetadataStore files;

    private AdminSession(Database database, Accounts accounts, MetadataStore files) {
        this.database = database;
        this.accounts = accounts;
        this.files = files;
    }

    static AdminSession open(ServerConfig config) throws IOException, InterruptedException {
        Database database = SyncServer.Stores.database(config, patience(config), 1);
        Accounts accounts = new Accounts(new AccountStore(database), config.passwords(), config.loginLockout(),
                Clock.systemUTC(), config.tokenPolicy());
        accounts.defaultQuota(config.defaultQuota());
        return new AdminSession(database, accounts, JdbcMetadataStore.over(database));
    }

    /** How an admin command waits for stores that are not up yet: as the server does, telling the operator. */
    static StartupWait patience(ServerConfig config) {
        return new StartupWait(config.startupTimeout(), message -> System.err.println("syncr-server: " + message));
    }

    Accounts accounts() {
        return accounts;
    }

    /** How many files (deleted ones included) a namespace holds. */
    /** What a namespace's live files hold, as a quota counts it. */
    long usage(Namespace namespace) {
        return files.in(namespace).usage();
    }

    int fileCount(Namespace namespace) {
        return files.in(namespace).list().size();
    }

    @Override
    public void close() {
        database.close();
    }
}
