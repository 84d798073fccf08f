package dev.syncr.server;

import com.sun.net.httpserver.HttpServer;
import dev.syncr.core.BlobStore;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.SyncService;
import dev.syncr.server.http.Router;
import dev.syncr.server.jdbc.DatabaseSettings;
import dev.syncr.server.jdbc.JdbcMetadataStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * The sync server: configuration → stores → {@link SyncService} → the JDK's {@link HttpServer} on virtual threads.
 *
 * <pre>{@code
 * try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.toString())) {
 *     URI base = server.uri();
 * }
 * }</pre>
 */
public final class SyncServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("sync_server");

    private final HttpServer http;
    private final ExecutorService executor;
    private final Stores stores;

    private SyncServer(HttpServer http, ExecutorService executor, Stores stores) {
        this.http = http;
        this.executor = executor;
        this.stores = stores;
    }

    public static void main(String[] args) {
        configureLogging();
        CommandLine cli = new CommandLine(new ServerConfig());
        cli.setParameterExceptionHandler((e, argv) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("syncr-server: " + e.getMessage() + " (see --help)");
            return 2;
        });
        cli.setExecutionStrategy(parsed -> {
            if (CommandLine.executeHelpRequest(parsed) != null) {
                return 0;
            }
            ServerConfig config = parsed.commandSpec().commandLine().getCommand();
            SyncServer server;
            try {
                server = start(config);
            } catch (IllegalArgumentException e) {
                cli.getErr().println("syncr-server: " + e.getMessage());
                return 2;
            } catch (IOException | RuntimeException e) {
                cli.getErr().println("syncr-server: cannot start: " + StartupWait.reasonOf(e));
                return 1;
            } catch (InterruptedException e) {
                cli.getErr().println("syncr-server: start-up interrupted");
                return 1;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "syncr-shutdown"));
            return -1;
        });
        int code = cli.execute(args);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /**
     * Parses flags as {@code main} does and starts a server; for tests and embedding. Waits for the stores for up to
     * {@code --startup-timeout}.
     */
    public static SyncServer start(String... args) throws IOException, InterruptedException {
        ServerConfig config = new ServerConfig();
        new CommandLine(config).parseArgs(args);
        return start(config);
    }

    public static SyncServer start(ServerConfig config) throws IOException, InterruptedException {
        config.validate();
        // The JDK server writes headers and body as separate segments; with Nagle's algorithm on, the body then
        // waits for the client's delayed ACK (milliseconds per request). Small responses must go out at once.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        Stores stores = Stores.open(config);
        try {
            SyncService service = new SyncService(stores.metadata(), stores.blobs());
            HttpServer http = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 128);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            http.setExecutor(executor);
            http.createContext("/", new Router(service, config.maxUploadBytes()));
            http.start();
            SyncServer server = new SyncServer(http, executor, stores);
            LOG.info("Syncr listening on " + server.uri() + " event=started metadata=" + stores.describeMetadata()
                    + " blobs=" + stores.describeBlobs() + " docs=" + server.uri() + "docs");
            return server;
        } catch (IOException | RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    /** Where the server listens, e.g. {@code http://127.0.0.1:8000/}. */
    public java.net.URI uri() {
        InetSocketAddress address = http.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return java.net.URI.create("http://" + host + ":" + address.getPort() + "/");
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(1);
        executor.shutdownNow();
        stores.close();
        LOG.info("Syncr stopped event=stopped");
    }

    private static void configureLogging() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT.%1$tL %4$s %3$s %5$s%6$s%n");
        }
    }

    /** The two stores a server runs on, opened from the configuration. */
    record Stores(MetadataStore metadata, BlobStore blobs, String describeMetadata, String describeBlobs)
            implements AutoCloseable {

        /**
         * Opens both stores, waiting for each to answer for up to {@code --startup-timeout}: a database that comes
         * up after the server is waited for, not fatal.
         */
        static Stores open(ServerConfig config) throws IOException, InterruptedException {
            DatabaseSettings database = config.database();
            if (database.url().startsWith("jdbc:sqlite:")) {
                java.nio.file.Path file = java.nio.file.Path.of(database.url().substring("jdbc:sqlite:".length())
                        .replaceAll("\\?.*", ""));
                if (file.getParent() != null) {
                    java.nio.file.Files.createDirectories(file.getParent());
                }
            }
            String described = database.redactedUrl().replaceAll("\\?.*", "");
            StartupWait wait = new StartupWait(config.startupTimeout(), LOG::warning);
            wait.until("metadata database " + described, () -> {
                JdbcMetadataStore.migrate(database);
                return null;
            });
            JdbcMetadataStore metadata = JdbcMetadataStore.connect(database);
            try {
                BlobStore blobs = wait.until("content store " + config.effectiveBlob(), () -> BlobStores.open(config));
                return new Stores(metadata, blobs, described, config.effectiveBlob());
            } catch (InterruptedException | RuntimeException e) {
                metadata.close();
                throw e;
            }
        }

        @Override
        public void close() {
            metadata.close();
            try {
                blobs.close();
            } catch (IOException e) {
                LOG.warning("closing blob store failed: " + e.getMessage());
            }
        }
    }
}
