package dev.syncr.examples;

import dev.syncr.client.ConflictHandler;
import dev.syncr.client.KeepBoth;
import dev.syncr.client.LocalCache;
import dev.syncr.client.SyncClient;
import dev.syncr.client.Workspace;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The seed's offline conflict: two clients edit while disconnected, then sync. Client A wins (v1 → v2); Client B
 * conflicts (expected 1, server 2) and keeps both: the server's version keeps the name, B's edit is saved and
 * uploaded as {@code document (conflicted copy ClientB).txt}.
 *
 * <p>Run: {@code java -jar examples/target/syncr-examples.jar offline [--server URL]}
 */
public final class OfflineConflictDemo {

    /** What happened, for tests to check. */
    public record Result(FileId file, long aVersion, long bExpected, long bSawServerVersion,
                         ConflictHandler.Resolution resolution) {
    }

    public static void main(String[] args) throws IOException {
        try (DemoServer server = DemoServer.fromArgs(args)) {
            run(server.uri(), System.out);
        }
    }

    public static Result run(URI server, PrintStream out) throws IOException {
        Path work = Files.createTempDirectory("syncr-offline-demo-");
        // a fresh name per run, so the demo also works against a long-running server
        FileId doc = FileId.of("demo-" + UUID.randomUUID().toString().substring(0, 8) + "/document.txt");
        Workspace a = workspace(server, "ClientA", work.resolve("a"));
        Workspace b = workspace(server, "ClientB", work.resolve("b"));

        out.println("OFFLINE CONFLICT SCENARIO DEMO");
        out.println("=".repeat(70));
        step(out, "STEP 1: Client A creates initial file");
        a.create(doc, "Hello World - Version 1");
        out.println("✅ [ClientA] Created " + doc + " v1");

        step(out, "STEP 2: Both clients download the file (v1)");
        long av = a.pull(doc).orElseThrow().version();
        out.println("✅ [ClientA] Downloaded " + doc + " v" + av + ": \"" + a.read(doc) + "\"");
        long bv = b.pull(doc).orElseThrow().version();
        out.println("✅ [ClientB] Downloaded " + doc + " v" + bv + ": \"" + b.read(doc) + "\"");

        step(out, "STEP 3: BOTH CLIENTS GO OFFLINE");
        out.println("⚠️ Network disconnected - clients working independently");

        step(out, "STEP 4: Client A edits file (offline)");
        edit(out, a, "ClientA", doc, "Hello World - EDITED BY CLIENT A (offline)");
        step(out, "STEP 5: Client B edits file (offline)");
        edit(out, b, "ClientB", doc, "Hello World - EDITED BY CLIENT B (offline)");

        step(out, "STEP 6: Network restored - clients reconnect");
        out.println("🔌 Both clients are online again");

        step(out, "STEP 7: Client A syncs first");
        Workspace.Pushed pushed = (Workspace.Pushed) a.push(doc);
        out.println("✅ [ClientA] Upload successful: " + doc + " v" + pushed.fromVersion() + " → v" + pushed.toVersion());

        step(out, "STEP 8: Client B tries to sync (CONFLICT!)");
        Workspace.Resolved resolved = (Workspace.Resolved) b.push(doc);
        out.println("⚠[ClientB] CONFLICT detected for " + doc + "!");
        out.println("   Expected version: " + resolved.expectedVersion());
        out.println("   Server version: " + resolved.serverVersion());

        step(out, "STEP 9: Resolving conflict (KEEP BOTH strategy)");
        ConflictHandler.KeptBoth kept = (ConflictHandler.KeptBoth) resolved.resolution();
        out.println("✅ [ClientB] Conflict resolved:");
        out.println("   - " + kept.original() + ": accepted server version v" + kept.serverVersion());
        out.println("   - " + kept.copy() + ": saved local changes (uploaded as v" + kept.copyVersion() + ")");

        step(out, "RESULT: nothing lost");
        SyncClient check = a.client();
        out.println("   server " + doc + " = \"" + check.getText(doc).orElseThrow().content() + "\"");
        out.println("   server " + kept.copy() + " = \"" + check.getText(kept.copy()).orElseThrow().content() + "\"");
        return new Result(doc, pushed.toVersion(), resolved.expectedVersion(), resolved.serverVersion(), kept);
    }

    private static void edit(PrintStream out, Workspace w, String name, FileId doc, String text) throws IOException {
        String old = w.read(doc);
        w.edit(doc, text);
        out.println("[" + name + "] Edited " + doc + ":");
        out.println("   Old: \"" + old + "\"");
        out.println("   New: \"" + text + "\"");
    }

    /** A client with its own local cache in {@code dir}, resolving conflicts the default way (merge, else keep both). */
    static Workspace workspace(URI server, String name, Path dir) throws IOException {
        return new Workspace(new SyncClient(server, name), new LocalCache(dir), new KeepBoth());
    }

    static void step(PrintStream out, String title) {
        out.println();
        out.println(title);
        out.println("-".repeat(70));
    }
}
