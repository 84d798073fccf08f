package dev.syncr.server.shares;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncr.server.ServerDatabase;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import dev.syncr.server.TestHttp;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared folders over real HTTP, on each database: alice shares a folder of her files with bob (editor) and carol
 * (viewer); dave is in nothing. The same versions, history and conflicts through each member's own paths; a viewer's
 * every write refused with 403; a non-member's every guess a 404.
 */
abstract class SharingHttpContract {

    @TempDir
    Path dir;
    ServerDatabase database;
    SyncServer server;
    TestAccounts accounts;
    TestHttp alice;
    TestHttp bob;
    TestHttp carol;
    TestHttp dave;

    protected abstract ServerDatabase database(Path dir);

    @BeforeEach
    void start() throws Exception {
        database = database(dir);
        accounts = database.accounts();
        List<String> tokens = new ArrayList<>();
        for (String name : List.of("alice", "bob", "carol", "dave")) {
            tokens.add(accounts.userWithToken(name));
        }
        server = database.startServer(dir, List.of());
        TestHttp anonymous = new TestHttp(server.uri());
        alice = anonymous.withToken(tokens.get(0));
        bob = anonymous.withToken(tokens.get(1));
        carol = anonymous.withToken(tokens.get(2));
        dave = anonymous.withToken(tokens.get(3));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        accounts.close();
        database.close();
    }

    static String text(String content, long expected) {
        return "{\"content\":\"" + content + "\",\"expected_version\":" + expected + "}";
    }

    private long share(TestHttp who, String path, String with, String role) throws Exception {
        TestHttp.Reply shared = who.postJson("/shares", "{\"path\":\"" + path + "\",\"with\":\"" + with
                + "\",\"role\":\"" + role + "\"}");
        assertThat(shared.status()).as(shared.body()).isEqualTo(201);
        return shared.json().get("id").asLong();
    }

    @Test
    void a_shared_folder_keeps_its_history_and_two_people_write_its_files_by_compare_and_set() throws Exception {
        assertThat(alice.postJson("/files/Project/plan.txt", text("v1", 0)).status()).isEqualTo(201);
        assertThat(alice.postJson("/files/Project/plan.txt", text("v2", 1)).status()).isEqualTo(200);
        assertThat(alice.postJson("/files/notes.txt", text("alice only", 0)).status()).isEqualTo(201);
        assertThat(bob.postJson("/files/bob.txt", text("bob's own", 0)).status()).isEqualTo(201);
        long before = alice.get("/changes/latest").json().get("cursor").asLong();
        long bobBefore = bob.get("/changes/latest").json().get("cursor").asLong();

        share(alice, "Project", "bob", "editor");

        // alice: the same paths, versions and history as before; nothing new in her feed but the mount
        assertThat(alice.get("/files/Project/plan.txt").json().get("content").asText()).isEqualTo("v2");
        assertThat(alice.get("/files/Project/plan.txt/versions").json().get("versions")).hasSize(2);
        JsonNode aliceFeed = alice.get("/changes?cursor=" + before).json().get("changes");
        assertThat(aliceFeed).singleElement().satisfies(e -> {
            assertThat(e.get("mount").asText()).isEqualTo("mounted");
            assertThat(e.get("file_id").asText()).isEqualTo("Project");
        });
        // bob (whose cursor is past the folder's old versions): the folder mounted at the root under its name, with
        // the same history
        JsonNode bobFeed = bob.get("/changes?cursor=" + bobBefore).json().get("changes");
        assertThat(bobFeed).singleElement().satisfies(e -> assertThat(e.get("mount").asText()).isEqualTo("mounted"));
        assertThat(bob.get("/files/Project/plan.txt/versions").json().get("versions")).hasSize(2);
        assertThat(bob.get("/files/notes.txt").status()).as("alice's other files stay hers").isEqualTo(404);
        assertThat(bob.get("/files/").json().get("files")).extracting(f -> f.get("file_id").asText())
                .containsExactly("Project/plan.txt", "bob.txt");

        // bob writes on v2; alice, still on v2, loses the race and keeps both: one conflict, seen by both
        assertThat(bob.postJson("/files/Project/plan.txt", text("v3 by bob", 2), "bob-laptop").status())
                .isEqualTo(200);
        TestHttp.Reply lost = alice.postJson("/files/Project/plan.txt", "{\"content\":\"v3 by alice\","
                + "\"expected_version\":2,\"keep_both\":true}", "alice-desktop");
        assertThat(lost.status()).isEqualTo(409);
        String copy = lost.json().get("conflict").get("copy_id").asText();
        assertThat(copy).startsWith("Project/plan (conflicted copy");
        assertThat(bob.get("/conflicts").json().get("conflicts")).singleElement()
                .satisfies(c -> assertThat(c.get("copy_id").asText()).isEqualTo(copy));
        assertThat(alice.get("/conflicts").json().get("conflicts")).hasSize(1);
        assertThat(bob.get("/files/" + copy.replace(" ", "%20")).json().get("content").asText())
                .isEqualTo("v3 by alice");
        // and bob sees alice's list of the folder just as she does
        assertThat(bob.get("/files/?prefix=Project/").json().get("count").asInt())
                .isEqualTo(alice.get("/files/?prefix=Project/").json().get("count").asInt());
    }

    @Test
    void a_viewer_reads_and_every_write_is_refused_with_403() throws Exception {
        alice.postJson("/files/Project/plan.txt", text("v1", 0));
        long id = share(alice, "Project", "carol", "viewer");
        assertThat(carol.get("/files/Project/plan.txt").json().get("content").asText()).isEqualTo("v1");
        List<TestHttp.Reply> writes = List.of(
                carol.postJson("/files/Project/plan.txt", text("mine", 1)),
                carol.postJson("/files/Project/new.txt", text("new", 0)),
                carol.delete("/files/Project/plan.txt?expected_version=1"),
                carol.postJson("/files/Project/plan.txt/move", "{\"to\":\"mine.txt\",\"expected_version\":1}"),
                carol.postJson("/files/Project/plan.txt/restore", "{\"version\":1,\"expected_version\":1}"),
                carol.postJson("/batch", "{\"writes\":[{\"file_id\":\"Project/b.txt\",\"expected_version\":0,"
                        + "\"content\":\"b\"}]}"));
        assertThat(writes).allSatisfy(reply -> {
            assertThat(reply.status()).as(reply.body()).isEqualTo(403);
            assertThat(reply.json().get("error").asText()).isEqualTo("read_only");
        });
        assertThat(alice.get("/files/Project/plan.txt/versions").json().get("versions")).hasSize(1);
        assertThat(alice.get("/files/Project/new.txt").status()).isEqualTo(404);
        TestHttp.Reply upgrade = alice.send(alice.request("/shares/" + id).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"with\":\"carol\",\"role\":\"editor\"}")));
        assertThat(upgrade.status()).as(upgrade.body()).isEqualTo(200);
        assertThat(carol.postJson("/files/Project/plan.txt", text("now I may", 1)).status()).isEqualTo(200);
    }

    @Test
    void someone_outside_a_share_finds_nothing_anywhere() throws Exception {
        alice.postJson("/files/Project/plan.txt", text("v1", 0));
        long id = share(alice, "Project", "bob", "editor");
        assertThat(dave.get("/files/Project/plan.txt").status()).isEqualTo(404);
        assertThat(dave.get("/files/Project/plan.txt/versions").status()).isEqualTo(404);
        assertThat(dave.get("/files/").json().get("files")).isEmpty();
        assertThat(dave.get("/shares").json().get("shares")).isEmpty();
        assertThat(dave.get("/conflicts?status=all").json().get("conflicts")).isEmpty();
        assertThat(dave.delete("/shares/" + id).status()).isEqualTo(404);
        assertThat(dave.postJson("/shares/" + id + "/mount", "{\"path\":\"Mine\"}").status()).isEqualTo(404);
        assertThat(dave.postJson("/shares", "{\"path\":\"Project\",\"with\":\"bob\",\"role\":\"editor\"}").status())
                .as("dave has no Project: sharing it makes an empty folder of his own, not alice's")
                .isEqualTo(201);
        assertThat(bob.get("/shares").json().get("shares")).extracting(s -> s.get("path").asText())
                .containsExactly("Project", "Project (2)");
        assertThat(bob.get("/files/Project/plan.txt").json().get("content").asText()).isEqualTo("v1");
        // only the owner manages members
        assertThat(bob.delete("/shares/" + id + "?user=carol").status()).isEqualTo(403);
    }

    @Test
    void moving_a_file_out_leaves_a_version_the_owner_can_restore_and_leaving_deletes_nothing() throws Exception {
        alice.postJson("/files/Project/a.txt", text("alice's work", 0));
        long id = share(alice, "Project", "bob", "editor");
        TestHttp.Reply moved = bob.postJson("/files/Project/a.txt/move", "{\"to\":\"mine/a.txt\","
                + "\"expected_version\":1}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(bob.get("/files/mine/a.txt").json().get("content").asText()).isEqualTo("alice's work");
        assertThat(alice.get("/files/Project/a.txt").status()).isEqualTo(404);
        TestHttp.Reply restored = alice.postJson("/files/Project/a.txt/restore", "{\"version\":1,"
                + "\"expected_version\":2}");
        assertThat(restored.status()).as(restored.body()).isEqualTo(201); // over the delete: a create
        assertThat(alice.get("/files/Project/a.txt").json().get("content").asText()).isEqualTo("alice's work");

        long cursor = bob.get("/changes/latest").json().get("cursor").asLong();
        assertThat(bob.delete("/shares/" + id).status()).isEqualTo(204);
        assertThat(bob.get("/changes?cursor=" + cursor).json().get("changes")).singleElement()
                .satisfies(e -> assertThat(e.get("mount").asText()).isEqualTo("unmounted"));
        assertThat(bob.get("/files/Project/a.txt").status()).isEqualTo(404);
        assertThat(bob.get("/files/mine/a.txt").status()).isEqualTo(200);
        assertThat(alice.get("/files/Project/a.txt").json().get("content").asText()).isEqualTo("alice's work");
        assertThat(alice.delete("/shares/" + id).status()).as("the owner cannot leave").isEqualTo(400);
    }

    @Test
    void a_member_moves_their_mount_and_a_share_cannot_go_inside_another() throws Exception {
        alice.postJson("/files/Project/plan.txt", text("v1", 0));
        long id = share(alice, "Project", "bob", "editor");
        TestHttp.Reply moved = bob.postJson("/shares/" + id + "/mount", "{\"path\":\"Work/Alice Project\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(bob.get("/files/Work/Alice%20Project/plan.txt").json().get("content").asText()).isEqualTo("v1");
        assertThat(bob.get("/files/Project/plan.txt").status()).isEqualTo(404);
        assertThat(alice.get("/files/Project/plan.txt").status()).as("only bob's view moved").isEqualTo(200);
        assertThat(alice.postJson("/shares", "{\"path\":\"Project/sub\",\"with\":\"carol\",\"role\":\"viewer\"}")
                .status()).isEqualTo(400);
        assertThat(bob.postJson("/shares", "{\"path\":\"Work\",\"with\":\"carol\",\"role\":\"viewer\"}").status())
                .isEqualTo(400);
    }

    @Test
    void a_shared_folder_counts_against_its_owners_quota_whoever_writes_there() throws Exception {
        accounts.accounts().setQuota(new dev.syncr.server.accounts.UserName("alice"), java.util.OptionalLong.of(10));
        alice.postJson("/files/Project/a.txt", text("123456", 0));
        share(alice, "Project", "bob", "editor");
        TestHttp.Reply over = bob.postJson("/files/Project/b.txt", text("abcdef", 0));
        assertThat(over.status()).as(over.body()).isEqualTo(507);
        assertThat(over.json().get("quota_bytes").asLong()).isEqualTo(10);
        assertThat(bob.postJson("/files/mine.txt", text("bob's own files are his own business", 0)).status())
                .isEqualTo(201);
        assertThat(alice.get("/account").json().get("usage_bytes").asLong()).isEqualTo(6);
        assertThat(alice.postJson("/files/home.txt", text("12345", 0)).status()).as("home and share count together")
                .isEqualTo(507);
    }
}
