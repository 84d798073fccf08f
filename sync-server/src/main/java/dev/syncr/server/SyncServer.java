package dev.syncr.server;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.syncr.core.ContentHash;
import dev.syncr.core.Namespace;
import dev.syncr.core.SyncService;
import dev.syncr.core.gc.GarbageCollector;
import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.accounts.LoginFlows;
import dev.syncr.server.accounts.UserName;
import dev.syncr.server.api.LongPollLimit;
import dev.syncr.server.bootstrap.Secrets;
import dev.syncr.server.bootstrap.ServerConfig;
import dev.syncr.server.bootstrap.StartupWait;
import dev.syncr.server.bootstrap.Stores;
import dev.syncr.server.cli.ServerCli;
import dev.syncr.server.auth.Authenticator;
import dev.syncr.server.http.Endpoint;
import dev.syncr.server.dav.DavHandler;
import dev.syncr.server.jdbc.JdbcDeadProps;
import dev.syncr.server.jdbc.JdbcFolders;
import dev.syncr.server.jdbc.JdbcLinks;
import dev.syncr.server.jdbc.JdbcLocks;
import dev.syncr.server.jdbc.JdbcUploads;
import dev.syncr.server.jdbc.JdbcShares;
import dev.syncr.server.shares.Links;
import dev.syncr.server.shares.Shares;
import dev.syncr.server.http.ReadDeadlines;
import dev.syncr.server.ops.HealthHandler;
import dev.syncr.server.ops.MetricsToken;
import dev.syncr.server.ops.Readiness;
import dev.syncr.server.http.Router;
import dev.syncr.server.merge.JGitMerge;
import dev.syncr.server.metrics.ServerMetrics;
import dev.syncr.server.metrics.TimedBlobStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

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
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_HEADERS = 100;

    private final HttpServer http;
    private final ExecutorService executor;
    private final Stores stores;
    private final ReadDeadlines deadlines;
    private final boolean tls;

    private final ScheduledExecutorService collector;

    private final Router router;
    private final Endpoints endpoints;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private SyncServer(HttpServer http, Router router, Endpoints endpoints, ExecutorService executor, Stores stores,
                       ReadDeadlines deadlines, boolean tls, ScheduledExecutorService collector) {
        this.http = http;
        this.router = router;
        this.endpoints = endpoints;
        this.executor = executor;
        this.stores = stores;
        this.deadlines = deadlines;
        this.tls = tls;
        this.collector = collector;
    }

    /** Garbage collection every --gc-interval, if one is set; each run logs one line. */
    private static ScheduledExecutorService scheduleGc(ServerConfig config, Stores stores) {
        if (config.gcInterval().isZero()) {
            return null;
        }
        ScheduledExecutorService collector = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon().name("syncr-gc").factory());
        GarbageCollector gc = new GarbageCollector(stores.metadata(), stores.blobs(), Clock.systemUTC(),
                config.gcGrace());
        long every = config.gcInterval().toMillis();
        collector.scheduleWithFixedDelay(() -> {
            try {
                Optional<Instant> cutoff = config.historyCutoff(Instant.now());
                if (cutoff.isPresent()) {
                    LOG.info("history retention: pruned " + stores.metadata().pruneHistory(cutoff.get())
                            + " version(s) event=history_pruned");
                }
                LOG.info("garbage collection: " + gc.collect(false) + " event=gc");
            } catch (Exception e) {
                LOG.warning("garbage collection failed: " + e + " event=gc_failed");
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return collector;
    }

    public static void main(String[] args) {
        configureLogging();
        ServerConfig config = switch (ServerCli.run(args)) {
            case ServerCli.Outcome.Exit exit -> {
                System.exit(exit.code());
                yield null;
            }
            case ServerCli.Outcome.Serve serve -> serve.config();
        };
        SyncServer server;
        try {
            server = start(config);
        } catch (IllegalArgumentException e) {
            System.err.println("syncr-server: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("syncr-server: cannot start: " + StartupWait.reasonOf(e));
            System.exit(1);
            return;
        } catch (InterruptedException e) {
            System.err.println("syncr-server: start-up interrupted");
            System.exit(1);
            return;
        }
        // SIGTERM (docker stop, systemd, kill): stop gracefully and exit 0, the way orchestrators expect; any other
        // way out (Ctrl-C, System.exit) still closes the stores through the hook
        Duration grace = config.shutdownGrace();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> server.shutdown(grace));
        } catch (IllegalArgumentException unsupported) {
            LOG.warning("cannot handle SIGTERM here; it will stop the server without waiting for requests");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdown(grace), "syncr-shutdown"));
        // serving: this thread keeps the JVM up until a shutdown has finished closing the stores, then exits 0
        try {
            server.awaitShutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(0);
    }

    /**
     * Parses flags as {@code main} does and starts a server; for tests and embedding. Waits for the stores for up to
     * {@code --startup-timeout}.
     */
    public static SyncServer start(String... args) throws IOException, InterruptedException {
        return start(ServerCli.parse(args));
    }

    public static SyncServer start(ServerConfig config) throws IOException, InterruptedException {
        if (config.jsonLogs()) {
            JsonLogFormat.install();
        }
        // The JDK server writes headers and body as separate segments; with Nagle's algorithm on, the body then
        // waits for the client's delayed ACK (milliseconds per request). Small responses must go out at once.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // Our requests carry a few short headers; a stranger's 380 KB of them (the JDK's default) only costs memory.
        // Read once, when the JDK's server first loads, hence set before the first server is made.
        if (System.getProperty("sun.net.httpserver.maxReqHeaderSize") == null) {
            System.setProperty("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_HEADER_BYTES));
        }
        if (System.getProperty("sun.net.httpserver.maxReqHeaders") == null) {
            System.setProperty("sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_HEADERS));
        }
        SSLContext tls = config.tlsCert() == null ? null : TlsContext.fromPem(config.tlsCert(), config.tlsKey());
        Stores stores = Stores.forServer(config);
        ReadDeadlines deadlines = new ReadDeadlines(config.readTimeout());
        try {
            Accounts accounts = stores.accounts();
            boolean openModeAllowed = guardOpenMode(config, accounts);
            ServerMetrics metrics = new ServerMetrics();
            stores.database().timeCalls((what, nanos) -> metrics.storeCall(stores.database().backend(), what, nanos));
            metrics.gauge("syncr_db_connections_in_use", "Metadata database connections in use now",
                    stores.database()::connectionsInUse);
            metrics.gauge("syncr_db_calls_waiting", "Calls waiting for a metadata database connection now",
                    stores.database()::callsWaiting);
            SyncService service = new SyncService(stores.metadata(),
                    new TimedBlobStore(stores.blobs(), config.blob().backend(), metrics), Clock.systemUTC(),
                    new JGitMerge());
            Readiness readiness = new Readiness(Map.of(
                    "metadata database", () -> stores.database().ping(),
                    // any well-formed key will do: the question is whether the store answers, not the answer
                    "content store", () -> stores.blobs().exists(ContentHash.storageKey("0".repeat(64)))));
            InetSocketAddress address = new InetSocketAddress(config.bind(), config.port());
            HttpServer http;
            if (tls != null) {
                HttpsServer https = HttpsServer.create(address, 128);
                https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                    @Override
                    public void configure(HttpsParameters params) {
                        SSLParameters parameters = tls.getDefaultSSLParameters();
                        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                        params.setSSLParameters(parameters);
                    }
                });
                http = https;
            } else {
                http = HttpServer.create(address, 128);
            }
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            http.setExecutor(deadlines.watching(executor));
            LongPollLimit longPolls = new LongPollLimit();
            metrics.gauge("syncr_long_polls_waiting", "Long-polls open now, waiting for a change", longPolls::total);
            metrics.gauge("syncr_chunk_uploads_in_progress", "Chunk uploads holding one of the server's chunk "
                    + "buffers now", service::chunkUploadsInProgress);
            Optional<MetricsToken> metricsToken = config.metricsTokenFile().isPresent()
                    ? Optional.of(MetricsToken.fromFile(config.metricsTokenFile().get())) : Optional.empty();
            Authenticator authenticator = new Authenticator(accounts, openModeAllowed);
            JdbcShares shareStore = new JdbcShares(stores.database());
            Shares shares = new Shares(shareStore, accounts, service, Clock.systemUTC());
            Links links = new Links(new JdbcLinks(stores.database()), shareStore, accounts, service, Clock.systemUTC());
            Endpoints endpoints = new Endpoints(accounts, authenticator,
                    new HealthHandler(readiness, metrics, metricsToken), longPolls, shares, links,
                    signal -> new DavHandler(new JdbcFolders(stores.database()),
                            new JdbcDeadProps(stores.database()), new JdbcLocks(stores.database()),
                            new JdbcUploads(stores.database()), signal, Clock.systemUTC()),
                    new LoginFlows(stores.database(), accounts, Clock.systemUTC()));
            JdbcLocks locks = new JdbcLocks(stores.database());
            Router router = new Router(endpoints.table(), authenticator,
                    (caller, call) -> shares.treeOf(caller, LockGuard.of(locks, call, Clock.systemUTC())),
                    config.maxUploadBytes(), deadlines, metrics);
            router.bodyPace(config.bodyPace());
            http.createContext("/", router);
            http.start();
            ScheduledExecutorService collector = scheduleGc(config, stores);
            SyncServer server = new SyncServer(http, router, endpoints, executor, stores, deadlines, tls != null,
                    collector);
            LOG.info("Syncr listening on " + server.uri() + " event=started " + stores.describe() + " docs="
                    + server.uri() + "docs");
            return server;
        } catch (IOException | RuntimeException e) {
            deadlines.close();
            stores.close();
            throw e;
        }
    }

    /**
     * Whether requests without credentials may be served (the open local mode), refusing to start where that would
     * expose every file: with no users, only a loopback address is safe, unless the operator insists.
     */
    private static boolean guardOpenMode(ServerConfig config, Accounts accounts) throws IOException {
        if (config.adminUser() != null && !accounts.anyUsers()) {
            // a container's first user, from its environment: the files of any earlier open mode become theirs
            UserName name = UserName.parse(config.adminUser());
            accounts.addUser(name, Secrets.firstLine(config.adminPasswordFile(), "--admin-password-file"),
                    Optional.of(Namespace.LOCAL));
            LOG.info("added the first user " + name + " from --admin-user event=admin_user_added");
        }
        boolean loopback = InetAddress.getByName(config.bind()).isLoopbackAddress();
        if (accounts.anyUsers()) {
            LOG.info("accounts: every request needs a device token event=auth_required");
        } else if (loopback) {
            LOG.info("open local mode: no users yet, so programs on this machine use the API without credentials; "
                    + "add a user (user add NAME) to require them event=open_local_mode");
        } else if (config.insecureNoAuth()) {
            LOG.warning("INSECURE: serving without accounts on " + config.bind() + " (--insecure-no-auth): anyone "
                    + "who can reach this port can read, change and delete every file event=insecure_no_auth");
        } else {
            throw new IllegalArgumentException("refusing to serve on " + config.bind() + " without accounts: anyone "
                    + "who can reach it could read and delete every file. Add a user first: java -jar "
                    + "syncr-server.jar user add NAME (with the same --data-dir/--db-url), or pass --admin-user and "
                    + "--admin-password-file; --insecure-no-auth serves without accounts anyway");
        }
        return loopback || config.insecureNoAuth();
    }

    /** The route table: every endpoint this server answers. */
    public java.util.List<Endpoint> endpoints() {
        return endpoints.table();
    }

    /** Where the server listens, e.g. {@code http://127.0.0.1:8000/}. */
    public java.net.URI uri() {
        InetSocketAddress address = http.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return java.net.URI.create((tls ? "https://" : "http://") + host + ":" + address.getPort() + "/");
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Stops at once (for tests and embedding): requests in flight get a second. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(1));
    }

    /**
     * Stops gracefully: no new connection or request is accepted, open long-polls answer at once, requests in
     * flight get up to {@code grace} to finish (an upload that completes in time is committed and acknowledged;
     * one that does not is cut off before its commit, leaving nothing behind but unreferenced chunks), then the
     * stores close. Safe to call more than once.
     */
    public void shutdown(Duration grace) {
        if (!stopping.compareAndSet(false, true)) {
            awaitShutdownQuietly(); // a second caller (the hook after the signal) returns once the first is done
            return;
        }
        LOG.info("Syncr stopping: finishing requests in flight for up to " + grace.toSeconds() + " s "
                + "event=stopping");
        router.drain();
        endpoints.changes().drain();
        // stops accepting, then waits for the exchanges in flight (whole seconds; 0 would not wait at all)
        http.stop((int) Math.max(1, grace.toSeconds()));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (collector != null) {
            collector.shutdownNow();
        }
        deadlines.close();
        stores.close();
        LOG.info("Syncr stopped event=stopped");
        stopped.countDown();
    }

    /** Returns once a shutdown has finished. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    private void awaitShutdownQuietly() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void configureLogging() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT.%1$tL %4$s %3$s %5$s%6$s%n");
        }
    }
}
