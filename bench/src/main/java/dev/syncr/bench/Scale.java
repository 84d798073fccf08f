package dev.syncr.bench;

import dev.syncr.api.ApiJson;
import dev.syncr.api.Changes;
import dev.syncr.api.LongPoll;
import dev.syncr.client.Access;
import dev.syncr.client.SyncClient;
import dev.syncr.client.SyncClient.BatchFile;
import dev.syncr.client.WriteResult;
import dev.syncr.core.FileId;
import dev.syncr.server.accounts.AccountStore;
import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.accounts.Passwords;
import dev.syncr.server.accounts.UserName;
import dev.syncr.server.jdbc.Database;
import dev.syncr.server.jdbc.DatabaseSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What growing costs, against a server in its own JVM (embedded store): listing a tree of 100 000 files through the
 * API, and 1 000 open long-polls while 16 writers commit (server memory and threads before and during, and whether
 * every watcher saw every change).
 *
 * <pre>java -cp bench/target/syncr-bench.jar dev.syncr.bench.Scale [FILES] [WATCHERS]</pre>
 */
public final class Scale {

    private Scale() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int watchers = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path dir = Files.createTempDirectory("syncr-scale-");
        // one account, a token for every 8 watchers (the server allows 8 long-polls a token)
        List<String> tokens = new ArrayList<>();
        DatabaseSettings settings = DatabaseSettings.of("jdbc:sqlite:" + dir.resolve("syncr.db"), null, null);
        Database.migrate(settings);
        try (Database database = Database.connect(settings.withPoolSize(1))) {
            Accounts accounts = new Accounts(new AccountStore(database), new Passwords(1024, 1),
                    Duration.ofMinutes(15), Clock.systemUTC());
            accounts.addUser(UserName.parse("bench"), "measured on a quiet machine", Optional.empty());
            for (int i = 0; i < (watchers + 7) / 8 + 1; i++) {
                tokens.add(accounts.createToken(UserName.parse("bench"), "bench-" + i).token());
            }
        }
        try (ServerChild server = ServerChild.start("512m", List.of("--data-dir", dir.toString()))) {
            SyncClient client = new SyncClient(server.uri, "bench", SyncClient.RetryPolicy.DEFAULT,
                    Access.token(tokens.getLast()));
            long start = System.nanoTime();
            for (int i = 0; i < files; i += 1000) {
                List<BatchFile> batch = new ArrayList<>();
                for (int k = i; k < Math.min(files, i + 1000); k++) {
                    batch.add(new BatchFile(FileId.of("tree/d" + (k % 1000) + "/f" + k + ".txt"), 0,
                            ("file " + k).getBytes(StandardCharsets.UTF_8)));
                }
                client.putBatch(batch);
            }
            System.out.printf("created %d files with POST /batch in %.1f s%n", files, (System.nanoTime() - start) / 1e9);

            for (int run = 0; run < 2; run++) { // the second run is the warm figure
                start = System.nanoTime();
                int listed = client.list(false).size();
                System.out.printf("  list %d files through the API (pages of 1000): %.2f s%s%n", listed,
                        (System.nanoTime() - start) / 1e9, run == 0 ? " (cold)" : "");
            }

            long cursor = client.latestCursor();
            long rssBefore = server.rssBytes();
            int threadsBefore = threads(server.process.pid());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            AtomicLong woken = new AtomicLong();
            List<CompletableFuture<?>> polls = new ArrayList<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            // each watcher follows the feed with long-polls until the writers stop, and counts the changes it read
            for (int w = 0; w < watchers; w++) {
                String token = tokens.get(w / 8);
                polls.add(CompletableFuture.runAsync(() -> follow(http, server.uri, token, cursor, writing, woken),
                        Executors.newVirtualThreadPerTaskExecutor()));
            }
            Thread.sleep(3000);
            long rssWatching = server.rssBytes();
            int threadsWatching = threads(server.process.pid());
            AtomicLong commits = new AtomicLong();
            try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 16; t++) {
                    int writer = t;
                    writers.submit(() -> {
                        SyncClient c = new SyncClient(server.uri, "writer-" + writer, SyncClient.RetryPolicy.DEFAULT,
                                Access.token(tokens.getLast()));
                        for (int i = 0; i < 25; i++) {
                            if (c.putText(FileId.of("live/w" + writer + "-" + i + ".txt"), 0, "x")
                                    instanceof WriteResult.Committed) {
                                commits.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
            }
            Thread.sleep(3000);
            long rssDuring = server.rssBytes();
            int threadsDuring = threads(server.process.pid());
            writing.set(false);
            CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get();
            System.out.printf("  %d long-polls open, 16 writers committing %d files: server RSS %d MB before, %d MB "
                    + "watching, %d MB while writing; threads %d / %d / %d; watchers saw %d of %d changes%n",
                    watchers, commits.get(), rssBefore >> 20, rssWatching >> 20, rssDuring >> 20, threadsBefore,
                    threadsWatching, threadsDuring, woken.get(), commits.get() * watchers);
        }
    }

    /** Long-polls and reads the feed until told to stop and nothing is left, counting the changes read. */
    private static void follow(HttpClient http, URI server, String token, long cursor, AtomicBoolean writing,
                               AtomicLong seen) {
        long at = cursor;
        try {
            while (true) {
                HttpResponse<String> poll = http.send(HttpRequest.newBuilder(server.resolve(
                        "changes/longpoll?cursor=" + at + "&timeout=5")).header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
                boolean changed = poll.statusCode() == 200
                        && ApiJson.TOLERANT.readValue(poll.body(), LongPoll.class).changes();
                if (changed) {
                    HttpResponse<String> page = http.send(HttpRequest.newBuilder(server.resolve(
                            "changes?cursor=" + at + "&limit=1000")).header("Authorization", "Bearer " + token)
                            .build(), HttpResponse.BodyHandlers.ofString());
                    Changes changes = ApiJson.TOLERANT.readValue(page.body(), Changes.class);
                    seen.addAndGet(changes.changes().size());
                    at = changes.cursor();
                } else if (!writing.get()) {
                    return;
                }
            }
        } catch (Exception e) {
            System.err.println("a watcher failed: " + e);
        }
    }

    private static int threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return -1;
    }
}
