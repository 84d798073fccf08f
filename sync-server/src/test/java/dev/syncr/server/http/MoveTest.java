package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /files/{id}/move}: a rename is one transaction, never a copy or a loss, and never overwrites. */
class MoveTest extends EmbeddedServerTest {

    @BeforeEach
    void file() throws Exception {
        assertThat(http.postJson("/files/draft.txt", "{\"content\":\"v1\",\"expected_version\":0}").status())
                .isEqualTo(201);
        assertThat(http.postJson("/files/draft.txt", "{\"content\":\"v2\",\"expected_version\":1}").status())
                .isEqualTo(200);
    }

    @Test
    void a_move_gives_the_content_the_new_name_and_leaves_a_tombstone_both_in_the_feed() throws Exception {
        long before = http.get("/changes/latest").json().get("cursor").asLong();
        TestReply moved = move("draft.txt", "{\"to\":\"archive/2026/final.txt\",\"expected_version\":2}");
        assertThat(moved.status).as(moved.body.toString()).isEqualTo(200);
        assertThat(moved.body.get("status").asText()).isEqualTo("moved");
        assertThat(moved.body.get("file_id").asText()).isEqualTo("archive/2026/final.txt");
        assertThat(http.get("/files/archive/2026/final.txt").json().get("content").asText()).isEqualTo("v2");
        JsonNode gone = http.get("/files/draft.txt").json();
        assertThat(gone.get("error").asText()).isEqualTo("not_found");
        assertThat(gone.get("deleted").asBoolean()).isTrue();

        List<String> feed = new ArrayList<>();
        http.get("/changes?cursor=" + before).json().get("changes")
                .forEach(c -> feed.add(c.get("file_id").asText() + "@" + c.get("version").asLong()));
        assertThat(feed).containsExactlyInAnyOrder("archive/2026/final.txt@1", "draft.txt@3");
        // the old name's history is kept, and the old content can still be restored there
        assertThat(http.get("/files/draft.txt/versions").json().get("versions").size()).isEqualTo(3);
    }

    @Test
    void a_stale_move_is_a_conflict_and_moves_nothing() throws Exception {
        TestReply stale = move("draft.txt", "{\"to\":\"b.txt\",\"expected_version\":1}");
        assertThat(stale.status).isEqualTo(409);
        assertThat(stale.body.get("error").asText()).isEqualTo("version_conflict");
        assertThat(stale.body.get("current_version").asLong()).isEqualTo(2);
        assertThat(http.get("/files/b.txt").status()).isEqualTo(404);
        assertThat(http.get("/files/draft.txt").json().get("content").asText()).isEqualTo("v2");
    }

    @Test
    void a_move_onto_a_live_file_overwrites_nothing_but_onto_a_deleted_one_succeeds() throws Exception {
        assertThat(http.postJson("/files/taken.txt", "{\"content\":\"mine\",\"expected_version\":0}").status())
                .isEqualTo(201);
        TestReply taken = move("draft.txt", "{\"to\":\"taken.txt\",\"expected_version\":2}");
        assertThat(taken.status).isEqualTo(409);
        assertThat(taken.body.get("error").asText()).isEqualTo("already_exists");
        assertThat(http.get("/files/taken.txt").json().get("content").asText()).isEqualTo("mine");
        assertThat(http.get("/files/draft.txt").json().get("version").asLong()).isEqualTo(2);

        assertThat(http.delete("/files/taken.txt?expected_version=1").status()).isEqualTo(200);
        TestReply over = move("draft.txt", "{\"to\":\"taken.txt\",\"expected_version\":2}");
        assertThat(over.status).isEqualTo(200);
        assertThat(over.body.get("version").asLong()).isEqualTo(3);
        assertThat(http.get("/files/taken.txt").json().get("content").asText()).isEqualTo("v2");
    }

    @Test
    void bad_moves_are_4xx_and_change_nothing() throws Exception {
        assertThat(move("nothing.txt", "{\"to\":\"b.txt\",\"expected_version\":1}").status).isEqualTo(404);
        assertThat(move("draft.txt", "{\"to\":\"draft.txt\",\"expected_version\":2}").status).isEqualTo(400);
        assertThat(move("draft.txt", "{\"to\":\"../etc/passwd\",\"expected_version\":2}").body.get("error")
                .asText()).isEqualTo("invalid_file_id");
        assertThat(move("draft.txt", "{\"expected_version\":2}").body.get("error").asText())
                .isEqualTo("missing_field");
        assertThat(move("draft.txt", "{\"to\":\"b.txt\"}").status).isEqualTo(400);
        assertThat(http.send(http.request("/files/draft.txt/move").GET()).status()).isEqualTo(405);
        assertThat(http.get("/files/draft.txt").json().get("version").asLong()).isEqualTo(2);
        assertThat(http.get("/files/").json().get("count").asInt()).isEqualTo(1);
    }

    private record TestReply(int status, JsonNode body) {
    }

    private TestReply move(String id, String json) throws Exception {
        var reply = http.postJson("/files/" + id + "/move", json);
        return new TestReply(reply.status(), reply.json());
    }
}
