package dev.syncr.server.accounts;

import dev.syncr.server.jdbc.Database;
import dev.syncr.server.jdbc.DatabaseSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteAccountsTest extends AccountsContract {

    @TempDir
    Path dir;

    @Override
    protected Database createDatabase() {
        return Database.open(DatabaseSettings.of("jdbc:sqlite:" + dir.resolve("syncr.db"), null, null));
    }
}
