package dev.syncr.examples;

import dev.syncr.client.Access;
import dev.syncr.client.ConflictHandler;
import dev.syncr.client.KeepBoth;
import dev.syncr.client.LocalCache;
import dev.syncr.client.SyncClient;
import dev.syncr.client.Workspace;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's story between two people: alice shares her Project folder with bob; both edit the same document offline;
 * alice syncs first, bob's sync conflicts and keeps both, and the conflicted copy, named after bob and his device, is
 * in both people's files. Runs on its own embedded server with the two accounts.
 *
 * <p>Run: {@code java -jar examples/target/syncr-examples.jar shared}
 */
public final class SharedFolderDemo {

    /** What happened, for tests to check. */
    public record Result(FileId file, long aliceVersion, long bobExpected, long bobSawServerVersion, FileId copy,
                         List<String> aliceSees, List<String> bobSees, int conflictsAliceSees,
                         int conflictsBobSees) {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> tokens = new LinkedHashMap<>();
        try (DemoServer server = DemoServer.withPeople(tokens, "alice", "bob")) {
            run(server, tokens, System.out);
        }
    }

    static Result run(DemoServer server, Map<String, String> tokens, PrintStream out) throws IOException {
        Path work = Files.createTempDirectory("syncr-shared-demo-");
        FileId doc = FileId.of("Project/document.txt");
        SyncClient aliceClient = new SyncClient(server.uri(), "laptop", SyncClient.RetryPolicy.DEFAULT,
                Access.token(tokens.get("alice")));
        SyncClient bobClient = new SyncClient(server.uri(), "phone", SyncClient.RetryPolicy.DEFAULT,
                Access.token(tokens.get("bob")));
        Workspace alice = new Workspace(aliceClient, new LocalCache(work.resolve("alice")), new KeepBoth());
        Workspace bob = new Workspace(bobClient, new LocalCache(work.resolve("bob")), new KeepBoth());

        out.println("SHARED FOLDER DEMO: two people, one file");
        out.println("=".repeat(70));
        OfflineConflictDemo.step(out, "STEP 1: alice creates Project/document.txt and shares Project with bob");
        alice.create(doc, "Hello World - Version 1");
        aliceClient.sharing().share(FileId.of("Project"), "bob", "editor");
        out.println("✅ [alice] Created " + doc + " v1 and shared Project with bob (editor)");

        OfflineConflictDemo.step(out, "STEP 2: bob finds the folder in his own files and downloads the document");
        long bv = bob.pull(doc).orElseThrow().version();
        alice.pull(doc);
        out.println("✅ [bob] Downloaded " + doc + " v" + bv + ": \"" + bob.read(doc) + "\"");

        OfflineConflictDemo.step(out, "STEP 3: both go offline and edit the same line");
        alice.edit(doc, "Hello World - EDITED BY ALICE (offline)");
        bob.edit(doc, "Hello World - EDITED BY BOB (offline)");
        out.println("[alice] \"" + alice.read(doc) + "\"");
        out.println("[bob]   \"" + bob.read(doc) + "\"");

        OfflineConflictDemo.step(out, "STEP 4: alice syncs first");
        Workspace.Pushed pushed = (Workspace.Pushed) alice.push(doc);
        out.println("✅ [alice] Upload successful: v" + pushed.fromVersion() + " → v" + pushed.toVersion());

        OfflineConflictDemo.step(out, "STEP 5: bob syncs (CONFLICT!) and keeps both");
        Workspace.Resolved resolved = (Workspace.Resolved) bob.push(doc);
        ConflictHandler.KeptBoth kept = (ConflictHandler.KeptBoth) resolved.resolution();
        out.println("⚠ [bob] CONFLICT: expected v" + resolved.expectedVersion() + ", server has v"
                + resolved.serverVersion());
        out.println("✅ [bob] " + kept.original() + " = alice's version; his edit is " + kept.copy());

        OfflineConflictDemo.step(out, "RESULT: nothing lost, and both people see both");
        List<String> aliceSees = aliceClient.list().stream().map(f -> f.id().value()).toList();
        List<String> bobSees = bobClient.list().stream().map(f -> f.id().value()).toList();
        out.println("   alice's files: " + aliceSees);
        out.println("   bob's files:   " + bobSees);
        out.println("   " + kept.copy() + " = \"" + aliceClient.getText(kept.copy()).orElseThrow().content() + "\"");
        int aliceConflicts = aliceClient.conflicts(false).size();
        int bobConflicts = bobClient.conflicts(false).size();
        out.println("   open conflicts: alice sees " + aliceConflicts + ", bob sees " + bobConflicts);
        aliceClient.close();
        bobClient.close();
        return new Result(doc, pushed.toVersion(), resolved.expectedVersion(), resolved.serverVersion(), kept.copy(),
                aliceSees, bobSees, aliceConflicts, bobConflicts);
    }
}
