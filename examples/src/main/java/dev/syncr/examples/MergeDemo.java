package dev.syncr.examples;

import dev.syncr.client.ConflictHandler;
import dev.syncr.client.RemoteConflict;
import dev.syncr.client.RemoteFile;
import dev.syncr.client.Workspace;
import dev.syncr.core.FileId;
import dev.syncr.core.Keep;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The merge demo: two offline clients edit different paragraphs of one document, both sync, and the server merges
 * them (3-way, over the version both started from): nobody sees a conflicted copy. Then both edit the same line:
 * that cannot merge, so the loser's edit is kept as a conflicted copy with a conflict record on the server, which
 * one call resolves.
 *
 * <p>Run: {@code java -jar examples/target/syncr-examples.jar merge [--server URL]}
 */
public final class MergeDemo {

    static final String DOCUMENT = """
            Meeting notes

            Agenda: the spring release.

            Decisions: none yet.

            Next meeting: to be decided.
            """;

    /** What happened, for tests to check. */
    public record Result(FileId file, ConflictHandler.Resolution merge, String mergedText,
                         ConflictHandler.Resolution overlap, RemoteConflict resolved) {
    }

    private MergeDemo() {
    }

    public static void main(String[] args) throws IOException {
        try (DemoServer server = DemoServer.fromArgs(args)) {
            run(server.uri(), System.out);
        }
    }

    public static Result run(URI server, PrintStream out) throws IOException {
        Path work = Files.createTempDirectory("syncr-merge-demo-");
        FileId doc = FileId.of("demo-" + UUID.randomUUID().toString().substring(0, 8) + "/notes.txt");
        Workspace a = OfflineConflictDemo.workspace(server, "ClientA", work.resolve("a"));
        Workspace b = OfflineConflictDemo.workspace(server, "ClientB", work.resolve("b"));

        out.println("MERGE DEMO: edits that do not overlap merge; edits that do are kept both");
        out.println("=".repeat(70));
        OfflineConflictDemo.step(out, "STEP 1: Client A creates the notes; both clients download v1");
        a.create(doc, DOCUMENT);
        b.pull(doc);
        out.print(indent(a.read(doc)));

        OfflineConflictDemo.step(out, "STEP 2: Offline, A edits the agenda and B the decisions");
        a.edit(doc, DOCUMENT.replace("Agenda: the spring release.", "Agenda: the spring release, then hiring."));
        b.edit(doc, DOCUMENT.replace("Decisions: none yet.", "Decisions: ship on 3 March."));
        out.println("[ClientA] Agenda: the spring release, then hiring.");
        out.println("[ClientB] Decisions: ship on 3 March.");

        OfflineConflictDemo.step(out, "STEP 3: Both sync: A first (v1 → v2), then B, whose edit was based on v1");
        Workspace.Pushed pushed = (Workspace.Pushed) a.push(doc);
        out.println("✅ [ClientA] uploaded: v" + pushed.fromVersion() + " → v" + pushed.toVersion());
        Workspace.Resolved merged = (Workspace.Resolved) b.push(doc);
        ConflictHandler.Merged merge = (ConflictHandler.Merged) merged.resolution();
        out.println("✅ [ClientB] the server merged B's edit of v" + merge.baseVersion() + " with v"
                + merge.headVersion() + " → v" + merge.version() + ": no conflicted copy");
        a.pull(doc);
        out.print(indent(a.read(doc)));
        out.println("   both clients now hold v" + merge.version() + "; history says: "
                + a.client().history(doc).getFirst().mergedFrom().map(m -> "a merge of an edit of v"
                + m.baseVersion() + " with v" + m.headVersion()).orElse("?"));

        OfflineConflictDemo.step(out, "STEP 4: Offline again, both edit the SAME line");
        String text = a.read(doc);
        a.edit(doc, text.replace("Next meeting: to be decided.", "Next meeting: Monday."));
        b.edit(doc, text.replace("Next meeting: to be decided.", "Next meeting: Thursday."));
        out.println("[ClientA] Next meeting: Monday.");
        out.println("[ClientB] Next meeting: Thursday.");
        a.push(doc);
        Workspace.Resolved kept = (Workspace.Resolved) b.push(doc);
        ConflictHandler.KeptBoth both = (ConflictHandler.KeptBoth) kept.resolution();
        out.println("⚠ [ClientB] the edits overlap: the server kept both");
        out.println("   " + both.original() + " = A's version (v" + both.serverVersion() + ")");
        out.println("   " + both.copy() + " = B's version");
        List<RemoteConflict> open = b.client().conflicts(false);
        RemoteConflict record = open.stream().filter(c -> c.id() == both.conflictId()).findFirst().orElseThrow();
        out.println("   conflict #" + record.id() + " is open on the server: " + record.file() + " ↔ " + record.copy());

        OfflineConflictDemo.step(out, "STEP 5: B resolves it with one call: keep the copy (Thursday)");
        long original = b.client().metadata(doc).map(RemoteFile::version).orElseThrow();
        RemoteConflict resolved = b.client().resolve(record.id(), Keep.COPY, original, null);
        out.println("✅ conflict #" + resolved.id() + " resolved (keep copy): " + doc + " now says Thursday, and "
                + record.copy() + " is deleted on every device");
        a.pull(doc);
        out.print(indent(a.read(doc)));
        return new Result(doc, merge, b.client().getText(doc).orElseThrow().content(), both, resolved);
    }

    private static String indent(String text) {
        return text.lines().map(line -> "   | " + line + "\n").reduce("", String::concat);
    }
}
