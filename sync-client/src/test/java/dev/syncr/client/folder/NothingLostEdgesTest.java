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

    /** Stops the server and starts it again at the same address, over whatever its data folder holds then. */
    private void restart(Runnable whileStopped) throws Exception {
        int port = server.uri().getPort();
        server.close();
        whileStopped.run();
        server = SyncServer.start("--port", Integer.toString(port), "--data-dir", dir.resolve("server").toString());
    }

    private static void copyTree(Path from, Path to) {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_server_restored_from_a_backup_is_noticed_and_the_devices_converge_with_nothing_lost() throws Exception {
        a.write("kept.txt", "before the backup");
        b.write("other.txt", "also before the backup");
        replicas.settle();
        Path data = dir.resolve("server");
        Path backup = dir.resolve("backup");
        restart(() -> copyTree(data, backup));

        a.write("kept.txt", "edited after the backup");
        for (int i = 1; i <= 3; i++) {
            a.write("after/" + i + ".txt", "written after the backup " + i);
        }
        replicas.settle();
        restart(() -> {
            deleteTree(data);
            copyTree(backup, data);
        });
        // more changes than were lost, so the restored feed's positions pass where the devices had read to
        for (int i = 1; i <= 6; i++) {
            b.write("restored/" + i + ".txt", "written on the restored server " + i);
        }

        PassResult.Completed first = b.sync();
        assertThat(first.serverReset()).as("the desktop notices").isPresent();
        PassResult.Completed second = a.sync();
        assertThat(second.serverReset()).as("the laptop notices, though the feed has moved past its cursor")
                .isPresent();
        assertThat(second.deletedLocally() + second.deletedRemotely()).isZero();
        replicas.settle();

        replicas.assertNothingLost("before the backup", "edited after the backup", "also before the backup",
                "written after the backup 1", "written after the backup 3", "written on the restored server 1",
                "written on the restored server 6");
    }

    @Test
    void a_server_recreated_empty_at_the_same_address_gets_everything_back() throws Exception {
        a.write("one.txt", "one");
        b.write("two/three.txt", "three");
        replicas.settle();
        String storeBefore = new SyncClient(server.uri(), "x").changes(0, 1).storeId();
        restart(() -> deleteTree(dir.resolve("server")));
        assertThat(new SyncClient(server.uri(), "x").changes(0, 1).storeId()).isNotEqualTo(storeBefore);

        PassResult.Completed pass = a.sync();

        assertThat(pass.serverReset()).isPresent();
        assertThat(pass.serverReset().get()).contains("recreated");
        replicas.settle();
        replicas.assertNothingLost("one", "three");
    }

    @Test
    void names_a_folder_cannot_hold_are_left_alone_never_overwritten_deleted_or_written_outside_it() throws Exception {
        String nfc = "caf\u00e9.txt";
        String nfd = "cafe\u0301.txt";
        b.write("README.md", "upper");
        b.write("Readme.md", "mixed");
        b.write(nfc, "composed");
        b.write(nfd, "decomposed");
        b.write("aux.txt", "a device name on Windows");
        b.write("notes/a.", "a trailing dot");
        b.write("C:/x.txt", "a drive letter on Windows");
        PassResult.Completed linux = b.sync();
        // ids are NFC: on a disk that tells the forms apart, the NFD name is another file than its id names
        assertThat(linux.leftAlone()).containsOnlyKeys(nfd);
        assertThat(linux.leftAlone().get(nfd)).contains("Unicode form");

        a.names = LocalNames.MACOS;
        PassResult.Completed mac = a.sync();
        assertThat(mac.leftAlone()).containsOnlyKeys("Readme.md");
        assertThat(mac.leftAlone().get("Readme.md")).contains("only by case");
        assertThat(mac.partial()).isTrue();
        assertThat(a.read("README.md")).isEqualTo("upper");
        assertThat(a.read(nfc)).isEqualTo("composed");
        assertThat(Files.exists(a.root.resolve("Readme.md"))).as("never written over README.md").isFalse();
        assertThat(Files.exists(a.root.resolve(nfd))).isFalse();

        a.write("README.md", "upper, edited on the mac");
        a.sync();
        b.sync();
        assertThat(b.read("README.md")).isEqualTo("upper, edited on the mac");
        assertThat(b.read("Readme.md")).as("the one the mac left alone is untouched everywhere").isEqualTo("mixed");
        assertThat(b.read(nfd)).as("the NFD file was never read or overwritten").isEqualTo("decomposed");
        assertThat(b.read(nfc)).isEqualTo("composed");

        Replicas.Replica windows = replicas.add("windows");
        windows.names = LocalNames.WINDOWS;
        PassResult.Completed win = windows.sync();
        assertThat(win.leftAlone()).containsKeys("aux.txt", "notes/a.", "C:/x.txt", "Readme.md");
        assertThat(win.leftAlone().get("aux.txt")).contains("device name");
        try (var walk = Files.walk(dir)) {
            assertThat(walk.filter(p -> p.getFileName().toString().equals("x.txt")).toList())
                    .as("C:/x.txt is written nowhere by the Windows folder, inside it or out")
                    .allSatisfy(p -> assertThat(p.startsWith(b.root) || p.startsWith(a.root)).isTrue());
        }
        assertThat(new SyncClient(server.uri(), "check").list()).extracting(f -> f.id().value())
                .as("the server keeps every one").contains("Readme.md", nfc, "aux.txt", "notes/a.", "C:/x.txt");
    }
}
