package dev.syncr.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncr.core.BlobStore;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.fs.FileSystemBlobStore;
import dev.syncr.server.jdbc.DatabaseSettings;
import dev.syncr.server.jdbc.JdbcMetadataStore;
import dev.syncr.server.s3.S3BlobStore;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The stores a benchmark runs on, each user (the server under test, the in-process baseline, the bare-SQL and
 * raw-I/O baselines) in its own namespace of the same kind of store: a folder, a PostgreSQL schema, an S3 bucket.
 */
final class StoreSetup implements AutoCloseable {

    private static final String S3_KEY = "bench-access";
    private static final String S3_SECRET = "bench-secret";

    final String name;
    private final Path work;
    private final String pgUrl;
    private final String pgUser;
    private final String pgPassword;
    private final S3Proxy s3;
    private final BlobStoreContext s3Context;
    private final List<String> schemas = new ArrayList<>();
    private String serverSchema;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private StoreSetup(String name, Path work, String pgUrl, String pgUser, String pgPassword, S3Proxy s3,
                       BlobStoreContext s3Context) {
        this.name = name;
        this.work = work;
        this.pgUrl = pgUrl;
        this.pgUser = pgUser;
        this.pgPassword = pgPassword;
        this.s3 = s3;
        this.s3Context = s3Context;
    }

    static StoreSetup embedded(Path work) {
        return new StoreSetup("SQLite + filesystem (embedded default)", work, null, null, null, null, null);
    }

    /** PostgreSQL at {@code pgUrl} and an S3Proxy (jclouds filesystem backend under {@code work}) on loopback. */
    static StoreSetup postgresS3(Path work, String pgUrl, String pgUser, String pgPassword) throws Exception {
        Properties properties = new Properties();
        Path s3Dir = work.resolve("s3");
        Files.createDirectories(s3Dir);
        properties.setProperty("jclouds.filesystem.basedir", s3Dir.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem").overrides(properties)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_KEY, S3_SECRET).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        return new StoreSetup("PostgreSQL + S3 (S3Proxy, filesystem backend)", work, pgUrl, pgUser, pgPassword,
                proxy, context);
    }

    boolean isEmbedded() {
        return pgUrl == null;
    }

    private String s3Endpoint() {
        return "http://127.0.0.1:" + s3.getPort();
    }

    /** A fresh schema in the benchmark database, dropped at the end. */
    private String schema(String purpose) throws Exception {
        String schema = "bench_" + purpose + "_" + run;
        try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        schemas.add(schema);
        return pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The database the benchmarked server keeps its metadata (and accounts) in. */
    DatabaseSettings serverDatabase() throws Exception {
        if (isEmbedded()) {
            return DatabaseSettings.of("jdbc:sqlite:" + work.resolve("server/syncr.db"), null, null);
        }
        if (serverSchema == null) {
            serverSchema = schema("server");
        }
        return DatabaseSettings.of(serverSchema, pgUser, pgPassword);
    }

    List<String> serverFlags() throws Exception {
        if (isEmbedded()) {
            return List.of("--data-dir", work.resolve("server").toString());
        }
        return List.of("--db-url", serverDatabase().url(), "--db-user", pgUser, "--db-password", pgPassword,
                "--blob", "s3://bench-server-" + run, "--s3-endpoint", s3Endpoint(), "--s3-access-key", S3_KEY,
                "--s3-secret-key", S3_SECRET);
    }

    MetadataStore openMetadata() throws Exception {
        if (isEmbedded()) {
            Files.createDirectories(work.resolve("baseline"));
            return JdbcMetadataStore.open("jdbc:sqlite:" + work.resolve("baseline/syncr.db"), null, null);
        }
        return JdbcMetadataStore.open(schema("baseline"), pgUser, pgPassword);
    }

    BlobStore openBlobs(String purpose) throws IOException {
        if (isEmbedded()) {
            return new FileSystemBlobStore(work.resolve(purpose + "-blobs"));
        }
        return S3BlobStore.connect(s3Endpoint(), S3_KEY, S3_SECRET, "us-east-1", "bench-" + purpose + "-" + run);
    }

    /** A pool for the bare-SQL baseline, configured like the store's own (WAL/FULL for SQLite). */
    HikariDataSource bareDatabase(int poolSize) throws Exception {
        HikariConfig config = new HikariConfig();
        if (isEmbedded()) {
            Files.createDirectories(work.resolve("bare"));
            config.setJdbcUrl("jdbc:sqlite:" + work.resolve("bare/bare.db"));
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", "30000");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.setMaximumPoolSize(4);
        } else {
            config.setJdbcUrl(schema("bare"));
            config.setUsername(pgUser);
            config.setPassword(pgPassword);
            config.setMaximumPoolSize(poolSize);
        }
        HikariDataSource ds = new HikariDataSource(config);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bare_files (id TEXT PRIMARY KEY, version BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS bare_versions (id TEXT NOT NULL, version BIGINT NOT NULL, "
                    + "hash TEXT, PRIMARY KEY (id, version))");
        }
        return ds;
    }

    /** The same bytes to and from the store's medium with no Syncr code: a file with fsync, or a raw S3 object. */
    double[] rawLargeMegabytesPerSecond(long size, java.util.function.LongFunction<InputStream> content)
            throws Exception {
        double mb = size / (1024.0 * 1024.0);
        if (isEmbedded()) {
            Path file = work.resolve("raw-large.bin");
            long t0 = System.nanoTime();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING); InputStream in = content.apply(size)) {
                in.transferTo(Channels.newOutputStream(channel));
                channel.force(true);
            }
            double up = mb / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            double down = mb / ((System.nanoTime() - t0) / 1e9);
            Files.delete(file);
            return new double[] {up, down};
        }
        MinioClient client = MinioClient.builder().endpoint(s3Endpoint()).credentials(S3_KEY, S3_SECRET)
                .region("us-east-1").build();
        String bucket = "bench-raw-" + run;
        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        long t0 = System.nanoTime();
        try (InputStream in = content.apply(size)) {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object("large").stream(in, -1, 16L << 20).build());
        }
        double up = mb / ((System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object("large").build())) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        double down = mb / ((System.nanoTime() - t0) / 1e9);
        return new double[] {up, down};
    }

    @Override
    public void close() throws Exception {
        for (String schema : schemas) {
            try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword);
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        if (s3 != null) {
            s3.stop();
            s3Context.close();
        }
    }
}
