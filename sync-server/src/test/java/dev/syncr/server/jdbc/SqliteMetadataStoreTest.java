package dev.syncr.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.CommitRequest;
import dev.syncr.core.FileId;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.MetadataStoreContract;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMetadataStoreTest extends MetadataStoreContract {

    @TempDir
    Path dir;

    @Override
    protected MetadataStore createStore() {
        return TestDatabases.sqlite(dir.resolve("syncr.db"));
    }

    @Test
    void data_and_history_survive_reopening_the_database() {
        store.commit(new CommitRequest(FileId.of("doc.txt"), 0, content("v1"), "A", Instant.now()));
        store.commit(new CommitRequest(FileId.of("doc.txt"), 1, content("v2"), "A", Instant.now()));
        store.close();

        store = createStore();
        assertThat(store.head(FileId.of("doc.txt")).orElseThrow().version()).isEqualTo(2);
        assertThat(store.history(FileId.of("doc.txt"))).hasSize(2);
        assertThat(store.latestCursor()).isEqualTo(2);
    }
}
