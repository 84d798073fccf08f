package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncr.core.ContentHash;
import dev.syncr.server.TestHttp;
import java.net.http.HttpRequest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@code POST /batch}: many files, one transaction, each with the outcome it would have had alone. */
class BatchTest extends EmbeddedServerTest {

    @Test
    void each_write_gets_its_own_outcome_and_the_winners_are_in_the_feed() throws Exception {
        http.postJson("/files/taken.txt", "{\"content\":\"theirs\",\"expected_version\":0}");
        http.postJson("/files/same.txt", "{\"content\":\"same\",\"expected_version\":0}");
        long cursor = http.get("/changes/latest").json().get("cursor").asLong();
        String bytes = Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255});
        TestHttp.Reply reply = http.postJson("/batch", "{\"writes\":["
                + "{\"file_id\":\"a.txt\",\"expected_version\":0,\"content\":\"alpha\"},"
                + "{\"file_id\":\"dir/b.bin\",\"expected_version\":0,\"content_base64\":\"" + bytes + "\"},"
                + "{\"file_id\":\"taken.txt\",\"expected_version\":0,\"content\":\"mine\"},"
                + "{\"file_id\":\"same.txt\",\"expected_version\":1,\"content\":\"same\"},"
                + "{\"file_id\":\"c.txt\",\"expected_version\":0,\"content\":\"gamma\",\"content_hash\":\""
                + ContentHash.of("not gamma".getBytes()) + "\"},"
                + "{\"file_id\":\"a.txt\",\"expected_version\":0,\"content\":\"again\"}]}", "laptop");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode results = reply.json().get("results");
        assertThat(results).extracting(r -> r.get("status").asText()).containsExactly("created", "created",
                "conflict", "unchanged", "hash_mismatch", "rejected");
        assertThat(results.get(2).get("current_version").asLong()).isEqualTo(1);
        assertThat(reply.json().get("committed").asInt()).isEqualTo(2);
        assertThat(http.get("/files/a.txt").json().get("content").asText()).isEqualTo("alpha");
        assertThat(http.get("/files/dir/b.bin/download").raw().body()).hasSize(4);
        assertThat(http.get("/files/taken.txt").json().get("content").asText()).isEqualTo("theirs");
        assertThat(http.get("/files/c.txt").status()).isEqualTo(404);
        JsonNode feed = http.get("/changes?cursor=" + cursor).json().get("changes");
        assertThat(feed).extracting(c -> c.get("file_id").asText()).containsExactly("a.txt", "dir/b.bin");
        assertThat(feed.get(0).get("client_id").asText()).isEqualTo("laptop");

        // the same batch again (its answer was lost): the winners answer as the same win, nothing new
        TestHttp.Reply again = http.postJson("/batch", "{\"writes\":["
                + "{\"file_id\":\"a.txt\",\"expected_version\":0,\"content\":\"alpha\"}]}", "laptop");
        assertThat(again.json().get("results").get(0).get("status").asText()).isEqualTo("created");
        assertThat(again.json().get("results").get(0).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void empty_files_same_contents_and_a_large_file_in_one_batch_all_read_back() throws Exception {
        String large = "y".repeat(600_000); // over the small-content size: stored as chunks on its own
        TestHttp.Reply reply = http.postJson("/batch", "{\"writes\":["
                + "{\"file_id\":\"empty.txt\",\"expected_version\":0,\"content\":\"\"},"
                + "{\"file_id\":\"one.txt\",\"expected_version\":0,\"content\":\"twin\"},"
                + "{\"file_id\":\"two.txt\",\"expected_version\":0,\"content\":\"twin\"},"
                + "{\"file_id\":\"large.txt\",\"expected_version\":0,\"content\":\"" + large + "\"}]}");

        assertThat(reply.json().get("committed").asInt()).as(reply.body()).isEqualTo(4);
        assertThat(http.get("/files/empty.txt/download").body()).isEmpty();
        assertThat(http.get("/files/one.txt").json().get("content").asText()).isEqualTo("twin");
        assertThat(http.get("/files/two.txt").json().get("content").asText()).isEqualTo("twin");
        assertThat(http.get("/files/large.txt/download").body()).isEqualTo(large);
    }

    @Test
    void a_malformed_batch_is_a_clear_4xx_and_writes_nothing() throws Exception {
        StringBuilder tooMany = new StringBuilder("{\"writes\":[");
        for (int i = 0; i <= 1000; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"file_id\":\"f").append(i)
                    .append(".txt\",\"expected_version\":0,\"content\":\"x\"}");
        }
        assertThat(http.postJson("/batch", tooMany + "]}").status()).isEqualTo(400);
        assertThat(http.postJson("/batch", "{\"writes\":[{\"file_id\":\"a.txt\",\"expected_version\":0}]}")
                .status()).isEqualTo(400);
        assertThat(http.postJson("/batch", "{\"writes\":[{\"file_id\":\"a.txt\",\"expected_version\":0,"
                + "\"content_base64\":\"***\"}]}").status()).isEqualTo(400);
        assertThat(http.postJson("/batch", "{\"writes\":[{\"file_id\":\"ok.txt\",\"expected_version\":0,"
                + "\"content\":\"x\"},{\"file_id\":\"../x\",\"expected_version\":0,\"content\":\"x\"}]}").status())
                .isEqualTo(400);
        assertThat(http.postJson("/batch", "{\"writes\":5}").status()).isEqualTo(400);
        assertThat(http.get("/batch").status()).isEqualTo(405);
        assertThat(http.send(http.request("/batch").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x"))).status()).isEqualTo(415);
        assertThat(http.get("/files/").json().get("count").asInt()).as("nothing was written").isZero();
    }
}
