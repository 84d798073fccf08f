package dev.syncr.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.CommitRequest;
import dev.syncr.core.FileId;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.MetadataStoreContract;
import dev.syncr.core.Namespace;
import dev.syncr.core.chunk.ChunkRef;
import dev.syncr.core.chunk.Manifest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMetadataStoreTest extends MetadataStoreContract {

    @TempDir
    Path dir;

    @Override
    protected MetadataStore createStore() {
        return TestDatabases.sqlite(dir.resolve("syncr.db"));
    }

    /** A database written by the release before namespaces: its files are the open local namespace's, all of them. */
    @Test
    void an_upgrade_from_schema_1_keeps_every_file_in_the_local_namespace() throws Exception {
        store.close();
        Path old = dir.resolve("release-1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement()) {
            for (String sql : Migrations.statementsOf(1)) {
                s.execute(sql);
            }
            s.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
            s.execute("INSERT INTO schema_migrations VALUES (1, 0)");
            String hash = content("v1").hash();
            s.execute("INSERT INTO files VALUES ('docs/a.txt', 1, '" + hash + "', 2, 'k', 0, 'A')");
            s.execute("INSERT INTO file_versions VALUES ('docs/a.txt', 1, '" + hash + "', 2, 'k', 0, 'A', 1)");
            s.execute("UPDATE feed_counter SET seq = 1");
        }
        store = TestDatabases.sqlite(old);
        FileId doc = FileId.of("docs/a.txt");
        assertThat(store.head(doc).orElseThrow().hash()).isEqualTo(content("v1").hash());
        assertThat(store.history(doc)).hasSize(1);
        assertThat(store.changes(0, 10).changes()).hasSize(1);
        assertThat(store.in(new Namespace("someone")).list()).isEmpty();
        long key = store.head(doc).orElseThrow().key();
        assertThat(key).as("an old file gets a key when upgraded").isPositive();
        assertThat(store.commit(new CommitRequest(doc, 1, content("v2"), "B", Instant.now())))
                .isInstanceOf(dev.syncr.core.CommitResult.Committed.class);
        assertThat(store.head(doc).orElseThrow().key()).isEqualTo(key);
        store.commit(new CommitRequest(FileId.of("new.txt"), 0, content("n"), "B", Instant.now()));
        assertThat(store.head(FileId.of("new.txt")).orElseThrow().key()).as("new keys start past old ones")
                .isGreaterThan(key);
    }

    /** A manifest saved before CRCs were kept has none (downloads check its SHA-256) until saved again with one. */
    @Test
    void an_upgrade_from_schema_7_keeps_manifests_and_adds_a_crc_when_the_content_is_saved_again() throws Exception {
        store.close();
        Path old = dir.resolve("release-7.db");
        String a = content("a").hash();
        String b = content("b").hash();
        String whole = content("ab").hash();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
            for (int version = 1; version <= 7; version++) {
                for (String sql : Migrations.statementsOf(version)) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_migrations VALUES (" + version + ", 0)");
            }
            s.execute("INSERT INTO manifests VALUES ('" + whole + "', 2, 2)");
            s.execute("INSERT INTO manifest_chunks VALUES ('" + whole + "', 0, '" + a + "', 1)");
            s.execute("INSERT INTO manifest_chunks VALUES ('" + whole + "', 1, '" + b + "', 1)");
        }
        store = TestDatabases.sqlite(old);
        Manifest saved = new Manifest(List.of(new ChunkRef(a, 1), new ChunkRef(b, 1)), whole, 2);
        assertThat(store.manifest(whole)).contains(saved);
        store.saveManifest(saved.withCrc32c(42));
        assertThat(store.manifest(whole)).contains(saved.withCrc32c(42));
    }

    /** A chunk hold's commit skips the flush (the version's commit flushes it); the connection is FULL again after. */
    @Test
    void a_commit_flushed_by_the_next_leaves_its_connection_flushing_every_commit_again() throws Exception {
        try (Database database = Database.open(DatabaseSettings.of("jdbc:sqlite:" + dir.resolve("flush.db"), null,
                null).withPoolSize(1))) {
            int during = database.transactionFlushedByNextCommit("hold", c -> synchronous(c));
            assertThat(during).as("NORMAL during the relaxed commit").isEqualTo(1);
            assertThat(database.call("read", SqliteMetadataStoreTest::synchronous)).as("FULL after it").isEqualTo(2);
            assertThat(database.transaction("plain", SqliteMetadataStoreTest::synchronous)).isEqualTo(2);
        }
    }

    private static int synchronous(Connection c) throws java.sql.SQLException {
        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
            rs.next();
            return rs.getInt(1);
        }
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

    @Test
    void the_store_id_is_kept_across_restarts_and_a_new_database_gets_another() throws Exception {
        String id = store.storeId();
        store.close();
        store = createStore();
        assertThat(store.storeId()).as("reopened").isEqualTo(id);
        try (MetadataStore fresh = TestDatabases.sqlite(dir.resolve("another.db"))) {
            assertThat(fresh.storeId()).isNotEqualTo(id).isNotBlank();
        }
    }
}
