package dev.syncr.client.folder;

import dev.syncr.client.SyncClient;
import dev.syncr.core.ContentHash;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Devices syncing real folders through one real server. Each scenario ends with every replica and the server
 * holding the same files, and with every content anyone wrote still present.
 */
class FolderSyncScenariosTest {

    @TempDir
    Path dir;
    SyncServer server;
    Replicas replicas;
    Replicas.Replica a;
    Replicas.Replica b;

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString());
        replicas = new Replicas(server.uri(), dir);
        a = replicas.add("laptop");
        b = replicas.add("desktop");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void shared(String id, String content) throws Exception {
        a.write(id, content);
        replicas.settle();
    }

    @Test
    void a_new_file_reaches_the_other_device_and_sub_folders_map_to_ids() throws Exception {
        a.write("docs/2026/plan.md", "the plan");
        a.write("top.txt", "top");
        replicas.settle();
        assertThat(b.read("docs/2026/plan.md")).isEqualTo("the plan");
        assertThat(new SyncClient(server.uri(), "x").getText(dev.syncr.core.FileId.of("docs/2026/plan.md")))
                .isPresent();
        b.delete("docs/2026/plan.md");
        replicas.settle();
        assertThat(a.root.resolve("docs")).as("emptied folders go too").doesNotExist();
        replicas.assertNothingLost("top");
    }

    @Test
    @Tag("slow") // 1500 files: run by `mvn verify`, not `mvn test`
    void a_first_sync_of_many_small_files_goes_up_and_comes_down_in_batches_not_one_by_one() throws Exception {
        for (int i = 0; i < 1500; i++) {
            a.write("notes/n" + i + ".txt", "note " + i);
        }
        a.write("big.bin", "x".repeat(200_000)); // larger than a batched file: sent as chunks

        PassResult.Completed first = a.sync();

        assertThat(first.uploaded()).isEqualTo(1501);
        String metrics = new TestHttp(server.uri()).get("/metrics").body();
        assertThat(metrics).contains("syncr_http_requests_total{method=\"POST\",route=\"/batch\",status=\"200\"} 2.0")
                .contains("syncr_writes_total{outcome=\"committed\"} 1501.0");
        PassResult.Completed down = b.sync();
        assertThat(down.downloaded()).isEqualTo(1501);
        assertThat(new TestHttp(server.uri()).get("/metrics").body()).as("the other device's first download")
                .contains("syncr_http_requests_total{method=\"POST\",route=\"/batch/download\",status=\"200\"} 2.0");
        replicas.assertNothingLost("note 0", "note 1499");
    }

    @Test
    void a_same_size_edit_in_the_same_time_tick_as_the_last_sync_is_still_sent() throws Exception {
        a.write("tick.txt", "version A");
        // a whole-second stamp (FAT, HFS+, ext3), a little ahead of this machine's clock as a file server's may be:
        // racy however long the first sync takes, so this does not depend on the machine's speed
        java.nio.file.attribute.FileTime tick = java.nio.file.attribute.FileTime.from(java.time.Instant.now()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(30));
        java.nio.file.Files.setLastModifiedTime(a.root.resolve("tick.txt"), tick);
        a.sync();
        // the edit a file system with coarse time stamps cannot tell apart: same size, same modification time
        a.write("tick.txt", "version B");
        java.nio.file.Files.setLastModifiedTime(a.root.resolve("tick.txt"), tick);
        a.sync();
        assertThat(new SyncClient(server.uri(), "x").getText(dev.syncr.core.FileId.of("tick.txt")).orElseThrow()
                .content()).isEqualTo("version B");
        b.sync();
        assertThat(b.read("tick.txt")).isEqualTo("version B");
    }

    @Test
    void a_downloaded_file_is_hashed_again_once_at_most_not_on_every_pass_for_two_seconds() throws Exception {
        a.write("report.bin", "x".repeat(100_000));
        a.sync();
        assertThat(b.sync().downloaded()).isEqualTo(1);
        Path placed = b.root.resolve("report.bin");
        long stamp = Files.getLastModifiedTime(placed).toMillis();
        if (stamp % 1000 == 0) { // one time in a thousand a fine stamp falls on a whole second, which waits 2 s
            Files.setLastModifiedTime(placed, java.nio.file.attribute.FileTime.fromMillis(stamp + 1));
        }
        java.util.concurrent.atomic.AtomicInteger hashed = new java.util.concurrent.atomic.AtomicInteger();
        LocalScan.faults = path -> { // called just before the scan reads a file's content
            if (path.startsWith(b.root) && Files.isRegularFile(path)) {
                hashed.incrementAndGet();
            }
        };
        try {
            // past the tick of a stamp with a fraction of a second (this file system's); far inside two seconds
            while (System.currentTimeMillis() - Files.getLastModifiedTime(placed).toMillis() < 150) {
                Thread.sleep(10);
            }
            b.sync();
            b.sync();
            b.sync();
        } finally {
            LocalScan.faults = path -> { };
        }
        assertThat(hashed).as("the download's stat is settled by the first pass that sees it old enough").hasValueLessThanOrEqualTo(1);
        a.write("report.bin", "y".repeat(100_000)); // a same-size edit after that is still seen
        a.sync();
        b.sync();
        assertThat(b.read("report.bin")).startsWith("y");
    }

    @Test
    void an_edit_the_server_already_holds_merged_with_another_brings_that_head_down() throws Exception {
        shared("notes.txt", "line 0\nline 1\nline 2\nline 3\nline 4\nline 5\n");
        b.write("notes.txt", "same edit\nline 1\nline 2\nline 3\nline 4\nline 5\nand more\n");
        b.sync();
        // the same edit without b's second one: merged with the head, it is the head, so the server answers
        // "unchanged" with content other than a's
        a.write("notes.txt", "same edit\nline 1\nline 2\nline 3\nline 4\nline 5\n");
        assertThat(a.sync().downloaded()).as("the pass says the file changed here").isEqualTo(1);
        assertThat(a.read("notes.txt")).as("the head, which holds a's edit, replaced a's copy")
                .isEqualTo("same edit\nline 1\nline 2\nline 3\nline 4\nline 5\nand more\n");
        assertThat(a.sync().planned()).as("and the state says so: nothing left to do").isEmpty();
        replicas.settle();
        replicas.assertNothingLost("same edit\nline 1\nline 2\nline 3\nline 4\nline 5\nand more\n");
    }

    @Test
    void two_devices_creating_one_big_file_keep_both_though_neither_scan_read_it() throws Exception {
        // new files nobody else has are hashed by their upload, not by the scan: the conflict is settled with the
        // hash of what was sent
        String laptops = "laptop's take\n".repeat(20_000);
        String desktops = "desktop's take\n".repeat(18_000) + "\u0000"; // a NUL: not text, so never merged
        a.write("report.dat", laptops);
        b.write("report.dat", desktops);
        // the laptop's create lands while the desktop's scan runs: the desktop saw no such file on the server
        LocalScan.faults = path -> {
            if (path.equals(b.root.resolve("report.dat"))) {
                LocalScan.faults = p -> { };
                a.sync();
            }
        };
        PassResult.Completed second;
        try {
            second = b.sync();
        } finally {
            LocalScan.faults = path -> { };
        }
        assertThat(second.conflicts()).isEqualTo(1);
        assertThat(b.read("report.dat")).isEqualTo(laptops);
        assertThat(b.read("report (conflicted copy desktop).dat")).isEqualTo(desktops);
        assertThat(b.sync().planned()).as("the copy is recorded as what it holds").isEmpty();
        replicas.settle();
        replicas.assertNothingLost(laptops, desktops);
    }

    @Test
    void a_new_file_deleted_while_the_scan_runs_is_simply_not_there() throws Exception {
        a.write("fleeting.txt", "here and gone");
        LocalScan.faults = path -> { // the scan has its stat; the file goes before its content would be read
            if (path.endsWith("fleeting.txt")) {
                Files.delete(path);
            }
        };
        PassResult.Completed pass;
        try {
            pass = a.sync();
        } finally {
            LocalScan.faults = path -> { };
        }
        assertThat(pass.leftAlone()).as("gone, not unreadable").isEmpty();
        assertThat(pass.uploaded()).isZero();
    }

    @Test
    void offline_edit_edit_keeps_both() throws Exception {
        shared("document.txt", "Hello World - Version 1");
        a.write("document.txt", "EDITED BY laptop (offline)");
        b.write("document.txt", "EDITED BY desktop (offline)");

        a.sync();
        PassResult.Completed second = b.sync();
        replicas.settle();

        assertThat(second.conflicts()).isEqualTo(1);
        assertThat(a.read("document.txt")).isEqualTo("EDITED BY laptop (offline)");
        assertThat(a.read("document (conflicted copy desktop).txt")).isEqualTo("EDITED BY desktop (offline)");
        replicas.assertNothingLost("EDITED BY laptop (offline)", "EDITED BY desktop (offline)");
    }

    @Test
    void edited_here_deleted_there_keeps_the_edit_in_either_order() throws Exception {
        shared("x.txt", "v1");
        shared("y.txt", "v1");
        a.write("x.txt", "x edited");
        b.delete("x.txt");
        a.write("y.txt", "y edited");
        b.delete("y.txt");

        a.sync(); // x: the edit reaches the server first, then the delete arrives
        b.sync();
        replicas.settle();
        assertThat(b.read("x.txt")).isEqualTo("x edited");
        replicas.assertNothingLost("x edited", "y edited");
    }

    @Test
    void deleted_here_edited_there_restores_the_edit() throws Exception {
        shared("report.txt", "v1");
        b.delete("report.txt");
        b.sync(); // the delete reaches the server first
        a.write("report.txt", "edited offline on the laptop");
        a.sync(); // the edit of a deleted file wins
        replicas.settle();
        replicas.assertNothingLost("edited offline on the laptop");
    }

    @Test
    void created_on_both_sides_keeps_both_unless_identical() throws Exception {
        a.write("new.txt", "laptop's version");
        b.write("new.txt", "desktop's version");
        a.write("same.txt", "identical");
        b.write("same.txt", "identical");
        replicas.settle();
        Map<String, String> files = replicas.assertConverged();
        assertThat(files).containsKeys("new.txt", "new (conflicted copy desktop).txt", "same.txt");
        assertThat(files.keySet()).noneMatch(name -> name.startsWith("same ("));
        replicas.assertNothingLost("laptop's version", "desktop's version", "identical");
    }

    @Test
    void three_devices_editing_one_file_lose_nothing() throws Exception {
        Replicas.Replica c = replicas.add("tablet");
        shared("todo.txt", "base");
        a.write("todo.txt", "from laptop");
        b.write("todo.txt", "from desktop");
        c.write("todo.txt", "from tablet");
        replicas.settle();
        Map<String, String> files = replicas.assertConverged();
        assertThat(files).hasSize(3);
        replicas.assertNothingLost("from laptop", "from desktop", "from tablet");
    }

    @Test
    void the_same_file_conflicting_three_times_never_nests_names() throws Exception {
        shared("notes.md", "base");
        for (int i = 1; i <= 3; i++) {
            a.write("notes.md", "laptop " + i);
            b.write("notes.md", "desktop " + i);
            a.sync();
            b.sync();
            replicas.settle();
        }
        assertThat(replicas.assertConverged().keySet()).containsExactlyInAnyOrder("notes.md",
                "notes (conflicted copy desktop).md", "notes (conflicted copy desktop 2).md",
                "notes (conflicted copy desktop 3).md");
        replicas.assertNothingLost("desktop 1", "desktop 2", "desktop 3", "laptop 3");
    }

    @Test
    void a_resync_with_no_changes_transfers_nothing() throws Exception {
        shared("a.txt", "a");
        shared("dir/b.txt", "b");
        PassResult.Completed again = a.sync();
        PassResult.Completed other = b.sync();
        assertThat(again.planned()).isEmpty();
        assertThat(other.planned()).isEmpty();
        assertThat(again.uploaded() + again.downloaded() + other.uploaded() + other.downloaded()).isZero();
    }

    @Test
    void editor_temp_files_and_the_state_folder_are_not_synced() throws Exception {
        a.write("doc.txt", "real");
        a.write(".doc.txt.swp", "vim swap");
        a.write("~$report.docx", "office lock");
        a.write("scratch.tmp", "temp");
        replicas.settle();
        assertThat(b.root.resolve(".doc.txt.swp")).doesNotExist();
        assertThat(b.root.resolve("~$report.docx")).doesNotExist();
        assertThat(new SyncClient(server.uri(), "x").list()).extracting(f -> f.id().value())
                .containsExactly("doc.txt");
    }

    @Test
    void a_pass_that_would_delete_most_files_stops_and_asks() throws Exception {
        for (int i = 0; i < 10; i++) {
            a.write("f" + i + ".txt", "file " + i);
        }
        replicas.settle();
        for (int i = 0; i < 8; i++) {
            a.delete("f" + i + ".txt");
        }
        try (FolderSync sync = FolderSync.open(a.root, new SyncClient(server.uri(), a.name), false)) {
            PassResult result = sync.syncOnce();
            assertThat(result).isInstanceOf(PassResult.StoppedMassDelete.class);
            assertThat(((PassResult.StoppedMassDelete) result).deletes()).isEqualTo(8);
        }
        assertThat(new SyncClient(server.uri(), "x").list()).hasSize(10);
        try (FolderSync sync = FolderSync.open(a.root, new SyncClient(server.uri(), a.name), true)) {
            assertThat(((PassResult.Completed) sync.syncOnce()).deletedRemotely()).isEqualTo(8);
        }
        replicas.settle();
        assertThat(b.files()).hasSize(2);
    }

    @Test
    @Tag("slow") // 100 MB: run by `mvn verify`, not `mvn test`
    void a_hundred_megabyte_binary_file_syncs_byte_for_byte() throws Exception {
        Path big = a.root.resolve("media/video.bin");
        Files.createDirectories(big.getParent());
        byte[] chunk = new byte[1024 * 1024];
        java.util.Random random = new java.util.Random(3);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 100; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        replicas.settle();
        Path copy = b.root.resolve("media/video.bin");
        assertThat(Files.size(copy)).isEqualTo(100L * 1024 * 1024);
        assertThat(ContentHash.of(copy)).isEqualTo(ContentHash.of(big));
    }
}
