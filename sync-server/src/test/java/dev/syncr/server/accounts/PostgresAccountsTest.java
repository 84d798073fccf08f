package dev.syncr.server.accounts;

import dev.syncr.server.PostgresTestDatabase;
import dev.syncr.server.jdbc.Database;
import dev.syncr.server.jdbc.DatabaseSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

@Tag("slow") // the contract again, on PostgreSQL (memory and SQLite run it in `mvn test`): run by `mvn verify`
class PostgresAccountsTest extends AccountsContract {

    private PostgresTestDatabase schema;

    @Override
    protected Database createDatabase() {
        schema = PostgresTestDatabase.create();
        return Database.open(DatabaseSettings.of(schema.url(), PostgresTestDatabase.USER,
                PostgresTestDatabase.PASSWORD));
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema != null) {
            database.close();
            schema.close();
        }
    }
}
