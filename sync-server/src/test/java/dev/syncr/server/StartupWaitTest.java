package dev.syncr.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up waits for its stores: a database that comes up after the server (docker-compose order, a reboot) is
 * waited for, and a database that never comes gives one clear line after {@code --startup-timeout}. Real processes,
 * a real PostgreSQL behind a proxy that is cut and restored.
 */
@Tag("slow") // processes, hundreds of MB or long races: run by `mvn verify`, not `mvn test`
class StartupWaitTest {

    /** Meant for a loaded machine: how long a JVM may take to start and report, not how fast it should be. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** The outage the server must sit through, as in the issue that asked for this. */
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void a_database_that_comes_up_ten_seconds_later_is_waited_for_and_then_served() throws Exception {
        URI pg = URI.create(PostgresTestDatabase.URL.substring("jdbc:".length()));
        try (PostgresTestDatabase database = PostgresTestDatabase.create();
             TcpProxy dbLink = new TcpProxy(pg.getHost(), pg.getPort())) {
            dbLink.cut();
            String url = database.url().replace(":" + pg.getPort() + "/", ":" + dbLink.port() + "/");
            long launched = System.nanoTime();
            try (ServerProcess server = ServerProcess.launch("256m", "--db-url", url,
                    "--db-user", PostgresTestDatabase.USER, "--db-password", PostgresTestDatabase.PASSWORD,
                    "--blob", "file:" + dir.resolve("blobs"), "--startup-timeout", "10m")) {
                assertThat(server.awaitOutput("waiting for metadata database", PATIENCE))
                        .as("start-up reports that it waits, with the reason:%n%s", server.output()).isTrue();

                // The outage lasts its full length whatever the machine's speed: this sleep is the scenario.
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - launched) / 1_000_000));
                assertThat(server.isAlive()).as("still waiting, not given up:%n%s", server.output()).isTrue();
                assertThat(server.uri()).as("not listening without its database").isNull();

                dbLink.restore();
                URI uri = server.awaitListening(PATIENCE);
                TestHttp http = new TestHttp(uri);
                assertThat(http.postJson("/files/late.txt", "{\"content\":\"served\",\"expected_version\":0}")
                        .status()).isEqualTo(201);
                assertThat(http.get("/files/late.txt").json().get("content").asText()).isEqualTo("served");
                assertThat(server.output()).as("retries are one line each").doesNotContain("\tat ");
            }
        }
    }

    @Test
    void a_database_that_never_comes_ends_start_up_with_one_clear_line_after_the_timeout() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort(); // free once closed: connections to it are refused
        }
        try (ServerProcess server = ServerProcess.launch("256m",
                "--db-url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/syncr", "--db-user", "syncr",
                "--db-password", "secret-not-to-be-printed", "--blob", "file:" + dir.resolve("blobs"),
                "--startup-timeout", "3s", "--db-wait", "1s")) {
            int code = server.awaitExit(PATIENCE);
            String output = server.output();
            assertThat(code).as(output).isEqualTo(1);
            String last = output.strip().lines().reduce((a, b) -> b).orElseThrow();
            assertThat(last).startsWith("syncr-server: cannot start: metadata database jdbc:postgresql://127.0.0.1:"
                    + closedPort + "/syncr not reachable after 3 s (--startup-timeout): ");
            assertThat(output).as("no stack trace, no secret").doesNotContain("\tat ")
                    .doesNotContain("secret-not-to-be-printed");
            assertThat(output).contains("waiting for metadata database");
        }
    }
}
