package dev.syncr.client.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.client.Access;
import dev.syncr.client.KeepBoth;
import dev.syncr.client.SyncClient;
import dev.syncr.core.ConflictNames;
import dev.syncr.core.FileId;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folder sync across people: alice shares a folder with bob (editor) and carol (viewer); each syncs a folder of their
 * own on their own device. The seed's two-clients story, between two accounts.
 */
class SharedFolderSyncTest {

    @TempDir
    Path dir;
    SyncServer server;
    final Map<String, String> tokens = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        try (TestAccounts accounts = TestAccounts.inDataDir(dir.resolve("server"))) {
            for (String name : List.of("alice", "bob", "carol")) {
                tokens.put(name, accounts.userWithToken(name));
            }
        }
        server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString(),
                "--password-hash-memory", "1024");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    SyncClient client(String user) {
        return new SyncClient(server.uri(), "laptop", SyncClient.RetryPolicy.NONE,
                Access.token(tokens.get(user)));
    }

    PassResult.Completed sync(String user) throws IOException {
        try (SyncClient client = client(user);
             FolderSync sync = FolderSync.open(dir.resolve(user), client, false, new KeepBoth(), LocalNames.POSIX)) {
            PassResult result = sync.syncOnce();
            assertThat(result).isInstanceOf(PassResult.Completed.class);
            return (PassResult.Completed) result;
        }
    }

    Path file(String user, String path) {
        return dir.resolve(user).resolve(path);
    }

    void write(String user, String path, String text) throws IOException {
        Files.createDirectories(file(user, path).getParent());
        Files.writeString(file(user, path), text);
    }

    String read(String user, String path) throws IOException {
        return Files.readString(file(user, path));
    }

    long share(String path, String with, String role) {
        try (SyncClient alice = client("alice")) {
            return alice.sharing().share(FileId.of(path), with, role).id();
        }
    }

    @Test
    void two_people_edit_one_file_merged_apart_and_kept_both_on_the_same_line() throws Exception {
        write("alice", "Project/plan.txt", "one\ntwo\nthree\nfour\nfive\n");
        write("alice", "Project/notes/a.txt", "a");
        sync("alice");
        share("Project", "bob", "editor");
        sync("alice");
        PassResult.Completed first = sync("bob");
        assertThat(first.downloaded()).isEqualTo(2);
        assertThat(read("bob", "Project/plan.txt")).isEqualTo("one\ntwo\nthree\nfour\nfive\n");

        write("alice", "Project/plan.txt", "ONE\ntwo\nthree\nfour\nfive\n");
        write("bob", "Project/plan.txt", "one\ntwo\nthree\nfour\nFIVE\n");
        sync("alice");
        sync("bob");
        sync("alice");
        assertThat(read("alice", "Project/plan.txt")).isEqualTo("ONE\ntwo\nthree\nfour\nFIVE\n");
        assertThat(read("bob", "Project/plan.txt")).isEqualTo("ONE\ntwo\nthree\nfour\nFIVE\n");

        write("alice", "Project/plan.txt", "ONE by alice\ntwo\nthree\nfour\nFIVE\n");
        write("bob", "Project/plan.txt", "ONE by bob\ntwo\nthree\nfour\nFIVE\n");
        sync("alice");
        sync("bob");
        sync("alice");
        List<String> aliceCopies = copies("alice", "Project");
        assertThat(aliceCopies).as("named after the person and the device that lost").singleElement()
                .satisfies(name -> assertThat(name).contains("bob's laptop"));
        assertThat(copies("bob", "Project")).isEqualTo(aliceCopies);
        assertThat(read("alice", "Project/plan.txt")).isEqualTo(read("bob", "Project/plan.txt"));
        try (SyncClient bob = client("bob")) {
            assertThat(bob.conflicts(false)).hasSize(1);
        }
    }

    @Test
    void a_viewer_edit_is_never_uploaded_never_loops_and_is_kept_as_a_local_copy() throws Exception {
        write("alice", "Project/plan.txt", "alice's plan");
        sync("alice");
        share("Project", "carol", "viewer");
        sync("carol");
        write("carol", "Project/plan.txt", "carol's idea");
        write("carol", "Project/new.txt", "carol's new file");
        PassResult.Completed pass = sync("carol");
        assertThat(pass.uploaded()).isZero();
        assertThat(read("carol", "Project/plan.txt")).isEqualTo("alice's plan");
        assertThat(copies("carol", "Project")).singleElement()
                .satisfies(copy -> assertThat(read("carol", "Project/" + copy)).isEqualTo("carol's idea"));
        assertThat(pass.leftAlone()).containsKey("Project/new.txt");
        PassResult.Completed again = sync("carol");
        assertThat(again.changedAnything()).as("the next pass does nothing: no loop").isFalse();
        try (SyncClient alice = client("alice")) {
            assertThat(alice.list(false)).extracting(f -> f.id().value()).containsExactly("Project/plan.txt");
        }
    }

    @Test
    void leaving_removes_unchanged_copies_keeps_edited_ones_and_deletes_nothing_on_the_server() throws Exception {
        write("alice", "Project/a.txt", "a");
        write("alice", "Project/b.txt", "b");
        sync("alice");
        long id = share("Project", "bob", "editor");
        sync("bob");
        write("alice", "Project/a.txt", "a, v2"); // the last change bob's folder follows is one of the folder's
        sync("alice");
        sync("bob");
        write("bob", "Project/b.txt", "b, edited by bob and not synced yet");
        try (SyncClient bob = client("bob")) {
            bob.sharing().leave(id);
        }
        PassResult.Completed left = sync("bob");
        assertThat(left.serverReset()).as("a folder that left is no server reset").isEmpty();
        assertThat(left.deletedLocally()).isEqualTo(1);
        assertThat(file("bob", "Project/a.txt")).doesNotExist();
        assertThat(read("bob", "Project/b.txt")).isEqualTo("b, edited by bob and not synced yet");
        try (SyncClient bob = client("bob"); SyncClient alice = client("alice")) {
            assertThat(bob.list(false)).extracting(f -> f.id().value()).containsExactly("Project/b.txt");
            assertThat(alice.list(false)).extracting(f -> f.id().value())
                    .containsExactly("Project/a.txt", "Project/b.txt");
            assertThat(alice.getText(FileId.of("Project/a.txt")).orElseThrow().content()).isEqualTo("a, v2");
            assertThat(alice.getText(FileId.of("Project/b.txt")).orElseThrow().content()).isEqualTo("b");
        }
        assertThat(sync("bob").changedAnything()).isFalse();
    }

    private List<String> copies(String user, String folder) throws IOException {
        try (Stream<Path> files = Files.list(file(user, folder))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> ConflictNames.isConflictedCopy(
                    FileId.of(n))).sorted().toList();
        }
    }
}
