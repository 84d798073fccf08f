package dev.syncr.client.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.client.SyncClient;
import dev.syncr.core.FileId;
import dev.syncr.server.SyncServer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
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
}
