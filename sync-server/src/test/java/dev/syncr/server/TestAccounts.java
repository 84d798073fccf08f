package dev.syncr.server;

import dev.syncr.core.Namespace;
import dev.syncr.server.accounts.AccountStore;
import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.accounts.Passwords;
import dev.syncr.server.accounts.UserName;
import dev.syncr.server.jdbc.Database;
import dev.syncr.server.jdbc.DatabaseSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Users and tokens for tests, made through the same {@link Accounts} service the admin commands use, on the
 * database a test server runs on (so a running server sees them on its next request).
 */
public final class TestAccounts implements AutoCloseable {

    /** Cheap hashes: tests check behaviour, not the cost of Argon2id (the server's default is OWASP's). */
    public static final Passwords CHEAP = new Passwords(1024, 1);
    public static final String PASSWORD = "correct horse battery staple";

    private final Database database;
    private final Accounts accounts;

    private TestAccounts(DatabaseSettings settings) {
        Database.migrate(settings);
        this.database = Database.connect(settings.withPoolSize(1));
        this.accounts = new Accounts(new AccountStore(database), CHEAP, Duration.ofMinutes(15), Clock.systemUTC());
    }

    /** The accounts of a server started with {@code --data-dir dir} and no --db-url. */
    public static TestAccounts inDataDir(Path dataDir) {
        try {
            java.nio.file.Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new TestAccounts(DatabaseSettings.of("jdbc:sqlite:" + dataDir.resolve("syncr.db"), null, null));
    }

    public static TestAccounts in(DatabaseSettings settings) {
        return new TestAccounts(settings);
    }

    public Accounts accounts() {
        return accounts;
    }

    /** Adds a user with {@link #PASSWORD} and returns a new token of theirs. */
    public String userWithToken(String name) {
        accounts.addUser(UserName.parse(name), PASSWORD, Optional.empty());
        return token(name);
    }

    public String token(String name) {
        return accounts.createToken(UserName.parse(name), "test").token();
    }

    public Namespace home(String name) {
        return accounts.users().stream().filter(u -> u.name().value().equals(name)).findFirst().orElseThrow().home();
    }

    @Override
    public void close() {
        database.close();
    }
}
