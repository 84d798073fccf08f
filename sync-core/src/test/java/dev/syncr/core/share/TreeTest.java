package dev.syncr.core.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncr.core.DeleteRequest;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.MoveRequest;
import dev.syncr.core.Namespace;
import dev.syncr.core.OnConflict;
import dev.syncr.core.SyncService;
import dev.syncr.core.UploadRequest;
import dev.syncr.core.WriteOutcome;
import dev.syncr.core.memory.InMemoryBlobStore;
import dev.syncr.core.memory.InMemoryMetadataStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A user's tree: paths in a mounted folder go to the folder's namespace and come back in the user's paths. */
class TreeTest {

    final SyncService root = new SyncService(new InMemoryMetadataStore(), new InMemoryBlobStore());
    final Namespace aliceHome = new Namespace("alice");
    final Namespace bobHome = new Namespace("bob");
    final Namespace project = new Namespace("share-1");

    Tree tree(Namespace home, String mountPath, Role role) {
        return new Tree(root, home, SyncService.NO_QUOTA,
                List.of(new Mount(FileId.of(mountPath), 1, project, role, "alice", SyncService.NO_QUOTA)), List.of());
    }

    static UploadRequest write(String id, long expected, String text) {
        return new UploadRequest(FileId.of(id), expected, new ByteArrayInputStream(text.getBytes(
                StandardCharsets.UTF_8)), Optional.empty(), "test", OnConflict.REJECT);
    }

    @Test
    void two_people_write_the_same_file_through_their_own_paths() throws IOException {
        Tree alice = tree(aliceHome, "Project", Role.OWNER);
        Tree bob = tree(bobHome, "Shared/From Alice", Role.EDITOR);
        WriteOutcome created = alice.upload(write("Project/plan.txt", 0, "v1"));
        assertThat(((WriteOutcome.Committed) created).version().id()).isEqualTo(FileId.of("Project/plan.txt"));
        assertThat(bob.metadata(FileId.of("Shared/From Alice/plan.txt"))).map(FileVersion::version).contains(1L);
        assertThat(bob.upload(write("Shared/From Alice/plan.txt", 1, "v2 by bob")))
                .isInstanceOf(WriteOutcome.Committed.class);
        WriteOutcome stale = alice.upload(write("Project/plan.txt", 1, "v2 by alice"));
        assertThat(stale).isInstanceOfSatisfying(WriteOutcome.Conflict.class, c -> {
            assertThat(c.id()).isEqualTo(FileId.of("Project/plan.txt"));
            assertThat(c.currentVersion()).isEqualTo(2);
        });
        assertThat(root.in(project).metadata(FileId.of("plan.txt"))).map(FileVersion::version).contains(2L);
        assertThat(root.in(aliceHome).list()).as("nothing landed in alice's home").isEmpty();
    }

    @Test
    void a_viewer_reads_but_every_write_is_refused_before_anything_changes() throws IOException {
        tree(aliceHome, "Project", Role.OWNER).upload(write("Project/plan.txt", 0, "v1"));
        Tree carol = tree(new Namespace("carol"), "Project", Role.VIEWER);
        assertThat(carol.history(FileId.of("Project/plan.txt"))).hasSize(1);
        assertThatThrownBy(() -> carol.upload(write("Project/plan.txt", 1, "mine"))).isInstanceOf(
                ReadOnlyException.class);
        assertThatThrownBy(() -> carol.delete(new DeleteRequest(FileId.of("Project/plan.txt"), OptionalLong.empty(),
                "c"))).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> carol.move(new MoveRequest(FileId.of("Project/plan.txt"), FileId.of("mine.txt"), 1,
                "c"))).isInstanceOf(ReadOnlyException.class);
        assertThat(carol.upload(write("notes.txt", 0, "her own"))).isInstanceOf(WriteOutcome.Committed.class);
        assertThat(root.in(project).metadata(FileId.of("plan.txt"))).map(FileVersion::version).contains(1L);
    }

    @Test
    void versions_read_together_come_from_each_namespace_in_the_callers_paths_even_where_inner_names_agree()
            throws IOException {
        Namespace other = new Namespace("share-2");
        Tree alice = new Tree(root, aliceHome, SyncService.NO_QUOTA, List.of(
                new Mount(FileId.of("Project"), 1, project, Role.OWNER, "alice", SyncService.NO_QUOTA),
                new Mount(FileId.of("Other"), 2, other, Role.OWNER, "alice", SyncService.NO_QUOTA)), List.of());
        alice.upload(write("plan.txt", 0, "home"));
        alice.upload(write("Project/plan.txt", 0, "project v1"));
        alice.upload(write("Project/plan.txt", 1, "project v2"));
        alice.upload(write("Other/plan.txt", 0, "other"));

        java.util.Map<FileId, FileVersion> found = alice.versions(java.util.Map.of(FileId.of("plan.txt"), 1L,
                FileId.of("Project/plan.txt"), 1L, FileId.of("Other/plan.txt"), 1L, FileId.of("Other/none.txt"), 1L,
                FileId.of("Other/plan.txt.old"), 7L));

        assertThat(found).containsOnlyKeys(FileId.of("plan.txt"), FileId.of("Project/plan.txt"),
                FileId.of("Other/plan.txt"));
        found.forEach((id, v) -> assertThat(v).isEqualTo(alice.version(id, 1).orElseThrow()));
        java.util.Map<String, byte[]> bytes = alice.inlineContents(found.values().stream().map(FileVersion::content)
                .toList());
        assertThat(bytes.get(found.get(FileId.of("Project/plan.txt")).hash())).as("version 1, as asked")
                .isEqualTo("project v1".getBytes(StandardCharsets.UTF_8));
        assertThat(bytes.get(found.get(FileId.of("Other/plan.txt")).hash()))
                .isEqualTo("other".getBytes(StandardCharsets.UTF_8));
        assertThat(bytes).hasSize(3);
    }

    @Test
    void the_listing_spans_the_home_and_every_mounted_folder_in_path_order() throws IOException {
        Tree alice = tree(aliceHome, "Project", Role.OWNER);
        alice.upload(write("A.txt", 0, "a"));
        alice.upload(write("Project/b.txt", 0, "b"));
        alice.upload(write("Project/sub/c.txt", 0, "c"));
        alice.upload(write("Zed.txt", 0, "z"));
        assertThat(alice.list(null, 100, false)).extracting(v -> v.id().value())
                .containsExactly("A.txt", "Project/b.txt", "Project/sub/c.txt", "Zed.txt");
        assertThat(alice.list(FileId.of("Project/b.txt"), 2, false)).extracting(v -> v.id().value())
                .containsExactly("Project/sub/c.txt", "Zed.txt");
    }

    @Test
    void the_feed_merges_every_namespace_in_order_and_pages_with_one_cursor() throws IOException {
        Tree alice = tree(aliceHome, "Project", Role.OWNER);
        for (int i = 0; i < 5; i++) {
            alice.upload(write("home-" + i + ".txt", 0, "h" + i));
            alice.upload(write("Project/p-" + i + ".txt", 0, "p" + i));
        }
        List<String> seen = new java.util.ArrayList<>();
        long cursor = 0;
        Tree.Page page;
        do {
            page = alice.changes(cursor, 3);
            assertThat(page.entries()).hasSizeLessThanOrEqualTo(3);
            page.entries().forEach(e -> seen.add(((Tree.Entry.Version) e).version().id().value()));
            assertThat(page.cursor()).isGreaterThan(cursor);
            cursor = page.cursor();
        } while (page.hasMore());
        assertThat(seen).containsExactly("home-0.txt", "Project/p-0.txt", "home-1.txt", "Project/p-1.txt",
                "home-2.txt", "Project/p-2.txt", "home-3.txt", "Project/p-3.txt", "home-4.txt", "Project/p-4.txt");
        assertThat(alice.changes(cursor, 3).entries()).isEmpty();
    }

    @Test
    void moving_out_of_a_shared_folder_copies_then_deletes_so_the_owner_can_restore() throws IOException {
        tree(aliceHome, "Project", Role.OWNER).upload(write("Project/a.txt", 0, "alice's"));
        Tree bob = tree(bobHome, "Project", Role.EDITOR);
        WriteOutcome moved = bob.move(new MoveRequest(FileId.of("Project/a.txt"), FileId.of("mine/a.txt"), 1, "bob"));
        assertThat(moved).isInstanceOfSatisfying(WriteOutcome.Committed.class,
                c -> assertThat(c.version().id()).isEqualTo(FileId.of("mine/a.txt")));
        assertThat(root.in(bobHome).metadata(FileId.of("mine/a.txt"))).isPresent();
        List<FileVersion> history = root.in(project).history(FileId.of("a.txt"));
        assertThat(history).hasSize(2);
        assertThat(history.getFirst().deleted()).isTrue();
        assertThat(history.getLast().hash()).isEqualTo(root.in(bobHome).metadata(FileId.of("mine/a.txt"))
                .orElseThrow().hash());
    }

    @Test
    void mount_events_come_in_position_order_with_the_versions() throws IOException {
        root.in(project).upload(write("x.txt", 0, "x"));
        long before = root.in(project).latestCursor();
        Tree bob = new Tree(root, bobHome, SyncService.NO_QUOTA,
                List.of(new Mount(FileId.of("Project"), 1, project, Role.EDITOR, "alice", SyncService.NO_QUOTA)),
                List.of(new Tree.MountEvent(before + 1, FileId.of("Project"), true)));
        Tree.Page page = bob.changes(before, 10);
        assertThat(page.entries()).singleElement().isInstanceOfSatisfying(Tree.Entry.Mounted.class,
                m -> assertThat(m.path()).isEqualTo(FileId.of("Project")));
        assertThat(page.cursor()).isEqualTo(before + 1);
        assertThat(bob.latestCursor()).isEqualTo(before + 1);
    }

    @Test
    void a_shared_folder_counts_against_its_owner_whoever_writes_there() throws IOException {
        Tree.Usage usage = (owner, except) -> owner.equals("alice")
                ? (except.equals(aliceHome) ? 0 : root.in(aliceHome).usage())
                        + (except.equals(project) ? 0 : root.in(project).usage()) : 0;
        Tree alice = new Tree(root, "alice", aliceHome, 10, List.of(new Mount(FileId.of("Project"), 1, project,
                Role.OWNER, "alice", 10)), List.of(), usage);
        Tree bob = new Tree(root, "bob", bobHome, SyncService.NO_QUOTA, List.of(new Mount(FileId.of("Project"), 1,
                project, Role.EDITOR, "alice", 10)), List.of(), usage);
        assertThat(alice.upload(write("home.txt", 0, "123456"))).isInstanceOf(WriteOutcome.Committed.class);
        assertThat(bob.upload(write("Project/big.txt", 0, "abcdef"))).as("bob has no quota; alice's is full")
                .isInstanceOf(WriteOutcome.QuotaExceeded.class);
        assertThat(bob.upload(write("Project/small.txt", 0, "abc"))).isInstanceOf(WriteOutcome.Committed.class);
        assertThat(alice.usage()).isEqualTo(9);
        assertThat(bob.upload(write("mine.txt", 0, "as much as bob likes"))).isInstanceOf(
                WriteOutcome.Committed.class);
    }
}
