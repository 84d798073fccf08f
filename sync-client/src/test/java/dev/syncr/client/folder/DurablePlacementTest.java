package dev.syncr.client.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.client.FilePlacement;
import dev.syncr.server.SyncServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-loss fix, checked through the placement seam: a downloaded file is flushed, renamed into place and its
 * folder flushed before the sync state records it as synced. (In the other order a power cut could leave an empty
 * file that the state calls synced, and the next pass would upload it as an edit.)
 */
class DurablePlacementTest {

    @TempDir
    Path dir;
    SyncServer server;
    Replicas replicas;

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString());
        replicas = new Replicas(server.uri(), dir);
    }

    @AfterEach
    void stop() {
        FilePlacement.watch(null);
        server.close();
    }

    /** What the folder's state says doc.txt's synced version is, read over a connection of its own. */
    private static String stateOf(Replicas.Replica replica) {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:"
                + replica.root.resolve(".syncr").resolve("state.db"));
             PreparedStatement ps = db.prepareStatement("SELECT version FROM synced WHERE file_id = ?")) {
            ps.setString(1, "doc.txt");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? "v" + rs.getLong(1) : "none";
            }
        } catch (Exception e) {
            return "unreadable: " + e.getMessage();
        }
    }

    @Test
    void a_download_is_flushed_and_renamed_into_place_before_the_state_records_it() throws Exception {
        Replicas.Replica a = replicas.add("laptop");
        Replicas.Replica b = replicas.add("desktop");
        a.write("doc.txt", "version one");
        a.sync();
        b.sync();
        a.write("doc.txt", "version two");
        a.sync();
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        FilePlacement.watch((step, path) -> steps.add(step + " " + (step.equals("rename")
                ? b.root.relativize(path) : "") + " state " + stateOf(b)));

        b.sync();

        assertThat(steps).containsExactly(
                "fsync  state v1",
                "ready  state v1",
                "rename doc.txt state v1",
                "fsync-folder  state v1");
        assertThat(stateOf(b)).isEqualTo("v2");
        assertThat(b.read("doc.txt")).isEqualTo("version two");
    }

    @Test
    void files_downloaded_in_batches_are_each_flushed_and_renamed_and_their_folder_flushed_before_the_state_has_them()
            throws Exception {
        Replicas.Replica a = replicas.add("laptop");
        Replicas.Replica b = replicas.add("desktop");
        int files = 1_100; // two batches: the second arrives while the first is placed
        for (int i = 0; i < files; i++) {
            a.write("d" + (i % 11) + "/note-" + i + ".txt", "note " + i);
        }
        a.sync();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        java.util.Set<Path> flushed = java.util.concurrent.ConcurrentHashMap.newKeySet(); // temp files
        java.util.Set<Path> renamed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> durable = java.util.concurrent.ConcurrentHashMap.newKeySet(); // renamed, folder flushed
        Connection[] db = new Connection[1]; // opened at the first step: the pass has made the state by then
        FilePlacement.watch((step, path) -> {
            switch (step) {
                case "fsync" -> flushed.add(path);
                case "rename" -> renamed.add(path);
                case "fsync-folder" -> renamed.stream().filter(p -> p.getParent().equals(path))
                        .forEach(p -> durable.add(b.root.relativize(p).toString().replace('\\', '/')));
                default -> { }
            }
            if (step.equals("rename") || step.equals("fsync-folder")) {
                synchronized (db) {
                    try {
                        if (db[0] == null) {
                            db[0] = DriverManager.getConnection("jdbc:sqlite:"
                                    + b.root.resolve(".syncr").resolve("state.db"));
                        }
                        try (ResultSet rs = db[0].createStatement().executeQuery("SELECT file_id FROM synced")) {
                            while (rs.next()) {
                                if (!durable.contains(rs.getString(1))) {
                                    problems.add(step + " " + path + ": the state has " + rs.getString(1)
                                            + " before its rename and its folder's flush");
                                }
                            }
                        }
                    } catch (java.sql.SQLException e) {
                        problems.add("state unreadable: " + e.getMessage());
                    }
                }
            }
        });

        PassResult.Completed pass;
        try {
            pass = b.sync();
        } finally {
            FilePlacement.watch(null);
            if (db[0] != null) {
                db[0].close();
            }
        }

        assertThat(pass.downloaded()).isEqualTo(files);
        assertThat(flushed).as("each temp file flushed").hasSize(files);
        assertThat(durable).as("each file renamed and its folder flushed").hasSize(files);
        assertThat(problems).isEmpty();
        assertThat(b.read("d10/note-1000.txt")).isEqualTo("note 1000");
    }
}
