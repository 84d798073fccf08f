package dev.syncr.examples;

import dev.syncr.client.ConflictHandler;
import dev.syncr.client.KeepBoth;
import dev.syncr.client.LocalCache;
import dev.syncr.client.SyncClient;
import dev.syncr.client.Upload;
import dev.syncr.client.WriteResult;
import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * The seed's online conflict: two clients upload at nearly the same instant, both based on v1. The database's
 * compare-and-set lets exactly one win (v1 → v2); the other is rejected with the winner's version and then keeps
 * both, so its text survives as a conflicted copy.
 *
 * <p>Run: {@code java -jar examples/target/syncr-examples.jar online [--server URL]}
 */
public final class OnlineConflictDemo {

    /** What happened, for tests to check. */
    public record Result(FileId file, String winner, String winnerContent, long winnerVersion, String loser,
                         String loserContent, long loserSawVersion, ConflictHandler.Resolution resolution) {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        try (DemoServer server = DemoServer.fromArgs(args)) {
            run(server.uri(), System.out);
        }
    }

    public static Result run(URI server, PrintStream out) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("syncr-online-demo-");
        FileId doc = FileId.of("demo-" + UUID.randomUUID().toString().substring(0, 8) + "/favorite.txt");
        SyncClient a = new SyncClient(server, "ClientA");
        SyncClient b = new SyncClient(server, "ClientB");
        LocalCache cacheA = new LocalCache(work.resolve("a"));
        LocalCache cacheB = new LocalCache(work.resolve("b"));

        out.println("ONLINE CONFLICT SCENARIO DEMO");
        out.println("=".repeat(70));
        OfflineConflictDemo.step(out, "STEP 1: Client A creates the file");
        WriteResult.Committed v1 = (WriteResult.Committed) a.putText(doc, 0, "JAVA is the best language!");
        out.println("✅ [ClientA] Created " + doc + " v" + v1.version());

        OfflineConflictDemo.step(out, "STEP 2: Both clients are online and have v1");
        for (var pair : java.util.List.of(java.util.Map.entry(a, cacheA), java.util.Map.entry(b, cacheB))) {
            var head = pair.getKey().download(doc, pair.getValue().path(doc)).orElseThrow();
            pair.getValue().remember(doc, head.version(), head.contentHash());
            out.println("✅ [" + pair.getKey().clientId() + "] has " + doc + " v" + head.version());
        }

        OfflineConflictDemo.step(out, "STEP 3: Both edit at the same time");
        String textA = "PYTHON is the best language!";
        String textB = "RUST is the best language!";
        cacheA.writeText(doc, textA);
        cacheB.writeText(doc, textB);
        out.println("[ClientA] \"" + textA + "\"");
        out.println("[ClientB] \"" + textB + "\"");

        OfflineConflictDemo.step(out, "⚡ STEP 4: RACE CONDITION - Both sync at nearly same time");
        out.println("Both clients racing to upload their changes...");
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<WriteResult> raceA = race(go, a, cacheA, doc);
        CompletableFuture<WriteResult> raceB = race(go, b, cacheB, doc);
        go.countDown();
        WriteResult ra;
        WriteResult rb;
        try {
            ra = raceA.get();
            rb = raceB.get();
        } catch (ExecutionException e) {
            throw new IOException("a racer failed", e.getCause());
        }
        boolean aWon = ra instanceof WriteResult.Committed;
        if (aWon == (rb instanceof WriteResult.Committed)) {
            throw new IllegalStateException("exactly one upload must win, got " + ra + " and " + rb);
        }
        SyncClient winner = aWon ? a : b;
        SyncClient loser = aWon ? b : a;
        LocalCache loserCache = aWon ? cacheB : cacheA;
        WriteResult.Committed won = (WriteResult.Committed) (aWon ? ra : rb);
        WriteResult.KeptBoth lost = (WriteResult.KeptBoth) (aWon ? rb : ra);
        String winnerText = aWon ? textA : textB;
        String loserText = aWon ? textB : textA;

        out.println();
        out.println("RACE RESULTS");
        out.println("=".repeat(70));
        out.println();
        out.println("Winner: " + label(winner));
        out.println("   • Upload succeeded (v" + won.previousVersion() + " → v" + won.version() + ")");
        out.println("   • Content: \"" + winnerText + "\"");
        out.println();
        out.println("Loser: " + label(loser));
        out.println("   • Upload rejected (version conflict)");
        out.println("   • Reason: Server version already updated to v" + lost.currentVersion());

        OfflineConflictDemo.step(out, "STEP 5: " + label(loser) + " keeps both");
        // the server kept the losing edit as a conflicted copy (with a conflict record); now the loser's cache follows
        String loserHash = ContentHash.of(loserCache.path(doc));
        ConflictHandler.Resolution resolution = new KeepBoth().settle(loser, loserCache, doc, loserHash, lost);
        ConflictHandler.KeptBoth kept = (ConflictHandler.KeptBoth) resolution;
        out.println("✅ [" + loser.clientId() + "] " + kept.original() + " now has v" + kept.serverVersion()
                + " (the winner's text)");
        out.println("✅ [" + loser.clientId() + "] its own text is saved as " + kept.copy());
        return new Result(doc, winner.clientId(), winnerText, won.version(), loser.clientId(), loserText,
                lost.currentVersion(), resolution);
    }

    private static String label(SyncClient client) {
        return "Client " + client.clientId().substring("Client".length());
    }

    private static CompletableFuture<WriteResult> race(CountDownLatch go, SyncClient client, LocalCache cache,
                                                       FileId doc) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                go.await();
                // on losing, the server keeps both (edits of one line never merge)
                return client.upload(Upload.of(doc, cache.base(doc).orElseThrow().version(), cache.path(doc))
                        .on(new KeepBoth().policy()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }
}
