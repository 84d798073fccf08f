package dev.syncr.server;

import dev.syncr.core.BlobStore;
import dev.syncr.core.MetadataStore;
import dev.syncr.server.jdbc.Database;
import dev.syncr.server.jdbc.DatabaseSettings;
import dev.syncr.server.jdbc.JdbcMetadataStore;
import java.io.IOException;

/** The server's two stores, for the content commands ({@code gc}, {@code fsck}) run beside a server. */
record ContentSession(Database database, MetadataStore metadata, BlobStore blobs) implements AutoCloseable {

    static ContentSession open(ServerConfig config) throws IOException, InterruptedException {
        DatabaseSettings settings = config.database();
        AdminSession.createSqliteFolder(settings);
        StartupWait wait = new StartupWait(config.startupTimeout(), m -> System.err.println("syncr-server: " + m));
        wait.until("metadata database " + settings.redactedUrl(), () -> {
            Database.migrate(settings);
            return null;
        });
        Database database = Database.connect(settings.withPoolSize(2));
        try {
            BlobStore blobs = wait.until("content store " + config.effectiveBlob(), () -> BlobStores.open(config));
            return new ContentSession(database, JdbcMetadataStore.over(database), blobs);
        } catch (InterruptedException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            blobs.close();
        } finally {
            database.close();
        }
    }
}
