package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.TestHttp;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code /metrics} after a scripted workload: the counters move by exactly the requests made, and name no file. */
class MetricsTest extends EmbeddedServerTest {

    /** A series' value in a scrape (0 when it is not there yet). */
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private String scrape() throws Exception {
        TestHttp.Reply reply = http.get("/metrics");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/plain");
        return reply.body();
    }

    @Test
    void a_scrape_counts_exactly_the_requests_made_by_route_and_outcome_and_names_no_file() throws Exception {
        String before = scrape();
        for (int i = 0; i < 3; i++) {
            // the last one too large to be kept inline: it goes to the blob store, whose operations are timed too
            String padding = i == 2 ? "y".repeat(dev.syncr.core.ContentRef.INLINE_MAX_BYTES) : "";
            assertThat(http.postJson("/files/secret-plan-" + i + ".txt", "{\"content\":\"x" + i + padding
                    + "\",\"expected_version\":0}").status()).isEqualTo(201);
        }
        assertThat(http.postJson("/files/secret-plan-0.txt", "{\"content\":\"late\",\"expected_version\":0}")
                .status()).isEqualTo(409);
        assertThat(http.postJson("/files/secret-plan-0.txt", "{\"content\":\"x0\",\"expected_version\":1}")
                .status()).isEqualTo(200); // unchanged
        assertThat(http.get("/files/secret-plan-1.txt/download").body()).isEqualTo("x1");
        assertThat(http.get("/files/nothing-here.txt/download").status()).isEqualTo(404);
        // a request is counted as its answer goes out: the last one may still be on its way into the count
        String download404 = "syncr_http_requests_total{method=\"GET\",route=\"/files/{file_id}/download\","
                + "status=\"404\"}";
        String after = scrape();
        for (int i = 0; i < 50 && value(after, download404) < 1; i++) {
            Thread.sleep(100);
            after = scrape();
        }

        String post = "syncr_http_requests_total{method=\"POST\",route=\"/files/{file_id}\",status=\"%s\"}";
        assertThat(value(after, post.formatted("201")) - value(before, post.formatted("201"))).isEqualTo(3);
        assertThat(value(after, post.formatted("409")) - value(before, post.formatted("409"))).isEqualTo(1);
        assertThat(value(after, post.formatted("200")) - value(before, post.formatted("200"))).isEqualTo(1);
        String download = "syncr_http_requests_total{method=\"GET\",route=\"/files/{file_id}/download\",status=\"%s\"}";
        assertThat(value(after, download.formatted("200"))).isEqualTo(1);
        assertThat(value(after, download.formatted("404"))).isEqualTo(1);
        String scrapes = "syncr_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"200\"}";
        assertThat(value(after, scrapes)).as("the earlier scrapes, counted once they were answered")
                .isGreaterThanOrEqualTo(1);
        assertThat(value(after, "syncr_writes_total{outcome=\"committed\"}")).isEqualTo(3);
        assertThat(value(after, "syncr_writes_total{outcome=\"conflict\"}")).isEqualTo(1);
        assertThat(value(after, "syncr_writes_total{outcome=\"unchanged\"}")).isEqualTo(1);
        assertThat(value(after, "syncr_http_response_body_bytes_total{route=\"/files/{file_id}/download\"}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(value(after, "syncr_http_request_duration_seconds_count{method=\"POST\",route=\"/files/{file_id}\"}"))
                .isEqualTo(5);
        assertThat(after).contains("syncr_store_operation_duration_seconds_count{backend=\"sqlite\",operation=\"commit\"}")
                .contains("syncr_store_operation_duration_seconds_count{backend=\"filesystem\"")
                .contains("syncr_db_connections_in_use").contains("syncr_long_polls_waiting")
                .contains("jvm_memory_used_bytes")
                .doesNotContain("secret-plan").doesNotContain("nothing-here");
    }

    @Test
    void readiness_is_200_when_both_stores_answer() throws Exception {
        TestHttp.Reply ready = http.get("/readyz");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("ready");
        assertThat(http.get("/healthz").status()).isEqualTo(200);
    }
}
