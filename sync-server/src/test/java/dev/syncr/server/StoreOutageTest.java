package dev.syncr.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database or the object store going away: requests get a clear 503, no version is half-made (never metadata
 * pointing at a blob that was not stored), and the server recovers on its own when the store comes back.
 */
@Tag("slow") // waits out a database and an object store going away and coming back: run by `mvn verify`
class StoreOutageTest {

    @Test
    void a_database_or_object_store_outage_is_a_503_that_changes_nothing_and_heals_itself() throws Exception {
        URI pg = URI.create(PostgresTestDatabase.URL.substring("jdbc:".length()));
        try (PostgresTestDatabase database = PostgresTestDatabase.create();
             S3TestServer s3 = S3TestServer.start();
             TcpProxy dbLink = new TcpProxy(pg.getHost(), pg.getPort());
             TcpProxy s3Link = new TcpProxy("127.0.0.1", s3.port())) {
            String url = database.url().replace(":" + pg.getPort() + "/", ":" + dbLink.port() + "/");
            List<String> flags = new ArrayList<>(List.of("--port", "0", "--db-url", url,
                    "--db-user", PostgresTestDatabase.USER, "--db-password", PostgresTestDatabase.PASSWORD,
                    "--blob", "s3://outage", "--s3-endpoint", "http://127.0.0.1:" + s3Link.port(),
                    "--s3-access-key", S3TestServer.ACCESS_KEY, "--s3-secret-key", S3TestServer.SECRET_KEY));
            try (SyncServer server = SyncServer.start(flags.toArray(String[]::new))) {
                TestHttp http = new TestHttp(server.uri());
                assertThat(write(http, "v1", 0).status()).isEqualTo(201);
                assertThat(http.get("/readyz").status()).isEqualTo(200);

                dbLink.cut();
                TestHttp.Reply notReady = http.get("/readyz");
                assertThat(notReady.status()).as("not ready while the database is away").isEqualTo(503);
                assertThat(notReady.json().get("error").asText()).isEqualTo("not_ready");
                assertThat(notReady.json().get("message").asText()).as("the reason is the operator's, not the caller's")
                        .doesNotContain("metadata database").doesNotContain("127.0.0.1");
                assertThat(http.get("/metrics").body()).as("which store: in the metrics")
                        .contains("syncr_readiness_failures_total{store=\"metadata database\"}")
                        .doesNotContain("syncr_readiness_failures_total{store=\"content store\"}");
                TestHttp.Reply down = write(http, "during db outage", 1);
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.json().get("error").asText()).isEqualTo("store_unavailable");
                assertThat(down.json().get("message").asText()).contains("retry");
                assertThat(http.get("/files/doc.txt").status()).isEqualTo(503);
                assertThat(http.get("/healthz").status()).as("the server itself stays up").isEqualTo(200);

                dbLink.restore();
                assertThat(eventually(() -> http.get("/readyz")).status()).isEqualTo(200);
                assertThat(eventually(() -> write(http, "v2", 1)).status()).isEqualTo(200);

                s3Link.cut();
                TestHttp.Reply noStore = http.get("/readyz");
                assertThat(noStore.status()).as("not ready while the object store is away").isEqualTo(503);
                assertThat(http.get("/metrics").body())
                        .contains("syncr_readiness_failures_total{store=\"content store\"}");
                TestHttp.Reply noBlobs = write(http, "during s3 outage", 2);
                assertThat(noBlobs.status()).isEqualTo(503);
                assertThat(http.get("/files/doc.txt/download").status()).isEqualTo(503);
                assertThat(http.get("/files/doc.txt/metadata").json().get("version").asLong())
                        .as("no version points at content that was never stored").isEqualTo(2);
                assertThat(http.postJson("/files/small.txt", "{\"content\":\"tiny\",\"expected_version\":0}",
                        "outage-test").status()).as("small content lives in the database: no object store needed")
                        .isEqualTo(201);
                assertThat(http.get("/files/small.txt/download").body()).isEqualTo("tiny");

                s3Link.restore();
                assertThat(eventually(() -> http.get("/readyz")).status()).isEqualTo(200);
                assertThat(eventually(() -> write(http, "v3", 2)).status()).isEqualTo(200);
                var versions = http.get("/files/doc.txt/versions").json().get("versions");
                assertThat(versions).hasSize(3);
                for (int v = 1; v <= 3; v++) {
                    assertThat(http.get("/files/doc.txt/versions/" + v + "/download").body())
                            .isEqualTo(large("v" + v));
                }
            }
        }
    }

    /** Content too large to be kept inline, so that it needs the object store. */
    private static String large(String content) {
        return content + " ".repeat(dev.syncr.core.ContentRef.INLINE_MAX_BYTES);
    }

    private static TestHttp.Reply write(TestHttp http, String content, long expected) throws Exception {
        return http.postJson("/files/doc.txt", "{\"content\":\"" + large(content) + "\",\"expected_version\":"
                + expected + "}", "outage-test");
    }

    interface Call {
        TestHttp.Reply run() throws Exception;
    }

    /** Retries while the server still answers 503, as a client with backoff would. */
    private static TestHttp.Reply eventually(Call call) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        TestHttp.Reply reply = call.run();
        while (reply.status() == 503 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            reply = call.run();
        }
        return reply;
    }
}
