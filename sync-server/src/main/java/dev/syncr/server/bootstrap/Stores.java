package dev.syncr.server.bootstrap;

import dev.syncr.core.BlobStore;
import dev.syncr.core.MetadataStore;
import dev.syncr.server.accounts.AccountStore;
import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.jdbc.Database;
import dev.syncr.server.jdbc.DatabaseSettings;
import dev.syncr.server.jdbc.JdbcMetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The one place the stores are opened, for the server and the admin commands alike: the metadata database
 * (migrated), the accounts over it, and the content store. Each store is waited for (see {@link StartupWait}): one
 * that comes up after the server is not fatal.
 */
public final class Stores implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("sync_server");

    private final Database database;
    private final MetadataStore metadata;
    private final Accounts accounts;
    /** Empty for an admin command that never touches content (users, tokens). */
    private final Optional<BlobStore> blobs;
    private final ServerConfig config;

    private Stores(Database database, Accounts accounts, Optional<BlobStore> blobs, ServerConfig config) {
        this.database = database;
        this.metadata = JdbcMetadataStore.over(database);
        this.accounts = accounts;
        this.blobs = blobs;
        this.config = config;
    }

    /** Everything a server needs, with the configured connection pool, waiting as long as --startup-timeout. */
    public static Stores forServer(ServerConfig config) throws IOException, InterruptedException {
        return open(config, new StartupWait(config.startupTimeout(), LOG::warning), 0, true);
    }

    /**
     * What an admin command needs, beside a running server (SQLite waits for the server's writes; PostgreSQL does not
     * care): a connection or two, and the content store only if {@code withContent}. Waiting is reported on stderr.
     */
    public static Stores forAdmin(ServerConfig config, boolean withContent) throws IOException, InterruptedException {
        StartupWait wait = new StartupWait(config.startupTimeout(),
                message -> System.err.println("syncr-server: " + message));
        return open(config, wait, withContent ? 2 : 1, withContent);
    }

    private static Stores open(ServerConfig config, StartupWait wait, int poolSize, boolean withContent)
            throws IOException, InterruptedException {
        Database database = database(config.database(), wait, poolSize);
        try {
            Accounts accounts = new Accounts(new AccountStore(database), config.passwords(), config.loginLockout(),
                    Clock.systemUTC(), config.tokenPolicy());
            accounts.defaultQuota(config.defaultQuota());
            Optional<BlobStore> blobs = withContent
                    ? Optional.of(wait.until("content store " + config.blob(), config.blob()::open))
                    : Optional.empty();
            return new Stores(database, accounts, blobs, config);
        } catch (InterruptedException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The metadata database, migrated; an embedded database's folder is made on first use. */
    private static Database database(DatabaseSettings settings, StartupWait wait, int poolSize)
            throws IOException, InterruptedException {
        if (settings.url().startsWith("jdbc:sqlite:")) {
            Path file = Path.of(settings.url().substring("jdbc:sqlite:".length()).replaceAll("\\?.*", ""));
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        }
        wait.until("metadata database " + described(settings), () -> {
            Database.migrate(settings);
            return null;
        });
        return Database.connect(poolSize > 0 ? settings.withPoolSize(poolSize) : settings);
    }

    private static String described(DatabaseSettings settings) {
        return settings.redactedUrl().replaceAll("\\?.*", "");
    }

    public Database database() {
        return database;
    }

    public MetadataStore metadata() {
        return metadata;
    }

    public Accounts accounts() {
        return accounts;
    }

    /** The content store; only opened {@link #forServer} or for an admin command that asked for it. */
    public BlobStore blobs() {
        return blobs.orElseThrow(() -> new IllegalStateException("the content store was not opened"));
    }

    /** For the start-up line: the database without its password, and the content store without its keys. */
    public String describe() {
        return "metadata=" + described(config.database()) + " blobs=" + config.blob();
    }

    @Override
    public void close() {
        database.close();
        if (blobs.isPresent()) {
            try {
                blobs.get().close();
            } catch (IOException e) {
                LOG.warning("closing blob store failed: " + e.getMessage());
            }
        }
    }
}
