package dev.syncr.client.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.client.folder.Trees.LocalEntry;
import dev.syncr.client.folder.Trees.RemoteEntry;
import dev.syncr.client.folder.Trees.SyncedEntry;
import dev.syncr.core.FileId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner's decisions, case by case (the randomized test checks its invariants at scale). */
class PlannerTest {

    private static final FileId DOC = FileId.of("doc.txt");

    private static LocalEntry local(String hash) {
        return new LocalEntry(hash, 1, 1);
    }

    private static RemoteEntry remote(long version, String hash) {
        return new RemoteEntry(version, hash, 1, hash == null);
    }

    private static SyncedEntry synced(long version, String hash) {
        return new SyncedEntry(version, hash, 1, 1);
    }

    private static List<Operation> plan(LocalEntry l, RemoteEntry r, SyncedEntry s) {
        return Planner.plan(l == null ? Map.of() : Map.of(DOC, l), r == null ? Map.of() : Map.of(DOC, r),
                s == null ? Map.of() : Map.of(DOC, s));
    }

    @Test
    void nothing_changed_means_nothing_to_do() {
        assertThat(plan(local("h1"), remote(3, "h1"), synced(3, "h1"))).isEmpty();
    }

    @Test
    void changed_on_one_side_only_is_carried_to_the_other() {
        assertThat(plan(local("h2"), remote(3, "h1"), synced(3, "h1"))).containsExactly(new Operation.Upload(DOC, 3));
        assertThat(plan(local("h1"), remote(4, "h2"), synced(3, "h1")))
                .containsExactly(new Operation.Download(DOC, 4, "h2"));
        assertThat(plan(local("new"), null, null)).containsExactly(new Operation.Upload(DOC, 0));
        assertThat(plan(null, remote(1, "new"), null)).containsExactly(new Operation.Download(DOC, 1, "new"));
    }

    @Test
    void deletes_travel_only_when_the_other_side_is_unchanged() {
        assertThat(plan(null, remote(3, "h1"), synced(3, "h1"))).containsExactly(new Operation.DeleteRemote(DOC, 3));
        assertThat(plan(local("h1"), remote(4, null), synced(3, "h1")))
                .containsExactly(new Operation.DeleteLocal(DOC, "h1"));
    }

    @Test
    void edit_versus_delete_keeps_the_edit() {
        // deleted remotely, edited locally: the edit is uploaded again
        assertThat(plan(local("edited"), remote(4, null), synced(3, "h1"))).containsExactly(new Operation.Upload(DOC, 4));
        // deleted locally, edited remotely: the remote edit comes back
        assertThat(plan(null, remote(4, "edited"), synced(3, "h1")))
                .containsExactly(new Operation.Download(DOC, 4, "edited"));
    }

    @Test
    void both_edited_is_sent_on_its_base_for_the_server_to_merge_or_keep_both() {
        assertThat(plan(local("mine"), remote(4, "theirs"), synced(3, "h1"))).containsExactly(
                new Operation.Reconcile(DOC, 3, 4, "theirs"));
        assertThat(plan(local("mine"), remote(1, "theirs"), null)).containsExactly(
                new Operation.Reconcile(DOC, 0, 1, "theirs"));
    }

    @Test
    void the_same_change_on_both_sides_is_no_conflict() {
        assertThat(plan(local("same"), remote(4, "same"), synced(3, "h1")))
                .containsExactly(new Operation.Agree(DOC, 4, "same"));
        assertThat(plan(local("same"), remote(1, "same"), null)).containsExactly(new Operation.Agree(DOC, 1, "same"));
        assertThat(plan(null, remote(4, null), synced(3, "h1"))).containsExactly(new Operation.Forget(DOC));
    }

    @Test
    void a_file_the_server_never_heard_of_is_uploaded_not_deleted() {
        assertThat(plan(local("h1"), null, synced(3, "h1"))).containsExactly(new Operation.Upload(DOC, 0));
    }

    @Test
    void ignored_paths_are_never_planned() {
        FileId swap = FileId.of(".doc.txt.swp");
        FileId state = FileId.of(".syncr/state.db");
        assertThat(Planner.plan(Map.of(swap, local("x"), state, local("y")), Map.of(FileId.of("~$doc.docx"),
                remote(1, "z")), Map.of())).isEmpty();
    }
}
