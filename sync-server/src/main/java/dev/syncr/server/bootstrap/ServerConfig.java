package dev.syncr.server.bootstrap;

import dev.syncr.server.accounts.Passwords;
import dev.syncr.server.accounts.TokenPolicy;
import dev.syncr.server.http.BodyPace;
import dev.syncr.server.jdbc.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The server's settings, checked and immutable: made once from the command line and the environment (see
 * {@code cli.ServerCommand}, which says what each means and its default), then read by the stores, the server and
 * the admin commands alike.
 *
 * @param tlsCert          with {@code tlsKey}, serve HTTPS; both null for plain HTTP
 * @param adminUser        with {@code adminPasswordFile}, the first user, made at start-up when there is none; or null
 * @param keepHistoryDays  versions older than this may be pruned (each file's current one excepted); 0 keeps all
 * @param defaultQuota     what each user's files may hold unless set per user ({@code SyncService.NO_QUOTA}: no limit)
 */
public record ServerConfig(int port, String bind, DatabaseSettings database, BlobLocation blob, long maxUploadBytes,
                           BodyPace bodyPace, Path tlsCert, Path tlsKey, boolean insecureNoAuth, String adminUser,
                           Path adminPasswordFile, Optional<Path> metricsTokenFile, TokenPolicy tokenPolicy,
                           long defaultQuota, Duration loginLockout, Passwords passwords, Duration readTimeout,
                           boolean jsonLogs, Duration shutdownGrace, Duration gcGrace, Duration gcInterval,
                           int keepHistoryDays, Duration startupTimeout) {

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException("--max-upload-bytes must be positive, got " + maxUploadBytes);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if ((adminUser == null) != (adminPasswordFile == null)) {
            throw new IllegalArgumentException("--admin-user and --admin-password-file go together");
        }
        if (keepHistoryDays < 0) {
            throw new IllegalArgumentException("--keep-history-days must not be negative");
        }
        if (gcGrace.isNegative() || gcInterval.isNegative()) {
            throw new IllegalArgumentException("--gc-grace and --gc-interval must not be negative");
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("--shutdown-grace cannot be negative");
        }
        if (readTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("--read-timeout must be at least 1s");
        }
    }

    /** Versions created before this may be pruned by garbage collection; empty keeps all history. */
    public Optional<Instant> historyCutoff(Instant now) {
        return keepHistoryDays <= 0 ? Optional.empty() : Optional.of(now.minus(Duration.ofDays(keepHistoryDays)));
    }
}
