package dev.syncr.client.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.client.SyncClient;
import dev.syncr.core.FileId;
import dev.syncr.server.SyncServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watch mode and folders created while it runs: a file written into a new folder is sent by the next pass, not by
 * the safety pass half a minute later, even when the pass that the folder's creation started had already scanned it.
 */
class NewFolderWatchTest {

    @TempDir
    Path dir;
    SyncServer server;
    Path root;
    WatchedFolder watched;

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString());
        root = Files.createDirectories(dir.resolve("desktop"));
        watched = new WatchedFolder(root, new SyncClient(server.uri(), "desktop"), 60);
    }

    @AfterEach
    void stop() throws Exception {
        watched.close();
        server.close();
    }

    @Test
    void a_file_written_into_a_new_folder_after_its_pass_scanned_the_folder_is_sent_by_the_next_pass() throws Exception {
        Path later = root.resolve("later");
        Path first = later.resolve("first.txt");
        AtomicBoolean written = new AtomicBoolean();
        // as the pass that the new folder started reads its first file (the folder's entries already listed), the
        // user saves a second one there: this pass cannot see it, and only sends the first
        LocalScan.faults = path -> {
            if (path.equals(first) && written.compareAndSet(false, true)) {
                Files.writeString(later.resolve("second.txt"), "saved while the pass ran");
            }
        };

        Files.createDirectories(later);
        Files.writeString(first, "saved with the new folder");

        // the safety pass would send it after 30 s; the event of the save, well before
        SyncClient check = new SyncClient(server.uri(), "check");
        Waiting.until(() -> check.metadata(FileId.of("later/second.txt")).isPresent(), 20);
        assertThat(written).isTrue();
        assertThat(check.metadata(FileId.of("later/first.txt"))).isPresent();
    }
}
