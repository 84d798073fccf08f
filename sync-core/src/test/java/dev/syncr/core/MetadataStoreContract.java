package dev.syncr.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.chunk.ChunkRef;
import dev.syncr.core.chunk.Manifest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MetadataStore} must do. Each implementation's test extends this and says how to make a fresh,
 * empty store; the suite then holds it to the same behaviour as every other.
 */
public abstract class MetadataStoreContract {

    protected MetadataStore store;
    private final Instant now = Instant.parse("2026-11-24T10:30:00Z");

    /** A new store with no files in it. */
    protected abstract MetadataStore createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) { // null when createStore skipped the test (no database here)
            store.close();
        }
    }

    protected static ContentRef content(String text) {
        return ContentRef.of(ContentHash.of(text.getBytes()), text.length());
    }

    private CommitRequest write(String id, long expected, String text, String client) {
        return new CommitRequest(FileId.of(id), expected, text == null ? null : content(text), client, now);
    }

    /**
     * Two namespaces of one store: the same id is two unrelated files, and nothing one does is visible to the other
     * (head, version, history, list, feed), while both share the feed's positions.
     */
    @Test
    void chunks_are_held_per_namespace_and_manifests_are_shared_by_content() {
        MetadataStore alice = store.in(new Namespace("alice"));
        MetadataStore bob = store.in(new Namespace("bob"));
        String a = ContentHash.of(new byte[] {1});
        String b = ContentHash.of(new byte[] {2});
        assertThat(alice.heldChunks(List.of(a, b))).isEmpty();
        assertThat(alice.holdChunks(List.of(a, b, a), NOW)).as("newly held").containsExactlyInAnyOrder(a, b);
        assertThat(alice.holdChunks(List.of(a), NOW)).as("again: nothing changes").isEmpty();
        assertThat(alice.heldChunks(List.of(a, b, "f".repeat(64)))).containsExactlyInAnyOrder(a, b);
        assertThat(bob.heldChunks(List.of(a, b))).as("holding is per namespace").isEmpty();
        assertThat(bob.holdChunks(List.of(a), NOW)).as("new to bob, whoever else holds it").containsExactly(a);
        assertThat(bob.heldChunks(List.of(a))).containsExactly(a);
        assertThat(alice.heldChunks(List.of())).isEmpty();

        Manifest manifest = new Manifest(List.of(new ChunkRef(a, 1), new ChunkRef(b, 1)), ContentHash.of(
                new byte[] {1, 2}), 2);
        assertThat(alice.manifest(manifest.contentHash())).isEmpty();
        alice.saveManifest(manifest);
        bob.saveManifest(manifest); // same content: the same manifest, saved once
        assertThat(bob.manifest(manifest.contentHash())).contains(manifest);
        assertThat(store.manifest(manifest.contentHash())).contains(manifest);
    }

    @Test
    void a_namespace_is_shown_only_its_own_cut_points_and_only_chunks_it_holds() {
        MetadataStore alice = store.in(new Namespace("alice"));
        MetadataStore bob = store.in(new Namespace("bob"));
        MetadataStore carol = store.in(new Namespace("carol"));
        String a = ContentHash.of(new byte[] {1});
        String b = ContentHash.of(new byte[] {2, 3});
        String c = ContentHash.of(new byte[] {1, 2});
        String d = ContentHash.of(new byte[] {3});
        String content = ContentHash.of(new byte[] {1, 2, 3});
        Manifest alices = new Manifest(List.of(new ChunkRef(a, 1), new ChunkRef(b, 2)), content, 3);
        Manifest bobs = new Manifest(List.of(new ChunkRef(c, 2), new ChunkRef(d, 1)), content, 3);
        alice.holdChunks(List.of(a, b), NOW);
        bob.holdChunks(List.of(c, d), NOW);
        alice.saveManifest(alices);
        bob.saveManifest(bobs); // the same content cut elsewhere: the shared one stays alice's

        assertThat(store.manifest(content)).as("for reading the bytes").contains(alices);
        assertThat(alice.manifestFor(content)).contains(alices);
        assertThat(bob.manifestFor(content)).as("bob's own cut points, never alice's chunks").contains(bobs);
        assertThat(bob.ownChunkList(content)).contains(bobs.chunks());
        assertThat(alice.ownChunkList(content)).isEmpty();
        assertThat(carol.manifestFor(content)).as("holds nothing: fetches the content whole").isEmpty();
        bob.saveManifest(bobs);
        assertThat(bob.manifestFor(content)).as("saved again: unchanged").contains(bobs);
    }

    @Test
    void a_manifest_keeps_its_crc32c_and_one_saved_without_takes_it_when_saved_again_with_one() {
        String a = ContentHash.of(new byte[] {1});
        String b = ContentHash.of(new byte[] {2});
        Manifest withCrc = new Manifest(List.of(new ChunkRef(a, 1), new ChunkRef(b, 1)), ContentHash.of(
                new byte[] {1, 2}), 2).withCrc32c(0xFFFF_FFFEL); // the top bit set: stored unsigned
        store.saveManifest(withCrc);
        assertThat(store.manifest(withCrc.contentHash())).contains(withCrc);

        Manifest without = new Manifest(List.of(new ChunkRef(b, 1), new ChunkRef(a, 1)), ContentHash.of(
                new byte[] {2, 1}), 2); // as saved before CRCs were kept
        store.saveManifest(without);
        assertThat(store.manifest(without.contentHash())).contains(without);
        store.saveManifest(without.withCrc32c(7));
        assertThat(store.manifest(without.contentHash())).contains(without.withCrc32c(7));
        store.saveManifest(without.withCrc32c(8));
        assertThat(store.manifest(without.contentHash())).as("a CRC once saved stays").contains(
                without.withCrc32c(7));
    }

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void a_reclaim_deletes_only_unreferenced_chunks_whose_holds_are_stale_and_holders_then_find_them_missing() {
        MetadataStore alice = store.in(new Namespace("alice"));
        MetadataStore bob = store.in(new Namespace("bob"));
        String used = ContentHash.of(new byte[] {1});
        String stale = ContentHash.of(new byte[] {2});
        String fresh = ContentHash.of(new byte[] {3});
        alice.holdChunks(List.of(used, stale), NOW.minusSeconds(3600));
        bob.holdChunks(List.of(fresh), NOW.minusSeconds(3600));
        bob.holdChunks(List.of(fresh), NOW); // renewed: fresh again
        alice.commit(new CommitRequest(FileId.of("one-chunk.bin"), 0, ContentRef.of(used, 1), "A", NOW));
        Instant staleBefore = NOW.minusSeconds(60);

        assertThat(store.referencedKeys(List.of(ContentHash.storageKey(used), ContentHash.storageKey(stale))))
                .containsExactly(ContentHash.storageKey(used));
        assertThat(store.startReclaim(used, staleBefore, NOW)).as("referenced").isFalse();
        assertThat(store.startReclaim(fresh, staleBefore, NOW)).as("held recently").isFalse();
        assertThat(store.reclaiming(List.of(used, fresh))).isEmpty();

        assertThat(store.startReclaim(stale, staleBefore, NOW)).isTrue();
        assertThat(store.startReclaim(stale, staleBefore, NOW)).as("already being reclaimed").isFalse();
        assertThat(alice.reclaiming(List.of(stale, used))).containsExactly(stale);
        assertThat(alice.renewChunks(List.of(stale, used), NOW)).as("a reclaimed chunk is missing")
                .containsExactly(used);
        store.endReclaim(stale);
        assertThat(alice.reclaiming(List.of(stale))).isEmpty();
        assertThat(alice.heldChunks(List.of(stale))).as("its holds went with it").isEmpty();
    }

    @Test
    void a_chunk_named_by_a_committed_manifest_is_referenced_and_every_content_is_listed_once() {
        String a = ContentHash.of(new byte[] {1});
        String b = ContentHash.of(new byte[] {2});
        Manifest manifest = new Manifest(List.of(new ChunkRef(a, 1), new ChunkRef(b, 1)), ContentHash.of(
                new byte[] {1, 2}), 2);
        store.saveManifest(manifest);
        assertThat(store.referencedKeys(List.of(ContentHash.storageKey(a)))).as("saved, not committed").isEmpty();
        ContentRef content = ContentRef.manifest(manifest.contentHash(), 2);
        store.commit(new CommitRequest(FileId.of("x"), 0, content, "A", NOW));
        store.in(new Namespace("bob")).commit(new CommitRequest(FileId.of("y"), 0, content, "B", NOW));
        assertThat(store.referencedKeys(List.of(ContentHash.storageKey(a), ContentHash.storageKey(b))))
                .containsExactlyInAnyOrder(ContentHash.storageKey(a), ContentHash.storageKey(b));
        assertThat(store.referencedContent()).containsExactly(content);
    }

    @Test
    void pruning_history_keeps_every_head_and_takes_older_versions_out_of_the_feed_too() {
        FileId doc = FileId.of("doc.txt");
        store.commit(new CommitRequest(doc, 0, content("v1"), "A", NOW.minusSeconds(7200)));
        store.commit(new CommitRequest(doc, 1, content("v2"), "A", NOW.minusSeconds(3600)));
        store.commit(new CommitRequest(doc, 2, content("v3"), "A", NOW));
        FileId old = FileId.of("old.txt");
        store.commit(new CommitRequest(old, 0, content("only"), "A", NOW.minusSeconds(9000)));
        store.in(new Namespace("bob")).commit(new CommitRequest(doc, 0, content("bob"), "B", NOW.minusSeconds(9000)));
        store.in(new Namespace("bob")).commit(new CommitRequest(doc, 1, null, "B", NOW.minusSeconds(8000)));

        assertThat(store.pruneHistory(NOW.minusSeconds(1800))).isEqualTo(3);
        assertThat(store.history(doc)).extracting(FileVersion::version).containsExactly(3L);
        assertThat(store.history(old)).extracting(FileVersion::version).containsExactly(1L);
        assertThat(store.in(new Namespace("bob")).history(doc)).extracting(FileVersion::deleted)
                .as("a delete is a head too").containsExactly(true);
        assertThat(store.changes(0, 100).changes()).extracting(c -> c.version().version())
                .containsExactlyInAnyOrder(3L, 1L);
        assertThat(store.head(doc).orElseThrow().version()).isEqualTo(3);
        assertThat(store.version(doc, 3)).map(FileVersion::hash).contains(content("v3").hash());
        assertThat(store.version(doc, 1)).as("pruned").isEmpty();
        assertThat(store.pruneHistory(NOW.minusSeconds(1800))).as("again: nothing more").isZero();
    }

    @Test
    void namespaces_never_see_or_touch_each_others_files() {
        MetadataStore alice = store.in(new Namespace("alice"));
        MetadataStore bob = store.in(new Namespace("bob"));
        FileId doc = FileId.of("doc.txt");
        alice.commit(write("doc.txt", 0, "alice v1", "A"));
        alice.commit(write("doc.txt", 1, "alice v2", "A"));
        alice.commit(write("only-alice.txt", 0, "secret", "A"));

        assertThat(bob.head(doc)).isEmpty();
        assertThat(bob.history(doc)).isEmpty();
        assertThat(bob.version(doc, 1)).isEmpty();
        assertThat(bob.list()).isEmpty();
        assertThat(bob.changes(0, 100).changes()).isEmpty();
        assertThat(store.list()).as("the local namespace").isEmpty();

        // bob's create of the same id is a create (version 1), not a conflict with alice's file
        assertThat(bob.commit(write("doc.txt", 0, "bob v1", "B"))).isInstanceOf(CommitResult.Committed.class);
        // and bob cannot move alice's head: his view of doc.txt is at version 1
        assertThat(bob.commit(write("doc.txt", 2, "bob pretends", "B"))).isInstanceOf(CommitResult.Conflict.class);

        assertThat(alice.head(doc).orElseThrow().version()).isEqualTo(2);
        assertThat(alice.head(doc).orElseThrow().hash()).isEqualTo(content("alice v2").hash());
        assertThat(bob.head(doc).orElseThrow().hash()).isEqualTo(content("bob v1").hash());
        assertThat(alice.list()).extracting(v -> v.id().value()).containsExactly("doc.txt", "only-alice.txt");
        assertThat(bob.list()).extracting(v -> v.id().value()).containsExactly("doc.txt");
        assertThat(alice.changes(0, 100).changes()).hasSize(3);
        ChangePage bobs = bob.changes(0, 100);
        assertThat(bobs.changes()).singleElement().satisfies(c -> assertThat(c.version().clientId()).isEqualTo("B"));
        assertThat(bobs.changes().getFirst().cursor()).as("positions are shared").isEqualTo(4);
        assertThat(bob.latestCursor()).isEqualTo(4);
        assertThat(alice.latestCursor()).as("bob's commit does not move alice's latest cursor").isEqualTo(3);
        assertThat(store.latestCursor()).as("the local namespace has no changes").isZero();
        // paging with a limit skips the other namespace's positions too
        ChangePage first = alice.changes(0, 2);
        assertThat(first.hasMore()).isTrue();
        assertThat(alice.changes(first.cursor(), 2).changes()).singleElement()
                .satisfies(c -> assertThat(c.version().id().value()).isEqualTo("only-alice.txt"));
    }

    @Test
    void an_unknown_file_has_no_head_and_no_history() {
        assertThat(store.head(FileId.of("nothing.txt"))).isEmpty();
        assertThat(store.history(FileId.of("nothing.txt"))).isEmpty();
        assertThat(store.version(FileId.of("nothing.txt"), 1)).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void creating_with_expected_version_0_commits_version_1() {
        CommitResult result = store.commit(write("doc.txt", 0, "Hello World - Version 1", "ClientA"));

        assertThat(result).isInstanceOf(CommitResult.Committed.class);
        FileVersion v1 = ((CommitResult.Committed) result).version();
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.clientId()).isEqualTo("ClientA");
        FileVersion head = store.head(FileId.of("doc.txt")).orElseThrow();
        assertThat(head.version()).isEqualTo(1);
        assertThat(head.content()).isEqualTo(content("Hello World - Version 1"));
        assertThat(head.clientId()).isEqualTo("ClientA");
        assertThat(head.createdAt()).isEqualTo(now);
    }

    @Test
    void an_update_based_on_the_head_commits_the_next_version() {
        store.commit(write("doc.txt", 0, "v1", "A"));
        CommitResult result = store.commit(write("doc.txt", 1, "v2", "B"));

        assertThat(result).isInstanceOf(CommitResult.Committed.class);
        assertThat(store.head(FileId.of("doc.txt")).orElseThrow().version()).isEqualTo(2);
        assertThat(store.history(FileId.of("doc.txt"))).extracting(FileVersion::version).containsExactly(2L, 1L);
        assertThat(store.version(FileId.of("doc.txt"), 1).orElseThrow().content()).isEqualTo(content("v1"));
    }

    @Test
    void a_stale_update_is_a_conflict_carrying_the_current_head() {
        store.commit(write("doc.txt", 0, "v1", "A"));
        store.commit(write("doc.txt", 1, "A's edit", "A"));

        CommitResult result = store.commit(write("doc.txt", 1, "B's edit", "B"));

        assertThat(result).isInstanceOf(CommitResult.Conflict.class);
        CommitResult.Conflict conflict = (CommitResult.Conflict) result;
        assertThat(conflict.currentVersion()).isEqualTo(2);
        assertThat(conflict.current().orElseThrow().content()).isEqualTo(content("A's edit"));
        assertThat(store.history(FileId.of("doc.txt"))).hasSize(2);
    }

    @Test
    void creating_a_file_that_exists_is_a_conflict() {
        store.commit(write("doc.txt", 0, "first", "A"));
        CommitResult result = store.commit(write("doc.txt", 0, "second", "B"));
        assertThat(result).isInstanceOf(CommitResult.Conflict.class);
        assertThat(((CommitResult.Conflict) result).currentVersion()).isEqualTo(1);
    }

    @Test
    void updating_a_file_that_does_not_exist_is_a_conflict_with_no_head() {
        CommitResult result = store.commit(write("ghost.txt", 3, "boo", "A"));
        assertThat(result).isEqualTo(new CommitResult.Conflict(java.util.Optional.empty()));
        assertThat(store.head(FileId.of("ghost.txt"))).isEmpty();
    }

    @Test
    void a_tombstone_is_a_version_without_content() {
        store.commit(write("doc.txt", 0, "v1", "A"));
        CommitResult result = store.commit(write("doc.txt", 1, null, "A"));

        assertThat(result).isInstanceOf(CommitResult.Committed.class);
        FileVersion head = store.head(FileId.of("doc.txt")).orElseThrow();
        assertThat(head.deleted()).isTrue();
        assertThat(head.version()).isEqualTo(2);
        assertThat(store.history(FileId.of("doc.txt")).getFirst().deleted()).isTrue();
        assertThat(store.list()).extracting(FileVersion::id).containsExactly(FileId.of("doc.txt"));
    }

    @Test
    void list_returns_every_head_ordered_by_id() {
        store.commit(write("b.txt", 0, "b", "A"));
        store.commit(write("a/z.txt", 0, "z", "A"));
        store.commit(write("a.txt", 0, "a", "A"));
        store.commit(write("a.txt", 1, "a2", "A"));

        assertThat(store.list()).extracting(r -> r.id().value()).containsExactly("a.txt", "a/z.txt", "b.txt");
        assertThat(store.list()).extracting(FileVersion::version).containsExactly(2L, 1L, 1L);
    }

    @Test
    void ids_are_exact_unicode_strings() {
        store.commit(write("café/naïve.txt", 0, "x", "A"));
        assertThat(store.head(FileId.of("café/naïve.txt"))).isPresent();
        assertThat(store.head(FileId.of("cafe/naive.txt"))).isEmpty();
        assertThat(store.head(FileId.of("CAFÉ/naïve.txt"))).isEmpty();
    }

    @Test
    void the_change_feed_lists_commits_in_order_and_pages_with_its_cursor() {
        store.commit(write("a.txt", 0, "a1", "A"));
        store.commit(write("b.txt", 0, "b1", "B"));
        store.commit(write("a.txt", 1, "a2", "A"));
        store.commit(write("a.txt", 1, "loser", "B")); // a conflict is not a change

        ChangePage first = store.changes(0, 2);
        assertThat(first.changes()).extracting(c -> c.version().id().value() + "@" + c.version().version())
                .containsExactly("a.txt@1", "b.txt@1");
        assertThat(first.hasMore()).isTrue();

        ChangePage second = store.changes(first.cursor(), 10);
        assertThat(second.changes()).extracting(c -> c.version().id().value() + "@" + c.version().version())
                .containsExactly("a.txt@2");
        assertThat(second.hasMore()).isFalse();
        assertThat(second.cursor()).isEqualTo(store.latestCursor());

        ChangePage empty = store.changes(second.cursor(), 10);
        assertThat(empty.changes()).isEmpty();
        assertThat(empty.cursor()).isEqualTo(second.cursor());
    }

    @Test
    void cursors_strictly_increase() {
        for (int i = 0; i < 5; i++) {
            store.commit(write("f" + i, 0, "x" + i, "A"));
        }
        List<Change> changes = store.changes(0, 100).changes();
        for (int i = 1; i < changes.size(); i++) {
            assertThat(changes.get(i).cursor()).isGreaterThan(changes.get(i - 1).cursor());
        }
        assertThat(store.latestCursor()).isEqualTo(changes.getLast().cursor());
    }

    @Test
    void versions_keep_their_time_and_client() {
        store.commit(write("doc.txt", 0, "v1", "A"));
        FileVersion v1 = store.version(FileId.of("doc.txt"), 1).orElseThrow();
        assertThat(v1.createdAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(now);
        assertThat(v1.clientId()).isEqualTo("A");
    }

    private long keyOf(String id) {
        return store.head(FileId.of(id)).orElseThrow().key();
    }

    private FileVersion committedVersion(CommitResult result) {
        return ((CommitResult.Committed) result).version();
    }

    /** A file's key: kept by its edits and its delete, carried by a rename, new for a create; never given twice. */
    @Test
    void a_file_keeps_its_key_through_edits_and_a_rename_and_a_new_file_never_gets_an_old_key() {
        FileVersion created = committedVersion(store.commit(write("a.txt", 0, "one", "A")));
        long key = created.key();
        assertThat(key).as("the committed version says its key").isPositive().isEqualTo(keyOf("a.txt"));
        store.commit(write("a.txt", 1, "two", "A"));
        assertThat(keyOf("a.txt")).as("an edit keeps it").isEqualTo(key);
        assertThat(store.history(FileId.of("a.txt"))).extracting(FileVersion::key).containsOnly(key);

        BatchResult moved = store.commitAll(List.of(write("b.txt", 0, "two", "A").carrying(key),
                write("a.txt", 2, null, "A")), new ConflictChange.None());
        assertThat(((BatchResult.Committed) moved).versions().getFirst().key()).isEqualTo(key);
        assertThat(keyOf("b.txt")).as("a rename carries it").isEqualTo(key);

        Set<Long> keys = new HashSet<>(List.of(key));
        store.commit(write("a.txt", 3, "a new file where the old one was", "A"));
        assertThat(keys.add(keyOf("a.txt"))).as("a write over a delete is another file").isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(keys.add(committedVersion(store.commit(write("n" + i, 0, "x", "A"))).key())).isTrue();
        }
        List<CommitResult> each = store.commitEach(List.of(write("e1", 0, "x", "A"), write("e2", 0, "y", "A")));
        each.forEach(r -> assertThat(keys.add(committedVersion(r).key())).as("batched creates too").isTrue());
        assertThat(store.in(new Namespace("other")).commit(write("a.txt", 0, "x", "B")))
                .extracting(r -> keys.add(committedVersion(r).key())).as("and in another namespace").isEqualTo(true);
        assertThat(store.changes(0, 100).changes()).as("the feed carries keys")
                .allSatisfy(c -> assertThat(c.version().key()).isPositive());
    }

    /** A renamed file's history goes on at its old name: the store says which name, and at which version. */
    @Test
    void a_renamed_file_says_where_it_was_and_a_new_file_at_an_old_name_says_nothing() {
        store.commit(write("draft.txt", 0, "one", "A"));
        store.commit(write("draft.txt", 1, "two", "A"));
        long key = keyOf("draft.txt");
        store.commitAll(List.of(write("final.txt", 0, "two", "A").carrying(key), write("draft.txt", 2, null, "A")),
                new ConflictChange.None());
        store.commit(write("final.txt", 1, "three", "A"));
        assertThat(store.renamedFrom(FileId.of("final.txt"))).hasValueSatisfying(v -> {
            assertThat(v.id()).isEqualTo(FileId.of("draft.txt"));
            assertThat(v.version()).isEqualTo(2);
        });
        store.commitAll(List.of(write("done/final.txt", 0, "three", "A").carrying(key),
                write("final.txt", 2, null, "A")), new ConflictChange.None());
        assertThat(store.renamedFrom(FileId.of("done/final.txt"))).as("renamed twice: the name just before")
                .hasValueSatisfying(v -> assertThat(v.id()).isEqualTo(FileId.of("final.txt")));

        store.commit(write("draft.txt", 3, "a new draft", "A"));
        assertThat(store.renamedFrom(FileId.of("draft.txt"))).as("a new file where the old one was").isEmpty();
        assertThat(store.renamedFrom(FileId.of("nothing.txt"))).isEmpty();
        assertThat(store.in(new Namespace("other")).renamedFrom(FileId.of("done/final.txt"))).isEmpty();
    }

    @Test
    void a_writers_modification_time_is_kept_and_can_be_set_on_the_head_without_a_new_version() {
        Instant saved = Instant.parse("2020-01-02T03:04:05Z");
        store.commit(write("doc.txt", 0, "v1", "A").modifiedAt(saved));
        FileVersion head = store.head(FileId.of("doc.txt")).orElseThrow();
        assertThat(head.modifiedAt()).isEqualTo(saved);
        assertThat(head.modified()).isEqualTo(saved);
        store.commit(write("doc.txt", 1, "v2", "A"));
        assertThat(store.head(FileId.of("doc.txt")).orElseThrow().modifiedAt()).as("not said: unknown").isNull();
        assertThat(store.head(FileId.of("doc.txt")).orElseThrow().modified().truncatedTo(ChronoUnit.MILLIS))
                .as("then the commit's time").isEqualTo(now);

        Instant later = Instant.parse("2021-05-06T07:08:09Z");
        long cursor = store.latestCursor();
        assertThat(store.touch(FileId.of("doc.txt"), 1, later)).as("not the head").isFalse();
        assertThat(store.touch(FileId.of("doc.txt"), 2, later)).isTrue();
        assertThat(store.head(FileId.of("doc.txt")).orElseThrow()).extracting(FileVersion::version,
                FileVersion::modifiedAt).containsExactly(2L, later);
        assertThat(store.version(FileId.of("doc.txt"), 2).orElseThrow().modifiedAt()).isEqualTo(later);
        assertThat(store.latestCursor()).as("no feed entry").isEqualTo(cursor);
        assertThat(store.touch(FileId.of("nothing.txt"), 1, later)).isFalse();
        store.commit(write("doc.txt", 2, null, "A"));
        assertThat(store.touch(FileId.of("doc.txt"), 3, later)).as("a delete has no time to set").isFalse();
    }

    @Test
    void concurrent_commits_on_one_version_have_exactly_one_winner() throws Exception {
        store.commit(write("hot.txt", 0, "base", "seed"));
        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<CommitResult>> tasks = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String text = "writer " + i;
                tasks.add(() -> store.commit(write("hot.txt", 1, text, "W")));
            }
            List<CommitResult> results = new ArrayList<>();
            for (Future<CommitResult> f : pool.invokeAll(tasks)) {
                results.add(f.get());
            }
            assertThat(results).filteredOn(r -> r instanceof CommitResult.Committed).hasSize(1);
            assertThat(results).filteredOn(r -> r instanceof CommitResult.Conflict)
                    .allSatisfy(r -> assertThat(((CommitResult.Conflict) r).currentVersion()).isEqualTo(2));
            assertThat(store.history(FileId.of("hot.txt"))).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrent_writers_on_many_files_produce_a_feed_with_every_commit_once() throws Exception {
        int writers = 8;
        int perWriter = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String id = "file-" + w;
                tasks.add(() -> {
                    for (int v = 0; v < perWriter; v++) {
                        assertThat(store.commit(write(id, v, id + "#" + v, "W")))
                                .isInstanceOf(CommitResult.Committed.class);
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        ChangePage page;
        do {
            page = store.changes(cursor, 7);
            for (Change c : page.changes()) {
                assertThat(seen.add(c.version().id() + "@" + c.version().version())).isTrue();
            }
            cursor = page.cursor();
        } while (page.hasMore());
        assertThat(seen).hasSize(writers * perWriter);
    }

    // ---- batches and conflict records ----------------------------------------------------------------------------

    private ConflictRecord keepBoth(MetadataStore in, String file, long base, long winner, String copy) {
        BatchResult result = in.commitAll(List.of(write(copy, 0, "loser's edit", "B")),
                new ConflictChange.Open(FileId.of(file), base, winner, "B", now));
        assertThat(result).isInstanceOf(BatchResult.Committed.class);
        return ((BatchResult.Committed) result).conflict().orElseThrow();
    }

    @Test
    void a_conflicted_copy_and_its_record_are_committed_together() {
        store.commit(write("doc.txt", 0, "base", "A"));
        store.commit(write("doc.txt", 1, "winner", "A"));
        ConflictRecord record = keepBoth(store, "doc.txt", 1, 2, "doc (conflicted copy B).txt");

        assertThat(record.open()).isTrue();
        assertThat(record.copy()).isEqualTo(FileId.of("doc (conflicted copy B).txt"));
        assertThat(record.copyVersion()).isEqualTo(1);
        assertThat(record.baseVersion()).isEqualTo(1);
        assertThat(record.winnerVersion()).isEqualTo(2);
        assertThat(store.head(record.copy()).orElseThrow().hash()).isEqualTo(content("loser's edit").hash());
        assertThat(store.conflicts(false)).containsExactly(record);
        assertThat(store.conflict(record.id())).contains(record);
        // the copy's commit is in the feed, at the position that names the conflict
        assertThat(store.changes(0, 100).changes()).anyMatch(c -> c.cursor() == record.id()
                && c.version().id().equals(record.copy()));
    }

    @Test
    void a_copy_whose_name_is_taken_commits_nothing_and_opens_no_record() {
        store.commit(write("doc.txt", 0, "base", "A"));
        store.commit(write("copy.txt", 0, "someone's", "C"));
        BatchResult result = store.commitAll(List.of(write("copy.txt", 0, "loser's edit", "B")),
                new ConflictChange.Open(FileId.of("doc.txt"), 1, 1, "B", now));

        assertThat(result).isInstanceOf(BatchResult.Conflict.class);
        assertThat(((BatchResult.Conflict) result).current().orElseThrow().clientId()).isEqualTo("C");
        assertThat(store.conflicts(true)).isEmpty();
        assertThat(store.history(FileId.of("copy.txt"))).hasSize(1);
    }

    @Test
    void closing_a_conflict_commits_its_writes_with_it_once() {
        store.commit(write("doc.txt", 0, "base", "A"));
        ConflictRecord record = keepBoth(store, "doc.txt", 0, 1, "copy.txt");
        BatchResult closed = store.commitAll(List.of(write("doc.txt", 1, "merged by hand", "B"),
                        write("copy.txt", 1, null, "B")),
                new ConflictChange.Close(record.id(), Keep.CONTENT, "B", now));

        assertThat(closed).isInstanceOf(BatchResult.Committed.class);
        ConflictRecord resolved = ((BatchResult.Committed) closed).conflict().orElseThrow();
        assertThat(resolved.resolution()).isEqualTo(Keep.CONTENT);
        assertThat(resolved.resolvedBy()).isEqualTo("B");
        assertThat(store.head(FileId.of("doc.txt")).orElseThrow().version()).isEqualTo(2);
        assertThat(store.head(FileId.of("copy.txt")).orElseThrow().deleted()).isTrue();
        assertThat(store.conflicts(false)).isEmpty();
        assertThat(store.conflicts(true)).containsExactly(resolved);

        BatchResult again = store.commitAll(List.of(), new ConflictChange.Close(record.id(), Keep.BOTH, "C", now));
        assertThat(again).isEqualTo(new BatchResult.NotOpen(record.id()));
        assertThat(store.conflict(record.id()).orElseThrow().resolution()).isEqualTo(Keep.CONTENT);
    }

    @Test
    void a_batch_with_one_stale_write_commits_none_and_leaves_the_conflict_open() {
        store.commit(write("doc.txt", 0, "base", "A"));
        ConflictRecord record = keepBoth(store, "doc.txt", 0, 1, "copy.txt");
        store.commit(write("doc.txt", 1, "a newer edit", "C"));
        long feedBefore = store.latestCursor();

        BatchResult result = store.commitAll(List.of(write("copy.txt", 1, null, "B"),
                        write("doc.txt", 1, "stale resolution", "B")),
                new ConflictChange.Close(record.id(), Keep.CONTENT, "B", now));

        assertThat(result).isInstanceOf(BatchResult.Conflict.class);
        assertThat(((BatchResult.Conflict) result).id()).isEqualTo(FileId.of("doc.txt"));
        assertThat(((BatchResult.Conflict) result).current().orElseThrow().version()).isEqualTo(2);
        assertThat(store.head(FileId.of("copy.txt")).orElseThrow().deleted()).isFalse();
        assertThat(store.conflict(record.id()).orElseThrow().open()).isTrue();
        assertThat(store.latestCursor()).isEqualTo(feedBefore);
    }

    @Test
    void merged_versions_remember_the_two_versions_they_joined() {
        store.commit(write("doc.txt", 0, "base", "A"));
        store.commit(write("doc.txt", 1, "head", "A"));
        store.commit(new CommitRequest(FileId.of("doc.txt"), 2, content("both"), "B", now, new Merge(1, 2)));

        assertThat(store.version(FileId.of("doc.txt"), 3).orElseThrow().merge()).isEqualTo(new Merge(1, 2));
        assertThat(store.history(FileId.of("doc.txt")).getFirst().merge()).isEqualTo(new Merge(1, 2));
        assertThat(store.version(FileId.of("doc.txt"), 2).orElseThrow().merge()).isNull();
        assertThat(store.changes(0, 10).changes().getLast().version().merge()).isEqualTo(new Merge(1, 2));
    }

    @Test
    void pruning_keeps_the_versions_an_open_conflict_names_until_it_is_resolved() {
        FileId doc = FileId.of("doc.txt");
        store.commit(new CommitRequest(doc, 0, content("base"), "A", now.minusSeconds(7200)));
        store.commit(new CommitRequest(doc, 1, content("winner"), "A", now.minusSeconds(7200)));
        store.commit(new CommitRequest(doc, 2, content("later"), "A", now.minusSeconds(7200)));
        store.commit(new CommitRequest(doc, 3, content("head"), "A", now.minusSeconds(7200)));
        BatchResult opened = store.commitAll(List.of(new CommitRequest(FileId.of("copy.txt"), 0,
                        content("loser"), "B", now.minusSeconds(7200)),
                new CommitRequest(FileId.of("copy.txt"), 1, content("copy edited"), "B", now.minusSeconds(7200))),
                new ConflictChange.Open(doc, 1, 2, "B", now));
        ConflictRecord record = ((BatchResult.Committed) opened).conflict().orElseThrow();

        assertThat(store.pruneHistory(now.minusSeconds(3600))).isEqualTo(1); // only doc's v3
        assertThat(store.history(doc)).extracting(FileVersion::version).containsExactly(4L, 2L, 1L);
        assertThat(store.history(FileId.of("copy.txt"))).extracting(FileVersion::version).containsExactly(2L, 1L);

        store.commitAll(List.of(), new ConflictChange.Close(record.id(), Keep.BOTH, "B", now));
        assertThat(store.pruneHistory(now.minusSeconds(3600))).isEqualTo(3);
        assertThat(store.history(doc)).extracting(FileVersion::version).containsExactly(4L);
    }

    @Test
    void paging_through_the_list_visits_every_file_once_in_a_stable_order() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String id = (i % 3 == 0 ? "dir/" : "") + "file-" + i + (i % 5 == 0 ? " é.txt" : ".txt");
            ids.add(id);
            store.commit(write(id, 0, "content " + i, "A"));
        }
        store.commit(write("file-1.txt", 1, null, "A")); // a tombstone
        store.in(new Namespace("other")).commit(write("zz-other.txt", 0, "not ours", "B"));

        List<String> seen = new ArrayList<>();
        FileId after = null;
        while (true) {
            List<FileVersion> page = store.list(after, 5, false);
            page.forEach(v -> seen.add(v.id().value()));
            if (page.size() < 5) {
                break;
            }
            after = page.getLast().id();
        }
        List<String> live = new ArrayList<>(ids);
        live.remove("file-1.txt");
        assertThat(seen).containsExactlyInAnyOrderElementsOf(live).doesNotHaveDuplicates();
        assertThat(store.list(null, 100, false)).extracting(v -> v.id().value()).containsExactlyElementsOf(seen);
        assertThat(store.list(null, 100, true)).hasSize(23);
        assertThat(store.list(null, 0, true)).isEmpty();
    }

    @Test
    void commit_each_commits_the_winners_together_and_answers_each_loser_with_its_head() {
        store.commit(write("taken.txt", 0, "already here", "B"));
        long before = store.latestCursor();
        List<CommitResult> results = store.commitEach(List.of(write("a.txt", 0, "a", "A"),
                write("taken.txt", 0, "late", "A"), write("b.txt", 0, "b", "A")));

        assertThat(results.get(0)).isInstanceOf(CommitResult.Committed.class);
        assertThat(((CommitResult.Conflict) results.get(1)).current().orElseThrow().clientId()).isEqualTo("B");
        assertThat(results.get(2)).isInstanceOf(CommitResult.Committed.class);
        List<Change> feed = store.changes(before, 10).changes();
        assertThat(feed).extracting(c -> c.version().id().value()).containsExactly("a.txt", "b.txt");
        assertThat(store.head(FileId.of("taken.txt")).orElseThrow().version()).isEqualTo(1);
    }

    private static CommitRequest inlineWrite(String id, long expected, byte[] bytes, Instant at) {
        return new CommitRequest(FileId.of(id), expected, ContentRef.inline(ContentHash.of(bytes), bytes.length), "A",
                at, null, bytes);
    }

    @Test
    void inline_content_is_saved_by_the_commit_that_wins_and_only_by_it() {
        byte[] first = "first".getBytes();
        byte[] late = "late".getBytes();
        store.commit(inlineWrite("small.txt", 0, first, NOW));
        assertThat(store.inlineContent(ContentHash.of(first))).hasValueSatisfying(b -> assertThat(b).isEqualTo(first));

        assertThat(store.commit(inlineWrite("small.txt", 0, late, NOW))).isInstanceOf(CommitResult.Conflict.class);
        assertThat(store.inlineContent(ContentHash.of(late))).as("a losing commit saves nothing").isEmpty();
        List<CommitResult> each = store.commitEach(List.of(inlineWrite("small.txt", 0, late, NOW),
                inlineWrite("other.txt", 0, "other".getBytes(), NOW)));
        assertThat(each.get(0)).isInstanceOf(CommitResult.Conflict.class);
        assertThat(store.inlineContent(ContentHash.of(late))).as("nor does a batch's loser").isEmpty();
        assertThat(store.inlineContent(ContentHash.of("other".getBytes()))).isPresent();
        assertThat(store.commitAll(List.of(inlineWrite("third.txt", 0, late, NOW), inlineWrite("small.txt", 0,
                "x".getBytes(), NOW)), new ConflictChange.None())).isInstanceOf(BatchResult.Conflict.class);
        assertThat(store.inlineContent(ContentHash.of(late))).as("nor a batch that commits nothing").isEmpty();

        byte[] empty = new byte[0];
        store.in(new Namespace("bob")).commit(inlineWrite("empty.txt", 0, empty, NOW));
        assertThat(store.inlineContent(ContentHash.of(empty))).as("empty content, from any namespace")
                .hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(store.referencedContent()).contains(ContentRef.inline(ContentHash.of(first), first.length),
                ContentRef.inline(ContentHash.of(empty), 0));
    }

    @Test
    void heads_of_many_files_are_read_together_and_only_in_this_namespace() {
        store.commit(write("a.txt", 0, "a", "A"));
        store.commit(write("b.txt", 0, "b", "A"));
        store.commit(write("b.txt", 1, null, "A"));
        store.in(new Namespace("bob")).commit(write("c.txt", 0, "c", "B"));
        java.util.Map<FileId, FileVersion> heads = store.heads(List.of(FileId.of("a.txt"), FileId.of("b.txt"),
                FileId.of("c.txt"), FileId.of("a.txt")));
        assertThat(heads).containsOnlyKeys(FileId.of("a.txt"), FileId.of("b.txt"));
        assertThat(heads.get(FileId.of("b.txt")).deleted()).as("a tombstone is a head").isTrue();
        assertThat(heads.get(FileId.of("a.txt"))).isEqualTo(store.head(FileId.of("a.txt")).orElseThrow());
        assertThat(store.heads(List.of())).isEmpty();
    }

    @Test
    void versions_of_many_files_are_read_together_as_asked_and_only_in_this_namespace() {
        store.commit(write("a.txt", 0, "a1", "A"));
        store.commit(write("a.txt", 1, "a2", "A"));
        store.commit(write("b.txt", 0, "b", "A"));
        store.commit(write("b.txt", 1, null, "A"));
        store.in(new Namespace("bob")).commit(write("c.txt", 0, "c", "B"));
        java.util.Map<FileId, Long> wanted = new java.util.HashMap<>();
        wanted.put(FileId.of("a.txt"), 1L);
        wanted.put(FileId.of("b.txt"), 2L);
        wanted.put(FileId.of("c.txt"), 1L);
        wanted.put(FileId.of("d.txt"), 1L);

        java.util.Map<FileId, FileVersion> found = store.versions(wanted);

        assertThat(found).containsOnlyKeys(FileId.of("a.txt"), FileId.of("b.txt"));
        assertThat(found.get(FileId.of("a.txt"))).as("the version asked, not the head")
                .isEqualTo(store.version(FileId.of("a.txt"), 1).orElseThrow());
        assertThat(found.get(FileId.of("b.txt")).deleted()).as("a tombstone is a version").isTrue();
        assertThat(store.versions(java.util.Map.of())).isEmpty();
    }

    @Test
    void inline_contents_are_read_together_by_hash_and_unknown_ones_left_out() {
        byte[] one = "one".getBytes(StandardCharsets.UTF_8);
        byte[] two = "two".getBytes(StandardCharsets.UTF_8);
        store.commit(inlineWrite("one.txt", 0, one, NOW));
        store.in(new Namespace("bob")).commit(inlineWrite("two.txt", 0, two, NOW));
        String unknown = ContentHash.of("never saved".getBytes(StandardCharsets.UTF_8));

        java.util.Map<String, byte[]> found = store.inlineContents(List.of(ContentHash.of(one), ContentHash.of(two),
                unknown, ContentHash.of(one)));

        assertThat(found).containsOnlyKeys(ContentHash.of(one), ContentHash.of(two));
        assertThat(found.get(ContentHash.of(one))).isEqualTo(one);
        assertThat(found.get(ContentHash.of(two))).as("shared by every namespace, as inlineContent").isEqualTo(two);
        assertThat(store.inlineContents(List.of())).isEmpty();
    }

    @Test
    void an_edit_commits_only_over_other_live_content_and_answers_anything_else_with_the_head() {
        FileId doc = FileId.of("doc.txt");
        assertThat(store.commit(write("doc.txt", 0, "v1", "A").asEdit())).as("a create where there is no file")
                .isInstanceOf(CommitResult.Committed.class);
        assertThat(store.commit(write("doc.txt", 1, "v1", "B").asEdit())).as("the same content")
                .isEqualTo(new CommitResult.Conflict(store.head(doc)));
        assertThat(store.commit(write("doc.txt", 1, "v2", "B").asEdit())).isInstanceOf(CommitResult.Committed.class);
        store.commit(write("doc.txt", 2, null, "B"));
        assertThat(store.commit(write("doc.txt", 3, "v3", "A").asEdit())).as("over a delete")
                .isEqualTo(new CommitResult.Conflict(store.head(doc)));
        assertThat(store.commit(write("doc.txt", 0, "v3", "A").asEdit())).as("a create over a delete")
                .isInstanceOf(CommitResult.Conflict.class);
        assertThat(store.commit(write("doc.txt", 3, "v3", "A"))).as("a plain commit may").isInstanceOf(
                CommitResult.Committed.class);
        assertThat(store.history(doc)).hasSize(4);
    }

    @Test
    void reclaiming_inline_content_takes_only_what_no_version_references_and_no_commit_saved_lately() {
        byte[] v1 = "version one".getBytes();
        byte[] v2 = "version two".getBytes();
        byte[] recent = "recent".getBytes();
        FileId doc = FileId.of("doc.txt");
        store.commit(inlineWrite("doc.txt", 0, v1, NOW.minusSeconds(7200)));
        store.commit(inlineWrite("doc.txt", 1, v2, NOW.minusSeconds(7200)));
        store.commit(inlineWrite("recent.txt", 0, recent, NOW));
        Instant staleBefore = NOW.minusSeconds(60);
        assertThat(store.reclaimInline(staleBefore, false)).as("every content referenced")
                .isEqualTo(new MetadataStore.InlineReclaim(0, 0));

        store.pruneHistory(NOW.minusSeconds(60)); // version 1 goes: its content is referenced no more
        store.commit(new CommitRequest(FileId.of("recent.txt"), 1, null, "A", NOW)); // deleted, but saved lately
        assertThat(store.reclaimInline(staleBefore, true)).as("a dry run counts")
                .isEqualTo(new MetadataStore.InlineReclaim(1, v1.length));
        assertThat(store.inlineContent(ContentHash.of(v1))).as("and keeps").isPresent();
        assertThat(store.reclaimInline(staleBefore, false)).isEqualTo(new MetadataStore.InlineReclaim(1, v1.length));
        assertThat(store.inlineContent(ContentHash.of(v1))).isEmpty();
        assertThat(store.inlineContent(ContentHash.of(v2))).as("the head's").isPresent();
        assertThat(store.inlineContent(ContentHash.of(recent))).as("history still has it").isPresent();

        store.commit(inlineWrite("again.txt", 0, v1, NOW)); // the same content committed again is saved again
        assertThat(store.inlineContent(ContentHash.of(v1))).isPresent();
        assertThat(store.head(doc).orElseThrow().content().inline()).isTrue();
    }

    @Test
    void conflicts_belong_to_their_namespace() {
        MetadataStore alice = store.in(new Namespace("alice"));
        MetadataStore bob = store.in(new Namespace("bob"));
        alice.commit(write("doc.txt", 0, "base", "A"));
        ConflictRecord record = keepBoth(alice, "doc.txt", 0, 1, "copy.txt");

        assertThat(bob.conflicts(true)).isEmpty();
        assertThat(bob.conflict(record.id())).isEmpty();
        assertThat(bob.commitAll(List.of(), new ConflictChange.Close(record.id(), Keep.BOTH, "bob", now)))
                .isEqualTo(new BatchResult.NotOpen(record.id()));
        assertThat(alice.conflict(record.id()).orElseThrow().open()).isTrue();
    }

    @Test
    void a_store_has_one_id_for_every_namespace_that_writes_do_not_change() throws Exception {
        String id = store.storeId();
        assertThat(id).isNotBlank();
        store.in(new Namespace("alice")).commit(write("a.txt", 0, "a", "A"));
        assertThat(store.in(new Namespace("alice")).storeId()).isEqualTo(id);
        assertThat(store.storeId()).isEqualTo(id);
    }
}
