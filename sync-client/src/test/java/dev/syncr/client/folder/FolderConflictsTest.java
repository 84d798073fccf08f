package dev.syncr.client.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.client.RemoteVersion;
import dev.syncr.client.SyncClient;
import dev.syncr.client.cli.CliRun;
import dev.syncr.core.FileId;
import dev.syncr.server.SyncServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two devices syncing folders through the {@code syncr} command, as a user runs them: edits of different lines of one
 * text file merge on the server, edits of the same line are kept both with one open conflict that every device lists,
 * and one {@code syncr resolve} removes the copy from both devices and closes the conflict.
 */
class FolderConflictsTest {

    private static final String BASE = "# Plan\n\nGoals: ship it.\n\nRisks: none known.\n\nOwner: nobody yet.\n";

    @TempDir
    Path dir;
    SyncServer server;
    Replicas replicas;
    Replicas.Replica laptop;
    Replicas.Replica desktop;

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString());
        replicas = new Replicas(server.uri(), dir);
        laptop = replicas.add("laptop");
        desktop = replicas.add("desktop");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun syncr(Replicas.Replica device, String... args) {
        return CliRun.of(server.uri(), device.name, args);
    }

    private CliRun sync(Replicas.Replica device, String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "sync";
        args[1] = device.root.toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        CliRun run = syncr(device, args);
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        return run;
    }

    /** Both devices hold {@code BASE} as doc.md, then edit it offline. */
    private void sharedBase() throws Exception {
        laptop.write("doc.md", BASE);
        sync(laptop);
        sync(desktop);
        assertThat(desktop.read("doc.md")).isEqualTo(BASE);
    }

    @Test
    void edits_of_different_lines_become_one_file_with_both_on_both_devices() throws Exception {
        sharedBase();
        laptop.write("doc.md", BASE.replace("Goals: ship it.", "Goals: ship it by Friday."));
        desktop.write("doc.md", BASE.replace("Owner: nobody yet.", "Owner: Dana."));

        sync(laptop);
        CliRun second = sync(desktop);
        sync(laptop);

        assertThat(second.out()).contains("1 merged, 0 conflict(s)");
        String both = BASE.replace("Goals: ship it.", "Goals: ship it by Friday.")
                .replace("Owner: nobody yet.", "Owner: Dana.");
        assertThat(laptop.read("doc.md")).isEqualTo(both);
        assertThat(desktop.read("doc.md")).isEqualTo(both);
        assertThat(replicas.assertConverged()).containsOnlyKeys("doc.md");
        List<RemoteVersion> history = new SyncClient(server.uri(), "x").history(FileId.of("doc.md"));
        assertThat(history.getFirst().mergedFrom()).contains(new RemoteVersion.Merge(1, 2));
        assertThat(history.getFirst().clientId()).isEqualTo("desktop");
        assertThat(syncr(laptop, "history", "doc.md").out()).contains("merged: an edit of v1 with v2");
        assertThat(syncr(laptop, "conflicts").out()).contains("no open conflicts");
    }

    @Test
    void edits_of_the_same_line_keep_both_and_one_resolve_clears_it_everywhere() throws Exception {
        sharedBase();
        laptop.write("doc.md", BASE.replace("Risks: none known.", "Risks: the laptop worries."));
        desktop.write("doc.md", BASE.replace("Risks: none known.", "Risks: the desktop worries."));
        sync(laptop);
        CliRun kept = sync(desktop);
        sync(laptop);

        assertThat(kept.out()).contains("0 merged, 1 conflict(s) kept both");
        String copy = "doc (conflicted copy desktop).md";
        Map<String, String> files = replicas.assertConverged();
        assertThat(files).containsOnlyKeys("doc.md", copy);
        assertThat(files.get(copy)).contains("the desktop worries");
        for (Replicas.Replica device : List.of(laptop, desktop)) {
            CliRun listed = syncr(device, "--json", "conflicts");
            assertThat(listed.json().get("conflicts")).as(device.name).hasSize(1);
            assertThat(listed.json().get("conflicts").get(0).get("copy_id").asText()).isEqualTo(copy);
            assertThat(syncr(device, "status", device.root.toString()).out()).contains("1 open conflict(s)");
        }
        long id = syncr(laptop, "--json", "conflicts").json().get("conflicts").get(0).get("id").asLong();

        CliRun resolved = syncr(laptop, "resolve", Long.toString(id), "--keep", "original");
        assertThat(resolved.code()).as(resolved.err()).isZero();
        sync(laptop);
        sync(desktop);

        assertThat(replicas.assertConverged()).containsOnlyKeys("doc.md");
        assertThat(Files.exists(desktop.root.resolve(copy))).isFalse();
        assertThat(laptop.read("doc.md")).contains("the laptop worries");
        for (Replicas.Replica device : List.of(laptop, desktop)) {
            assertThat(syncr(device, "--json", "conflicts").json().get("conflicts")).isEmpty();
        }
        assertThat(syncr(desktop, "--json", "conflicts", "--all").json().get("conflicts").get(0)
                .get("resolution").asText()).isEqualTo("original");
        CliRun again = syncr(desktop, "resolve", Long.toString(id), "--keep", "both");
        assertThat(again.code()).as("resolved already, another way").isEqualTo(3);
    }

    @Test
    void resolving_with_your_own_merge_replaces_the_original_on_every_device() throws Exception {
        sharedBase();
        laptop.write("doc.md", "laptop rewrote it\n");
        desktop.write("doc.md", "desktop rewrote it\n");
        sync(laptop);
        sync(desktop);
        long id = syncr(desktop, "--json", "conflicts").json().get("conflicts").get(0).get("id").asLong();
        Path mine = dir.resolve("merged-by-hand.md");
        Files.writeString(mine, "both rewrote it\n");

        assertThat(syncr(desktop, "resolve", Long.toString(id), "--with", mine.toString()).code()).isZero();
        sync(desktop);
        sync(laptop);

        assertThat(replicas.assertConverged()).containsExactly(Map.entry("doc.md", "both rewrote it\n"));
    }

    @Test
    void binary_files_and_text_over_the_cap_never_merge() throws Exception {
        String binary = "header\u0000\nA\nB\nC\nD\nE\n";
        String large = "x\n".repeat(2_200_000); // 4.4 MB of text
        laptop.write("data.bin", binary);
        laptop.write("large.txt", "top\n" + large + "bottom\n");
        sync(laptop);
        sync(desktop);
        laptop.write("data.bin", binary.replace("A", "A laptop"));
        desktop.write("data.bin", binary.replace("E", "E desktop"));
        laptop.write("large.txt", "TOP\n" + large + "bottom\n");
        desktop.write("large.txt", "top\n" + large + "BOTTOM\n");
        sync(laptop);
        CliRun second = sync(desktop);
        sync(laptop);

        assertThat(second.out()).contains("0 merged, 2 conflict(s) kept both");
        assertThat(replicas.assertConverged()).containsOnlyKeys("data.bin", "data (conflicted copy desktop).bin",
                "large.txt", "large (conflicted copy desktop).txt");
    }

    @Test
    void merge_never_keeps_both_even_where_a_merge_would_be_clean() throws Exception {
        sharedBase();
        laptop.write("doc.md", BASE.replace("Goals: ship it.", "Goals: ship it by Friday."));
        desktop.write("doc.md", BASE.replace("Owner: nobody yet.", "Owner: Dana."));
        sync(laptop);
        CliRun second = sync(desktop, "--merge", "never");

        assertThat(second.out()).contains("0 merged, 1 conflict(s) kept both");
        assertThat(syncr(desktop, "sync", desktop.root.toString(), "--merge", "sometimes").code()).isEqualTo(2);
    }
}
