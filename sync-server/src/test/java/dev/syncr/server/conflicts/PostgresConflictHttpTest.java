package dev.syncr.server.conflicts;

import dev.syncr.server.PostgresTestDatabase;
import dev.syncr.server.TestAccounts;
import dev.syncr.server.jdbc.DatabaseSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class PostgresConflictHttpTest extends ConflictHttpContract {

    private PostgresTestDatabase schema;

    @Override
    protected List<String> databaseFlags(Path dir) {
        return List.of("--db-url", schema().url(), "--db-user", PostgresTestDatabase.USER, "--db-password",
                PostgresTestDatabase.PASSWORD);
    }

    @Override
    protected TestAccounts accountsOf(Path dir) {
        return TestAccounts.in(DatabaseSettings.of(schema().url(), PostgresTestDatabase.USER,
                PostgresTestDatabase.PASSWORD));
    }

    private PostgresTestDatabase schema() {
        if (schema == null) {
            schema = PostgresTestDatabase.create();
        }
        return schema;
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema != null) {
            schema.close();
        }
    }
}
