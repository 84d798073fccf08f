package dev.syncr.server.conflicts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncr.server.ServerDatabase;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import dev.syncr.server.TestHttp;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-side merge and conflicts as records over real HTTP, on each database: a clean merge, the keep-both fallback
 * and its record created with the copy, and every answer of the conflict API, scoped to the caller's namespace.
 */
abstract class ConflictHttpContract {

    private static final String BASE = "title\n\nfirst paragraph\n\nsecond paragraph\n\nthird paragraph\n";

    @TempDir
    Path dir;
    ServerDatabase database;
    SyncServer server;
    TestAccounts accounts;
    TestHttp alice;
    TestHttp bob;

    /** The database this run of the contract keeps the server's metadata in. */
    protected abstract ServerDatabase database(Path dir);

    @BeforeEach
    void start() throws Exception {
        database = database(dir);
        accounts = database.accounts();
        String aliceToken = accounts.userWithToken("alice");
        String bobToken = accounts.userWithToken("bob");
        server = database.startServer(dir, List.of());
        alice = new TestHttp(server.uri()).withToken(aliceToken);
        bob = new TestHttp(server.uri()).withToken(bobToken);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        accounts.close();
        database.close();
    }

    private static String write(String content, long expected, boolean merge, boolean keepBoth) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("content", content)
                .put("expected_version", expected);
        if (merge) {
            body.put("merge", true);
        }
        if (keepBoth) {
            body.put("keep_both", true);
        }
        return body.toString();
    }

    private TestHttp.Reply put(TestHttp as, String id, String content, long expected, boolean merge,
                               boolean keepBoth, String client) throws Exception {
        return as.postJson("/files/" + id, write(content, expected, merge, keepBoth), client);
    }

    private String text(TestHttp as, String id) throws Exception {
        TestHttp.Reply reply = as.get("/files/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("content").asText();
    }

    private TestHttp.Reply resolve(TestHttp as, long id, String json) throws Exception {
        return as.postJson("/conflicts/" + id + "/resolve", json, "ClientA");
    }

    /** Version 1 by A, then A's edit of the first paragraph as version 2. */
    private void baseThenAliceEditsFirstParagraph() throws Exception {
        assertThat(put(alice, "doc.txt", BASE, 0, false, false, "ClientA").status()).isEqualTo(201);
        assertThat(put(alice, "doc.txt", BASE.replace("first paragraph", "FIRST (A)"), 1, false, false, "ClientA")
                .status()).isEqualTo(200);
    }

    /** B's edit of the first paragraph too, based on version 1, kept as a conflicted copy; returns the 409's body. */
    private JsonNode overlappingEditKeptBoth() throws Exception {
        baseThenAliceEditsFirstParagraph();
        TestHttp.Reply reply = put(alice, "doc.txt", BASE.replace("first paragraph", "FIRST (B)"), 1, true, true,
                "ClientB");
        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        return reply.json();
    }

    @Test
    void edits_of_different_paragraphs_merge_into_one_version_that_history_names() throws Exception {
        baseThenAliceEditsFirstParagraph();
        TestHttp.Reply merged = put(alice, "doc.txt", BASE.replace("third paragraph", "THIRD (B)"), 1, true, false,
                "ClientB");

        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.json().get("status").asText()).isEqualTo("merged");
        assertThat(merged.json().get("version").asLong()).isEqualTo(3);
        assertThat(merged.json().get("merged_from").get("base_version").asLong()).isEqualTo(1);
        assertThat(merged.json().get("merged_from").get("head_version").asLong()).isEqualTo(2);
        String both = BASE.replace("first paragraph", "FIRST (A)").replace("third paragraph", "THIRD (B)");
        assertThat(text(alice, "doc.txt")).isEqualTo(both);
        JsonNode history = alice.get("/files/doc.txt/versions").json().get("versions");
        assertThat(history.get(0).get("merged_from").get("head_version").asLong()).isEqualTo(2);
        assertThat(history.get(0).get("client_id").asText()).isEqualTo("ClientB");
        assertThat(history.get(1).has("merged_from")).isFalse();
        assertThat(alice.get("/conflicts?status=all").json().get("conflicts")).isEmpty();

        // the same request again (its answer was lost): the same merge, not a second one
        TestHttp.Reply retry = put(alice, "doc.txt", BASE.replace("third paragraph", "THIRD (B)"), 1, true, false,
                "ClientB");
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("version").asLong()).isEqualTo(3);
    }

    @Test
    void overlapping_edits_answer_409_naming_the_lines_and_store_nothing() throws Exception {
        baseThenAliceEditsFirstParagraph();
        TestHttp.Reply reply = put(alice, "doc.txt", BASE.replace("first paragraph", "FIRST (B)"), 1, true, false,
                "ClientB");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("error").asText()).isEqualTo("version_conflict");
        assertThat(reply.json().get("current_version").asLong()).isEqualTo(2);
        assertThat(reply.json().get("overlaps").get(0).get("from").asInt()).isEqualTo(3);
        assertThat(reply.json().get("overlaps").get(0).get("to").asInt()).isEqualTo(3);
        assertThat(reply.json().has("conflict")).isFalse();
        assertThat(alice.get("/files/doc.txt/versions").json().get("versions")).hasSize(2);
        assertThat(alice.get("/files/").json().get("files")).hasSize(1);
    }

    @Test
    void keep_both_makes_the_copy_and_its_record_together_and_a_retry_makes_no_second() throws Exception {
        JsonNode answer = overlappingEditKeptBoth();

        JsonNode conflict = answer.get("conflict");
        String copy = conflict.get("copy_id").asText();
        assertThat(copy).isEqualTo("doc (conflicted copy ClientB).txt");
        assertThat(conflict.get("status").asText()).isEqualTo("open");
        assertThat(conflict.get("base_version").asLong()).isEqualTo(1);
        assertThat(conflict.get("winner_version").asLong()).isEqualTo(2);
        assertThat(conflict.get("client_id").asText()).isEqualTo("ClientB");
        assertThat(answer.get("current_version").asLong()).isEqualTo(2);
        assertThat(text(alice, copy)).isEqualTo(BASE.replace("first paragraph", "FIRST (B)"));
        assertThat(text(alice, "doc.txt")).isEqualTo(BASE.replace("first paragraph", "FIRST (A)"));

        long id = conflict.get("id").asLong();
        JsonNode listed = alice.get("/conflicts").json().get("conflicts");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0)).isEqualTo(conflict);
        assertThat(alice.get("/conflicts/" + id).json()).isEqualTo(conflict);

        TestHttp.Reply retry = put(alice, "doc.txt", BASE.replace("first paragraph", "FIRST (B)"), 1, true, true,
                "ClientB");
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().get("conflict").get("id").asLong()).isEqualTo(id);
        assertThat(alice.get("/files/").json().get("files")).hasSize(2);
    }

    @Test
    void binary_content_never_merges_and_is_kept_both() throws Exception {
        assertThat(put(alice, "data.bin", "a\nb\nc\nd\ne\n", 0, false, false, "A").status()).isEqualTo(201);
        assertThat(put(alice, "data.bin", "A\u0000\nb\nc\nd\ne\n", 1, false, false, "A").status()).isEqualTo(200);
        TestHttp.Reply reply = put(alice, "data.bin", "a\nb\nc\nd\nE\n", 1, true, true, "B");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("conflict").get("copy_id").asText()).isEqualTo("data (conflicted copy B).bin");
    }

    @Test
    void files_over_the_merge_cap_never_merge() throws Exception {
        String big = "line\n".repeat(900_000); // 4.5 MB
        assertThat(put(alice, "big.txt", "top\n" + big, 0, false, false, "A").status()).isEqualTo(201);
        assertThat(put(alice, "big.txt", "TOP\n" + big, 1, false, false, "A").status()).isEqualTo(200);
        TestHttp.Reply reply = put(alice, "big.txt", "top\n" + big + "end\n", 1, true, false, "B");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().has("overlaps")).isFalse();
        assertThat(alice.get("/files/big.txt/versions").json().get("versions")).hasSize(2);
    }

    @Test
    void a_multipart_upload_and_the_header_ask_for_a_merge_too() throws Exception {
        baseThenAliceEditsFirstParagraph();
        String boundary = "b0undary";
        byte[] form = multipartWithMerge(boundary, BASE.replace("second paragraph", "SECOND (C)"));
        TestHttp.Reply merged = alice.send(alice.request("/files/upload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("X-Client-Id", "ClientC")
                .POST(HttpRequest.BodyPublishers.ofByteArray(form)));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.json().get("status").asText()).isEqualTo("merged");

        TestHttp.Reply viaHeader = alice.send(alice.request("/files/doc.txt")
                .header("Content-Type", "application/json").header("X-Syncr-On-Conflict", "merge, keep-both")
                .header("X-Client-Id", "ClientD")
                .POST(HttpRequest.BodyPublishers.ofString(write(BASE.replace("title", "TITLE (D)"), 1, false,
                        false))));
        assertThat(viaHeader.status()).as(viaHeader.body()).isEqualTo(200);
        assertThat(viaHeader.json().get("status").asText()).isEqualTo("merged");
        assertThat(text(alice, "doc.txt")).isEqualTo(BASE.replace("title", "TITLE (D)")
                .replace("first paragraph", "FIRST (A)").replace("second paragraph", "SECOND (C)"));

        TestHttp.Reply badHeader = alice.send(alice.request("/files/doc.txt")
                .header("Content-Type", "application/json").header("X-Syncr-On-Conflict", "shrug")
                .POST(HttpRequest.BodyPublishers.ofString(write("x", 4, false, false))));
        assertThat(badHeader.status()).isEqualTo(400);
    }

    private static byte[] multipartWithMerge(String boundary, String content) {
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file_id\"\r\n\r\ndoc.txt\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"expected_version\"\r\n\r\n1\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"merge\"\r\n\r\ntrue\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"doc.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keep_original_deletes_the_copy_and_closes_the_conflict_and_a_retry_is_the_same_answer() throws Exception {
        long id = overlappingEditKeptBoth().get("conflict").get("id").asLong();
        String copy = "doc (conflicted copy ClientB).txt";

        TestHttp.Reply resolved = resolve(alice, id, "{\"keep\":\"original\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().get("conflict").get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.json().get("conflict").get("resolution").asText()).isEqualTo("original");
        assertThat(resolved.json().get("written")).hasSize(1);
        assertThat(resolved.json().get("written").get(0).get("deleted").asBoolean()).isTrue();
        assertThat(alice.get("/files/" + copy.replace(" ", "%20")).status()).isEqualTo(404);
        assertThat(text(alice, "doc.txt")).isEqualTo(BASE.replace("first paragraph", "FIRST (A)"));
        assertThat(alice.get("/conflicts").json().get("conflicts")).isEmpty();
        assertThat(alice.get("/conflicts?status=all").json().get("conflicts")).hasSize(1);
        // the copy's delete is in the change feed, so it leaves every device
        JsonNode changes = alice.get("/changes?cursor=0").json().get("changes");
        assertThat(changes.get(changes.size() - 1).get("file_id").asText()).isEqualTo(copy);
        assertThat(changes.get(changes.size() - 1).get("deleted").asBoolean()).isTrue();

        TestHttp.Reply again = resolve(alice, id, "{\"keep\":\"original\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("written")).isEmpty();
        TestHttp.Reply otherwise = resolve(alice, id, "{\"keep\":\"both\"}");
        assertThat(otherwise.status()).isEqualTo(409);
        assertThat(otherwise.json().get("error").asText()).isEqualTo("conflict_resolved");
        assertThat(otherwise.json().get("conflict").get("resolution").asText()).isEqualTo("original");
    }

    @Test
    void keep_copy_racing_a_new_edit_is_a_409_that_leaves_the_conflict_open() throws Exception {
        long id = overlappingEditKeptBoth().get("conflict").get("id").asLong();
        assertThat(put(alice, "doc.txt", "a newer edit\n", 2, false, false, "ClientC").status()).isEqualTo(200);

        TestHttp.Reply stale = resolve(alice, id, "{\"keep\":\"copy\",\"expected_version\":2}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("error").asText()).isEqualTo("version_conflict");
        assertThat(stale.json().get("current_version").asLong()).isEqualTo(3);
        assertThat(alice.get("/conflicts/" + id).json().get("status").asText()).isEqualTo("open");
        assertThat(text(alice, "doc (conflicted copy ClientB).txt")).contains("FIRST (B)");

        TestHttp.Reply fresh = resolve(alice, id, "{\"keep\":\"copy\",\"expected_version\":3}");
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
        assertThat(text(alice, "doc.txt")).isEqualTo(BASE.replace("first paragraph", "FIRST (B)"));
        assertThat(alice.get("/files/doc%20(conflicted%20copy%20ClientB).txt").status()).isEqualTo(404);
    }

    @Test
    void keep_content_writes_the_users_own_merge_and_keep_both_leaves_both_files() throws Exception {
        long id = overlappingEditKeptBoth().get("conflict").get("id").asLong();
        TestHttp.Reply own = resolve(alice, id, write("hand merged\n", 2, false, false)
                .replace("\"content\"", "\"keep\":\"content\",\"content\""));
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(text(alice, "doc.txt")).isEqualTo("hand merged\n");

        // a second conflict on another file, resolved keeping both
        assertThat(put(alice, "b.txt", "x\n", 0, false, false, "A").status()).isEqualTo(201);
        assertThat(put(alice, "b.txt", "y\n", 1, false, false, "A").status()).isEqualTo(200);
        long second = put(alice, "b.txt", "z\n", 1, true, true, "B").json().get("conflict").get("id").asLong();
        assertThat(resolve(alice, second, "{\"keep\":\"both\"}").status()).isEqualTo(200);
        assertThat(text(alice, "b.txt")).isEqualTo("y\n");
        assertThat(text(alice, "b (conflicted copy B).txt")).isEqualTo("z\n");
    }

    @Test
    void every_bad_request_to_the_conflict_api_is_a_clear_4xx() throws Exception {
        long id = overlappingEditKeptBoth().get("conflict").get("id").asLong();

        assertThat(resolve(alice, id, "{\"keep\":\"copy\"}").status()).isEqualTo(400); // no expected_version
        assertThat(resolve(alice, id, "{\"keep\":\"mine\"}").status()).isEqualTo(400);
        assertThat(resolve(alice, id, "{\"keep\":\"content\",\"expected_version\":2}").status()).isEqualTo(400);
        assertThat(resolve(alice, id, "{}").status()).isEqualTo(400);
        assertThat(resolve(alice, id, "not json").status()).isEqualTo(400);
        assertThat(resolve(alice, id + 1000, "{\"keep\":\"original\"}").status()).isEqualTo(404);
        assertThat(alice.get("/conflicts/abc").status()).isEqualTo(404);
        assertThat(alice.get("/conflicts/" + (id + 1000)).status()).isEqualTo(404);
        assertThat(alice.get("/conflicts?status=maybe").status()).isEqualTo(400);
        assertThat(alice.get("/conflicts/" + id + "/resolve").status()).isEqualTo(405);
        assertThat(alice.send(alice.request("/conflicts/" + id + "/resolve").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("original"))).status()).isEqualTo(415);
        assertThat(new TestHttp(server.uri()).get("/conflicts").status()).isEqualTo(401);
        // nothing above changed it
        assertThat(alice.get("/conflicts/" + id).json().get("status").asText()).isEqualTo("open");
    }

    @Test
    void another_users_conflict_answers_as_one_that_does_not_exist() throws Exception {
        long id = overlappingEditKeptBoth().get("conflict").get("id").asLong();

        assertThat(bob.get("/conflicts?status=all").json().get("conflicts")).isEmpty();
        TestHttp.Reply peek = bob.get("/conflicts/" + id);
        TestHttp.Reply none = bob.get("/conflicts/" + (id + 1000));
        assertThat(peek.status()).isEqualTo(404);
        assertThat(peek.json().get("error")).isEqualTo(none.json().get("error"));
        assertThat(resolve(bob, id, "{\"keep\":\"original\"}").status()).isEqualTo(404);
        assertThat(alice.get("/conflicts/" + id).json().get("status").asText()).isEqualTo("open");
    }
}
