package dev.syncr.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.FileId;
import dev.syncr.server.SyncServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keep-both resolution end to end: two workspaces, one server, nothing lost. */
class KeepBothTest {

    @TempDir
    Path dir;
    SyncServer server;
    Workspace a;
    Workspace b;
    final FileId doc = FileId.of("document.txt");

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString());
        a = new Workspace(new SyncClient(server.uri(), "ClientA"), new LocalCache(dir.resolve("a")), new KeepBoth());
        b = new Workspace(new SyncClient(server.uri(), "ClientB"), new LocalCache(dir.resolve("b")), new KeepBoth());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void the_server_version_keeps_the_name_and_the_local_edit_becomes_an_uploaded_copy() throws Exception {
        a.create(doc, "Hello World - Version 1");
        b.pull(doc);
        a.edit(doc, "EDITED BY CLIENT A");
        b.edit(doc, "EDITED BY CLIENT B");
        assertThat(a.push(doc)).isEqualTo(new Workspace.Pushed(doc, 1, 2));

        Workspace.PushOutcome outcome = b.push(doc);

        assertThat(outcome).isInstanceOf(Workspace.Resolved.class);
        Workspace.Resolved resolved = (Workspace.Resolved) outcome;
        assertThat(resolved.expectedVersion()).isEqualTo(1);
        assertThat(resolved.serverVersion()).isEqualTo(2);
        FileId copy = FileId.of("document (conflicted copy ClientB).txt");
        ConflictHandler.KeptBoth kept = (ConflictHandler.KeptBoth) resolved.resolution();
        assertThat(kept).isEqualTo(new ConflictHandler.KeptBoth(doc, 2, copy, 1, kept.conflictId()));
        // the server recorded it, with the versions involved
        RemoteConflict recorded = b.client().conflict(kept.conflictId()).orElseThrow();
        assertThat(recorded.file()).isEqualTo(doc);
        assertThat(recorded.copy()).isEqualTo(copy);
        assertThat(recorded.baseVersion()).isEqualTo(1);
        assertThat(recorded.winnerVersion()).isEqualTo(2);
        assertThat(recorded.open()).isTrue();
        assertThat(b.read(doc)).isEqualTo("EDITED BY CLIENT A");
        assertThat(b.read(copy)).isEqualTo("EDITED BY CLIENT B");
        SyncClient server = b.client();
        assertThat(server.getText(doc).orElseThrow().content()).isEqualTo("EDITED BY CLIENT A");
        assertThat(server.getText(copy).orElseThrow().content()).isEqualTo("EDITED BY CLIENT B");
        // B is now based on the server's v2 and can keep editing without another conflict
        b.edit(doc, "B continues on top of A");
        assertThat(b.push(doc)).isEqualTo(new Workspace.Pushed(doc, 2, 3));
    }

    @Test
    void a_second_conflict_gets_the_next_free_name_without_nesting() throws Exception {
        a.create(doc, "v1");
        b.pull(doc);
        for (int round = 0; round < 3; round++) {
            a.pull(doc);
            a.edit(doc, "A round " + round);
            a.push(doc);
            b.edit(doc, "B round " + round);
            b.push(doc);
        }
        assertThat(b.client().list()).extracting(f -> f.id().value()).containsExactlyInAnyOrder(
                "document.txt",
                "document (conflicted copy ClientB).txt",
                "document (conflicted copy ClientB 2).txt",
                "document (conflicted copy ClientB 3).txt");
        assertThat(b.client().getText(FileId.of("document (conflicted copy ClientB 3).txt")).orElseThrow().content())
                .isEqualTo("B round 2");
    }

    @Test
    void an_edit_of_a_file_deleted_elsewhere_comes_back() throws Exception {
        a.create(doc, "v1");
        b.pull(doc);
        a.client().delete(doc, 1);
        b.edit(doc, "B still needs this");

        Workspace.PushOutcome outcome = b.push(doc);

        assertThat(((Workspace.Resolved) outcome).resolution()).isEqualTo(new ConflictHandler.EditRestored(doc, 3));
        assertThat(a.client().getText(doc).orElseThrow().content()).isEqualTo("B still needs this");
    }

    @Test
    void edits_of_different_lines_merge_and_both_caches_end_with_both_edits() throws Exception {
        a.create(doc, "intro\n\nmiddle\n\nend\n");
        b.pull(doc);
        a.edit(doc, "INTRO by A\n\nmiddle\n\nend\n");
        b.edit(doc, "intro\n\nmiddle\n\nEND by B\n");
        assertThat(a.push(doc)).isEqualTo(new Workspace.Pushed(doc, 1, 2));

        Workspace.PushOutcome outcome = b.push(doc);

        assertThat(((Workspace.Resolved) outcome).resolution()).isEqualTo(new ConflictHandler.Merged(doc, 3, 1, 2));
        assertThat(b.read(doc)).isEqualTo("INTRO by A\n\nmiddle\n\nEND by B\n");
        assertThat(b.cache().base(doc)).map(LocalCache.Base::version).contains(3L);
        a.pull(doc);
        assertThat(a.read(doc)).isEqualTo(b.read(doc));
        assertThat(b.client().list()).hasSize(1);
        assertThat(b.client().conflicts(true)).isEmpty();
    }

    @Test
    void never_merging_keeps_both_even_for_edits_that_would_merge() throws Exception {
        Workspace c = new Workspace(new SyncClient(server.uri(), "ClientC"), new LocalCache(dir.resolve("c")),
                new KeepBoth(false));
        a.create(doc, "intro\n\nmiddle\n\nend\n");
        c.pull(doc);
        a.edit(doc, "INTRO by A\n\nmiddle\n\nend\n");
        a.push(doc);
        c.edit(doc, "intro\n\nmiddle\n\nEND by C\n");

        Workspace.PushOutcome outcome = c.push(doc);

        assertThat(((Workspace.Resolved) outcome).resolution()).isInstanceOf(ConflictHandler.KeptBoth.class);
        assertThat(c.read(FileId.of("document (conflicted copy ClientC).txt"))).contains("END by C");
    }

    @Test
    void the_cache_remembers_bases_across_restarts() throws Exception {
        a.create(doc, "v1");
        LocalCache reopened = new LocalCache(dir.resolve("a"));
        assertThat(reopened.base(doc)).map(LocalCache.Base::version).contains(1L);
        assertThat(reopened.isEdited(doc)).isFalse();
        reopened.writeText(doc, "changed offline");
        assertThat(reopened.isEdited(doc)).isTrue();
    }
}
