package dev.syncr.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.FileId;
import dev.syncr.server.PostgresTestDatabase;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestHttp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload is not an outage: with every database connection busy, a request is answered
 * {@code 503 {"error":"overloaded"}} with {@code Retry-After} (not {@code store_unavailable}), and the Java client
 * waits and retries through it. The pool is saturated for real: its one connection is stuck behind a table lock
 * that the test holds in PostgreSQL.
 */
@Tag("slow") // waits out a held database pool and Retry-After: run by `mvn verify`, not `mvn test`
class OverloadTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void a_saturated_pool_answers_overloaded_with_retry_after_and_the_client_retries_through_it() throws Exception {
        String application = "overload-test-" + UUID.randomUUID();
        Logger serverLog = Logger.getLogger("sync_server");
        AtomicInteger overloaded = new AtomicInteger();
        Handler counter = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage() != null && record.getMessage().contains("event=overloaded")) {
                    overloaded.incrementAndGet();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        serverLog.addHandler(counter);
        try (PostgresTestDatabase database = PostgresTestDatabase.create();
             SyncServer server = SyncServer.start("--port", "0", "--db-url",
                     database.url() + "&ApplicationName=" + application, "--db-user", PostgresTestDatabase.USER,
                     "--db-password", PostgresTestDatabase.PASSWORD, "--blob", "file:" + dir.resolve("blobs"),
                     "--db-pool-size", "1", "--db-wait", "500ms");
             Connection locker = DriverManager.getConnection(database.url(), PostgresTestDatabase.USER,
                     PostgresTestDatabase.PASSWORD)) {
            FileId doc = FileId.of("busy.txt");
            SyncClient client = new SyncClient(server.uri(), "patient",
                    new SyncClient.RetryPolicy(30, Duration.ofMillis(100), Duration.ofSeconds(2)));
            assertThat(client.putText(doc, 0, "before")).isInstanceOf(WriteResult.Committed.class);

            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE files IN ACCESS EXCLUSIVE MODE");
            }
            // This write takes the pool's only connection and waits on the lock, holding it.
            CompletableFuture<WriteResult> stuck = CompletableFuture.supplyAsync(
                    () -> new SyncClient(server.uri(), "stuck").putText(doc, 1, "after"));
            awaitCondition(() -> waitingOnLock(locker, application), "the server's connection waits on the lock");

            TestHttp.Reply busy = new TestHttp(server.uri()).get("/files/");
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.json().get("error").asText()).isEqualTo("overloaded");
            assertThat(busy.header("Retry-After")).isEqualTo("1");
            int seenBefore = overloaded.get();

            CompletableFuture<List<RemoteFile>> listing = CompletableFuture.supplyAsync(client::list);
            awaitCondition(() -> overloaded.get() > seenBefore, "the client was turned away at least once");
            assertThat(listing).as("still retrying while the pool is busy").isNotDone();

            locker.commit(); // the lock goes, the stuck write finishes, the connection frees up
            assertThat(listing.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).extracting(RemoteFile::id)
                    .containsExactly(doc);
            assertThat(stuck.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(WriteResult.Committed.class);
            assertThat(client.getText(doc).orElseThrow().content()).isEqualTo("after");
        } finally {
            serverLog.removeHandler(counter);
        }
    }

    private static boolean waitingOnLock(Connection c, String application) {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND wait_event_type = 'Lock'")) {
            ps.setString(1, application);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits on a condition, checking often, for as long as a loaded machine may need. */
    private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE + ": " + what);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
