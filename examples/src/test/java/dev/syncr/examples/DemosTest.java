package dev.syncr.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.client.ConflictHandler;
import dev.syncr.client.SyncClient;
import dev.syncr.core.FileId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The demos' outcomes, checked on the server: versions, winner and loser, and both texts kept. */
class DemosTest {

    static DemoServer server;

    @BeforeAll
    static void start() throws Exception {
        server = DemoServer.embedded();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void the_offline_demo_tells_the_seeds_story_with_real_versions() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        OfflineConflictDemo.Result result = OfflineConflictDemo.run(server.uri(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.aVersion()).isEqualTo(2);
        assertThat(result.bExpected()).isEqualTo(1);
        assertThat(result.bSawServerVersion()).isEqualTo(2);
        ConflictHandler.KeptBoth kept = (ConflictHandler.KeptBoth) result.resolution();
        assertThat(kept.copy().name()).isEqualTo("document (conflicted copy ClientB).txt");
        SyncClient check = new SyncClient(server.uri(), "checker");
        assertThat(check.getText(result.file()).orElseThrow().content())
                .isEqualTo("Hello World - EDITED BY CLIENT A (offline)");
        assertThat(check.getText(kept.copy()).orElseThrow().content())
                .isEqualTo("Hello World - EDITED BY CLIENT B (offline)");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Upload successful: " + result.file() + " v1 → v2")
                .contains("Expected version: 1")
                .contains("Server version: 2")
                .contains("document (conflicted copy ClientB).txt: saved local changes");
    }

    @RepeatedTest(3)
    void the_online_demo_has_exactly_one_winner_and_loses_neither_text() throws Exception {
        OnlineConflictDemo.Result result = OnlineConflictDemo.run(server.uri(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(result.winner()).isNotEqualTo(result.loser()).isIn("ClientA", "ClientB");
        assertThat(result.winnerVersion()).isEqualTo(2);
        assertThat(result.loserSawVersion()).isEqualTo(2);
        SyncClient check = new SyncClient(server.uri(), "checker");
        assertThat(check.getText(result.file()).orElseThrow().content()).isEqualTo(result.winnerContent());
        FileId copy = ((ConflictHandler.KeptBoth) result.resolution()).copy();
        assertThat(copy.name()).isEqualTo("favorite (conflicted copy " + result.loser() + ").txt");
        assertThat(check.getText(copy).orElseThrow().content()).isEqualTo(result.loserContent());
        assertThat(check.history(result.file())).hasSize(2);
    }

    @Test
    void the_merge_demo_merges_different_paragraphs_and_resolves_the_overlap_with_one_call() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        MergeDemo.Result result = MergeDemo.run(server.uri(), new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.merge()).isEqualTo(new ConflictHandler.Merged(result.file(), 3, 1, 2));
        assertThat(result.mergedText()).contains("then hiring", "ship on 3 March", "Thursday")
                .doesNotContain("Monday");
        ConflictHandler.KeptBoth kept = (ConflictHandler.KeptBoth) result.overlap();
        assertThat(result.resolved().resolution()).contains(dev.syncr.core.Keep.COPY);
        SyncClient check = new SyncClient(server.uri(), "checker");
        assertThat(check.metadata(kept.copy())).as("the copy is gone").isEmpty();
        assertThat(check.list()).extracting(f -> f.id()).doesNotContain(kept.copy());
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("no conflicted copy")
                .contains("a merge of an edit of v1 with v2")
                .contains("the edits overlap: the server kept both");
    }

    @Test
    void the_embedded_quickstart_runs() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            EmbeddedQuickstart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("phone lost: server is at v2")
                .contains("notes/todo (conflicted copy phone).txt v1 by phone")
                .contains("notes/todo.txt v2 by laptop");
    }

    @Test
    void the_shared_demo_tells_the_seeds_story_between_two_people() throws Exception {
        java.util.Map<String, String> tokens = new java.util.LinkedHashMap<>();
        try (DemoServer people = DemoServer.withPeople(tokens, "alice", "bob")) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            SharedFolderDemo.Result result = SharedFolderDemo.run(people, tokens,
                    new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertThat(result.aliceVersion()).isEqualTo(2);
            assertThat(result.bobExpected()).isEqualTo(1);
            assertThat(result.bobSawServerVersion()).isEqualTo(2);
            assertThat(result.copy().value()).startsWith("Project/document (conflicted copy bob's phone");
            assertThat(result.aliceSees()).containsExactlyInAnyOrder("Project/document.txt", result.copy().value());
            assertThat(result.bobSees()).isEqualTo(result.aliceSees());
            assertThat(result.conflictsAliceSees()).isEqualTo(1);
            assertThat(result.conflictsBobSees()).isEqualTo(1);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("CONFLICT").contains("nothing lost");
        }
    }
}
