package dev.syncr.client.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.client.FilePlacement;
import dev.syncr.client.SyncClient;
import dev.syncr.core.FileId;
import dev.syncr.server.SyncServer;
import java.nio.file.AccessDeniedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edges of "nothing is lost" in folder sync: each case here lost data before it was fixed. */
class NothingLostEdgesTest {

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
        LocalScan.faults = path -> { };
        FilePlacement.watch(null);
        server.close();
    }

    @Test
    void a_folder_that_cannot_be_read_is_left_alone_on_both_sides_not_deleted_everywhere() throws Exception {
        a.write("private/one.txt", "one");
        a.write("private/deep/two.txt", "two");
        a.write("private/three.txt", "three");
        a.write("open.txt", "open");
        replicas.settle();
        Path locked = a.root.resolve("private");
        // as the real scan meets it when the folder is chmod 000 and the sync is not root
        LocalScan.faults = path -> {
            if (path.equals(locked)) {
                throw new AccessDeniedException(path.toString());
            }
        };
        a.write("open.txt", "open, edited");

        PassResult.Completed pass = a.sync();

        assertThat(pass.deletedRemotely()).as("nothing unreadable is taken as deleted").isZero();
        assertThat(pass.uploaded()).as("the rest of the folder still syncs").isEqualTo(1);
        assertThat(pass.partial()).isTrue();
        assertThat(pass.leftAlone()).containsOnlyKeys("private");
        assertThat(pass.leftAlone().get("private")).contains("permission denied");
        b.sync();
        assertThat(b.read("private/deep/two.txt")).isEqualTo("two");
        assertThat(new SyncClient(server.uri(), "check").list()).extracting(f -> f.id().value())
                .contains("private/one.txt", "private/deep/two.txt", "private/three.txt");

        // a change from elsewhere under the unreadable folder is not downloaded over it either
        b.write("private/one.txt", "one, edited on the desktop");
        b.sync();
        assertThat(a.sync().downloaded()).isZero();
        assertThat(a.read("private/one.txt")).isEqualTo("one");

        LocalScan.faults = path -> { };
        assertThat(a.sync().partial()).isFalse();
        replicas.settle();
        replicas.assertNothingLost("one, edited on the desktop", "two", "three", "open, edited");
    }

    /** Text of {@code length} letters, different for each seed: large enough to travel as several chunks. */
    static String letters(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(i % 80 == 79 ? '\n' : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    @Test
    void a_save_that_lands_while_a_winning_version_downloads_is_kept_and_sent_next_pass() throws Exception {
        a.write("big.txt", letters(3 << 20, 1));
        replicas.settle();
        String theirs = letters(3 << 20, 2);
        b.write("big.txt", theirs);
        b.sync();
        String mine = "saved on the laptop while the desktop's version was downloading";
        Path target = a.root.resolve("big.txt");
        AtomicBoolean saved = new AtomicBoolean();
        // the user saves after the download is complete in its temporary file, before it is put in place
        FilePlacement.watch((step, path) -> {
            if (step.equals("ready") && path.equals(target) && saved.compareAndSet(false, true)) {
                try {
                    Files.writeString(path, mine);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });

        PassResult.Completed pass = a.sync();

        assertThat(saved).isTrue();
        assertThat(a.read("big.txt")).as("the save is not overwritten").isEqualTo(mine);
        assertThat(pass.downloaded()).isZero();
        assertThat(pass.skipped()).anySatisfy(s -> assertThat(s).contains("big.txt").contains("kept"));
        FilePlacement.watch(null);
        replicas.settle();
        replicas.assertNothingLost(theirs, mine);
    }
}
