package dev.syncr.server.cli;

import dev.syncr.server.accounts.Passwords;
import dev.syncr.server.accounts.TokenPolicy;
import dev.syncr.server.bootstrap.BlobLocation;
import dev.syncr.server.bootstrap.Secrets;
import dev.syncr.server.bootstrap.ServerConfig;
import dev.syncr.server.http.BodyPace;
import dev.syncr.server.jdbc.DatabaseSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The server's command line: flags, each with an environment variable that applies when the flag is absent, then the
 * embedded default (SQLite + a local folder under {@code ./syncr-data}, port 8000 on 127.0.0.1); and the admin
 * commands under it. Parsed once into a {@link ServerConfig}, which is all the rest of the server reads.
 */
@Command(name = "syncr-server", mixinStandardHelpOptions = true, versionProvider = ServerCommand.Version.class,
        description = "Runs the Syncr sync server. With no options it keeps its data in ./syncr-data "
                + "(SQLite + files) and listens on http://127.0.0.1:8000.",
        sortOptions = false, subcommands = {UserCommand.class, TokenCommand.class, GcCommand.class, FsckCommand.class})
public final class ServerCommand {

    /** The build's version, from the jar's manifest (as {@code GET /version} answers it). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"syncr-server " + java.util.Objects.requireNonNullElse(
                    ServerCommand.class.getPackage().getImplementationVersion(), "development")};
        }
    }

    @Option(names = "--port", defaultValue = "${env:SYNCR_PORT:-8000}", paramLabel = "PORT",
            description = "TCP port (0 picks a free one). Env SYNCR_PORT. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "${env:SYNCR_BIND:-127.0.0.1}", paramLabel = "ADDRESS",
            description = "Address to listen on (0.0.0.0 for every interface). Env SYNCR_BIND. "
                    + "Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCR_DATA_DIR:-syncr-data}", paramLabel = "DIR",
            description = "Folder of the embedded default store. Env SYNCR_DATA_DIR. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--db-url", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCR_DB_URL}", paramLabel = "JDBC_URL",
            description = "Metadata database: jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB. Env SYNCR_DB_URL. "
                    + "Default: jdbc:sqlite:DATA_DIR/syncr.db.")
    String dbUrl;

    @Option(names = "--db-user", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCR_DB_USER}", paramLabel = "USER",
            description = "Database user. Env SYNCR_DB_USER.")
    String dbUser;

    @Option(names = "--db-password", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCR_DB_PASSWORD}", paramLabel = "PASSWORD",
            description = "Database password. Env SYNCR_DB_PASSWORD.")
    String dbPassword;

    @Option(names = "--db-password-file", scope = ScopeType.INHERIT,
            defaultValue = "${env:SYNCR_DB_PASSWORD_FILE}", paramLabel = "FILE",
            description = "Read the database password from this file (its first line), so it is not in the process "
                    + "list or the environment. Env SYNCR_DB_PASSWORD_FILE.")
    Path dbPasswordFile;

    @Option(names = "--db-pool-size", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCR_DB_POOL_SIZE:-0}", paramLabel = "N",
            description = "Database connections kept open. Env SYNCR_DB_POOL_SIZE. "
                    + "Default: 4 for SQLite, 16 for PostgreSQL.")
    int dbPoolSize;

    @Option(names = "--db-wait", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCR_DB_WAIT:-10s}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long a request waits for a free database connection before it is answered "
                    + "503 overloaded (with Retry-After). Env SYNCR_DB_WAIT. Default: ${DEFAULT-VALUE}.")
    Duration dbWait;

    @Option(names = "--startup-timeout", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCR_STARTUP_TIMEOUT:-120s}",
            paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long start-up waits for the database and the content store to answer, retrying "
                    + "with backoff, before it gives up. Env SYNCR_STARTUP_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration startupTimeout;

    @Option(names = "--blob", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCR_BLOB}", paramLabel = "URI",
            description = "Content store: file:DIR, or s3://BUCKET (with the --s3-* options). Env SYNCR_BLOB. "
                    + "Default: file:DATA_DIR/blobs.")
    String blob;

    @Option(names = "--s3-endpoint", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCR_S3_ENDPOINT}", paramLabel = "URL",
            description = "S3 API endpoint, e.g. http://minio:9000 (omit for AWS). Env SYNCR_S3_ENDPOINT.")
    String s3Endpoint;

    @Option(names = "--s3-access-key", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCR_S3_ACCESS_KEY}", paramLabel = "KEY",
            description = "S3 access key. Env SYNCR_S3_ACCESS_KEY.")
    String s3AccessKey;

    @Option(names = "--s3-secret-key", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCR_S3_SECRET_KEY}", paramLabel = "SECRET",
            description = "S3 secret key. Env SYNCR_S3_SECRET_KEY.")
    String s3SecretKey;

    @Option(names = "--s3-secret-key-file", scope = ScopeType.INHERIT,
            defaultValue = "${env:SYNCR_S3_SECRET_KEY_FILE}", paramLabel = "FILE",
            description = "Read the S3 secret key from this file (its first line), so it is not in the process list or "
                    + "the environment. Env SYNCR_S3_SECRET_KEY_FILE.")
    Path s3SecretKeyFile;

    @Option(names = "--s3-region", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCR_S3_REGION:-us-east-1}", paramLabel = "REGION",
            description = "S3 region. Env SYNCR_S3_REGION. Default: ${DEFAULT-VALUE}.")
    String s3Region;

    @Option(names = "--max-upload-bytes", defaultValue = "${env:SYNCR_MAX_UPLOAD_BYTES:-17179869184}",
            paramLabel = "BYTES",
            description = "Largest request body accepted (413 beyond). Env SYNCR_MAX_UPLOAD_BYTES. "
                    + "Default: ${DEFAULT-VALUE} (16 GiB).")
    long maxUploadBytes;

    @Option(names = "--min-body-rate", defaultValue = "${env:SYNCR_MIN_BODY_RATE:-1024}", paramLabel = "BYTES",
            description = "A request body that arrives slower than this many bytes a second on average, 30 s after "
                    + "it began, is cut off (408): a client trickling bytes cannot hold the server's upload buffers. "
                    + "0 turns it off. Env SYNCR_MIN_BODY_RATE. Default: ${DEFAULT-VALUE}.")
    long minBodyRate;

    @Option(names = "--tls-cert", defaultValue = "${env:SYNCR_TLS_CERT}", paramLabel = "PEM",
            description = "Serve HTTPS with this certificate chain (PEM; with --tls-key). Env SYNCR_TLS_CERT.")
    Path tlsCert;

    @Option(names = "--tls-key", defaultValue = "${env:SYNCR_TLS_KEY}", paramLabel = "PEM",
            description = "The certificate's private key (PEM, PKCS#8: BEGIN PRIVATE KEY). Env SYNCR_TLS_KEY.")
    Path tlsKey;

    @Option(names = "--insecure-no-auth", defaultValue = "${env:SYNCR_INSECURE_NO_AUTH:-false}",
            description = "Serve without accounts on a non-loopback address: anyone who can reach the port can read, "
                    + "change and delete every file. Only for a trusted, isolated network. Env SYNCR_INSECURE_NO_AUTH.")
    boolean insecureNoAuth;

    @Option(names = "--admin-user", defaultValue = "${env:SYNCR_ADMIN_USER}", paramLabel = "NAME",
            description = "With --admin-password-file: the first user, created at start-up when there are no users "
                    + "yet (for containers). Env SYNCR_ADMIN_USER.")
    String adminUser;

    @Option(names = "--admin-password-file", defaultValue = "${env:SYNCR_ADMIN_PASSWORD_FILE}", paramLabel = "FILE",
            description = "The first user's password (its first line). Env SYNCR_ADMIN_PASSWORD_FILE.")
    Path adminPasswordFile;

    @Option(names = "--metrics-token-file", defaultValue = "${env:SYNCR_METRICS_TOKEN_FILE}", paramLabel = "FILE",
            description = "Make GET /metrics require Authorization: Bearer with the token on this file's first line "
                    + "(default: /metrics is open, like /healthz). Env SYNCR_METRICS_TOKEN_FILE.")
    Path metricsTokenFile;

    @Option(names = "--session-idle-timeout", defaultValue = "${env:SYNCR_SESSION_IDLE_TIMEOUT:-24h}",
            paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A browser's sign-in ends after this long without a request. Env SYNCR_SESSION_IDLE_TIMEOUT. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration sessionIdleTimeout;

    @Option(names = "--session-lifetime", defaultValue = "${env:SYNCR_SESSION_LIFETIME:-15d}",
            paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A browser's sign-in ends this long after it began, however active. Env "
                    + "SYNCR_SESSION_LIFETIME. Default: ${DEFAULT-VALUE}.")
    Duration sessionLifetime;

    @Option(names = "--max-tokens-per-user", defaultValue = "${env:SYNCR_MAX_TOKENS_PER_USER:-100}",
            paramLabel = "N",
            description = "Device tokens and browser sessions one user may hold; at the limit a new sign-in pushes out "
                    + "the least recently used browser session. Env SYNCR_MAX_TOKENS_PER_USER. Default: ${DEFAULT-VALUE}.")
    int maxTokensPerUser;

    @Option(names = "--default-quota", scope = ScopeType.INHERIT,
            defaultValue = "${env:SYNCR_DEFAULT_QUOTA:-none}", paramLabel = "SIZE", converter = ByteSize.class,
            description = "What each user's files may hold unless user quota says otherwise (10G, 500M, none). Env "
                    + "SYNCR_DEFAULT_QUOTA. Default: ${DEFAULT-VALUE}.")
    long defaultQuota;

    @Option(names = "--login-lockout", defaultValue = "${env:SYNCR_LOGIN_LOCKOUT:-15m}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long POST /auth/login refuses an account after 20 failed passwords in a row (or an "
                    + "address after 100). Env SYNCR_LOGIN_LOCKOUT. Default: ${DEFAULT-VALUE}.")
    Duration loginLockout;

    @Option(names = "--password-hash-memory", scope = ScopeType.INHERIT,
            defaultValue = "${env:SYNCR_PASSWORD_HASH_MEMORY:-19456}", paramLabel = "KiB",
            description = "Memory per Argon2id password hash (OWASP: 19456 KiB with 2 passes). Lower it only on "
                    + "very small machines. Env SYNCR_PASSWORD_HASH_MEMORY. Default: ${DEFAULT-VALUE}.")
    int passwordHashMemory;

    @Option(names = "--read-timeout", defaultValue = "${env:SYNCR_READ_TIMEOUT:-60s}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "A client that sends no byte of its request for this long is disconnected, so a slow or "
                    + "stalled client cannot hold the server's resources. Env SYNCR_READ_TIMEOUT. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration readTimeout;

    @Option(names = "--log-format", defaultValue = "${env:SYNCR_LOG_FORMAT:-text}", paramLabel = "text|json",
            description = "text: one readable line an event, with key=value fields; json: one JSON object a line, "
                    + "the same events and fields, for log shippers. Env SYNCR_LOG_FORMAT. Default: ${DEFAULT-VALUE}.")
    String logFormat;

    @Option(names = "--shutdown-grace", defaultValue = "${env:SYNCR_SHUTDOWN_GRACE:-30s}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "On SIGTERM the server stops accepting, answers open long-polls, and gives requests in "
                    + "flight this long to finish before it closes its stores and exits 0. Env SYNCR_SHUTDOWN_GRACE. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration shutdownGrace;

    @Option(names = "--gc-grace", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCR_GC_GRACE:-24h}",
            paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Garbage collection only deletes content nothing references that is older than this: "
                    + "longer than any upload takes. Env SYNCR_GC_GRACE. Default: ${DEFAULT-VALUE}.")
    Duration gcGrace;

    @Option(names = "--gc-interval", defaultValue = "${env:SYNCR_GC_INTERVAL:-0s}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Run garbage collection in the server this often (0: never; run the gc command "
                    + "instead). Env SYNCR_GC_INTERVAL. Default: ${DEFAULT-VALUE}.")
    Duration gcInterval;

    @Option(names = "--keep-history-days", scope = ScopeType.INHERIT,
            defaultValue = "${env:SYNCR_KEEP_HISTORY_DAYS:-0}", paramLabel = "DAYS",
            description = "Garbage collection first removes versions older than this many days, except each file's "
                    + "current one, so their content can be freed (0: keep all history). Env SYNCR_KEEP_HISTORY_DAYS.")
    int keepHistoryDays;

    /** The settings, checked: the message of what is wrong is the one line the user sees. */
    public ServerConfig config() {
        try {
            InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind: unknown address '" + bind + "'");
        }
        if (dbUrl != null && !dbUrl.startsWith("jdbc:sqlite:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--db-url must start with jdbc:sqlite: or jdbc:postgresql:, got '"
                    + dbUrl + "'");
        }
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new IllegalArgumentException("--log-format takes text or json, not " + logFormat);
        }
        Passwords passwords;
        try {
            passwords = new Passwords(passwordHashMemory, Passwords.OWASP.iterations());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--password-hash-memory: " + e.getMessage());
        }
        return new ServerConfig(port, bind, database(), BlobLocation.parse(blob, dataDir,
                new BlobLocation.S3Access(s3Endpoint, s3AccessKey, secret(s3SecretKey, s3SecretKeyFile,
                        "--s3-secret-key"), s3Region)),
                maxUploadBytes, new BodyPace(minBodyRate, BodyPace.DEFAULT.grace()), tlsCert, tlsKey, insecureNoAuth,
                adminUser, adminPasswordFile, Optional.ofNullable(metricsTokenFile),
                new TokenPolicy(sessionIdleTimeout, sessionLifetime, maxTokensPerUser), defaultQuota, loginLockout,
                passwords, readTimeout, "json".equals(logFormat), shutdownGrace, gcGrace, gcInterval, keepHistoryDays,
                startupTimeout);
    }

    private DatabaseSettings database() {
        String url = dbUrl != null && !dbUrl.isBlank() ? dbUrl : "jdbc:sqlite:" + dataDir.resolve("syncr.db");
        return new DatabaseSettings(url, dbUser, secret(dbPassword, dbPasswordFile, "--db-password"), dbPoolSize,
                dbWait);
    }

    /** A secret given on the command line or, better, in a file (its first line): one or the other. */
    private static String secret(String value, Path file, String flag) {
        if (file == null) {
            return value;
        }
        if (value != null) {
            throw new IllegalArgumentException("give " + flag + " or " + flag + "-file, not both");
        }
        return Secrets.firstLine(file, flag + "-file");
    }
}
