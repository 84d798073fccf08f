package dev.syncr.server.jdbc;

import dev.syncr.core.MetadataStore;
import dev.syncr.core.MetadataStoreContract;
import dev.syncr.server.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

@Tag("slow") // the contract again, on PostgreSQL (memory and SQLite run it in `mvn test`): run by `mvn verify`
class PostgresMetadataStoreTest extends MetadataStoreContract {

    private PostgresTestDatabase database;

    @Override
    protected MetadataStore createStore() {
        database = PostgresTestDatabase.create();
        return TestDatabases.postgres(database);
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (database != null) {
            store.close();
            database.close();
        }
    }
}
