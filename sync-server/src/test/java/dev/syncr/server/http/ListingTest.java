package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /files/} in pages: every file once, the seed's whole answer for small trees, clear 400s. */
class ListingTest extends EmbeddedServerTest {

    @BeforeEach
    void files() throws Exception {
        for (int i = 0; i < 25; i++) {
            assertThat(http.postJson("/files/" + (i % 2 == 0 ? "dir/" : "") + "f" + i + ".txt",
                    "{\"content\":\"" + i + "\",\"expected_version\":0}").status()).isEqualTo(201);
        }
        http.delete("/files/f1.txt");
    }

    @Test
    void pages_visit_every_live_file_once_and_the_unpaged_answer_is_the_whole_sorted_tree() throws Exception {
        List<String> paged = new ArrayList<>();
        String after = null;
        int pages = 0;
        while (true) {
            JsonNode page = http.get("/files/?limit=10" + (after == null ? ""
                    : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8))).json();
            pages++;
            page.get("files").forEach(f -> paged.add(f.get("file_id").asText()));
            assertThat(page.get("count").asInt()).isEqualTo(page.get("files").size());
            if (!page.get("has_more").asBoolean()) {
                assertThat(page.has("next_after")).isFalse();
                break;
            }
            after = page.get("next_after").asText();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(paged).hasSize(24).doesNotHaveDuplicates().doesNotContain("f1.txt");

        JsonNode whole = http.get("/files/").json();
        List<String> all = new ArrayList<>();
        whole.get("files").forEach(f -> all.add(f.get("file_id").asText()));
        assertThat(all).containsExactlyInAnyOrderElementsOf(paged).isSorted();
        assertThat(whole.get("has_more").asBoolean()).isFalse();
        assertThat(http.get("/files/?include_deleted=true&limit=100").json().get("count").asInt()).isEqualTo(25);
    }

    @Test
    void a_bad_page_request_is_a_400_that_says_why() throws Exception {
        assertThat(http.get("/files/?limit=0").status()).isEqualTo(400);
        assertThat(http.get("/files/?limit=10001").status()).isEqualTo(400);
        assertThat(http.get("/files/?limit=abc").status()).isEqualTo(400);
        assertThat(http.get("/files/?after=..%2Fetc").status()).isEqualTo(400);
    }
}
