package dev.syncr.client.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.client.SyncClient;
import dev.syncr.core.FileId;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code syncr sync --watch} over minutes: it survives its folder changing under it, and a watched folder waits on
 * one long-poll instead of asking in a loop. Counts, never timings, decide: these pass on a slow machine.
 */
@Tag("slow") // a minute of idling: run by `mvn verify`, not `mvn test`
class WatchSurvivalTest {

    @TempDir
    Path dir;
    SyncServer server;
    Replicas replicas;
    Replicas.Replica a;
    WatchedFolder watched;
    List<PassResult> passes;
    AtomicReference<Throwable> ended;

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString());
        replicas = new Replicas(server.uri(), dir);
        a = replicas.add("laptop");
        Files.createDirectories(a.root);
        watched = new WatchedFolder(a.root, new SyncClient(server.uri(), "laptop"), 120);
        passes = watched.passes;
        ended = watched.ended;
    }

    @AfterEach
    void stop() throws Exception {
        watched.close();
        server.close();
    }

    @Test
    void folders_deleted_and_recreated_during_passes_do_not_end_the_watch() throws Exception {
        AtomicBoolean churning = new AtomicBoolean(true);
        Thread churn = Thread.ofPlatform().start(() -> {
            int round = 0;
            while (churning.get()) {
                try {
                    Path top = a.root.resolve("churn" + (round % 3));
                    Files.createDirectories(top.resolve("a/b/c/d"));
                    Files.writeString(top.resolve("a/b/c/d/f.txt"), "round " + round);
                    try (var walk = Files.walk(top)) {
                        for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                } catch (Exception raced) {
                    // the pass moved something first: churn on
                }
                round++;
            }
        });
        int before = passes.size();
        Waiting.until(() -> passes.size() >= before + 20, 120); // many passes, each walking a changing tree
        churning.set(false);
        churn.join();

        assertThat(ended.get()).as("the watch is still running").isNull();
        a.write("after/the/churn.txt", "still watching");
        SyncClient check = new SyncClient(server.uri(), "check");
        Waiting.until(() -> check.getText(FileId.of("after/the/churn.txt")).isPresent(), 120);
        assertThat(ended.get()).isNull();
    }

    @Test
    void a_watched_folder_waits_on_one_long_poll_and_runs_no_pass_for_its_own_upload() throws Exception {
        // a pass that takes a while (a slow disk), during which another device commits
        Path slow = a.root.resolve("slow.txt");
        a.write("slow.txt", "slow to read");
        AtomicBoolean inSlowPass = new AtomicBoolean();
        LocalScan.faults = path -> {
            if (path.equals(slow) && inSlowPass.compareAndSet(false, true)) {
                SyncClient other = new SyncClient(server.uri(), "desktop");
                other.putText(FileId.of("from-the-desktop.txt"), 0, "written during the laptop's pass");
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Waiting.until(() -> Files.exists(a.root.resolve("from-the-desktop.txt")), 120);
        LocalScan.faults = path -> { };
        long polls = requests("/changes/longpoll");
        assertThat(polls).as("long-polls while a 5 s pass ran and after: one answered, one waiting; not a loop")
                .isLessThanOrEqualTo(4);

        // an upload of its own: the pass that sent it is the last one
        waitForQuiet();
        int passesBefore = passes.size();
        a.write("mine.txt", "typed here");
        Waiting.until(() -> passes.size() > passesBefore && ((PassResult.Completed) passes.getLast()).uploaded() == 1,
                120);
        int afterUpload = passes.size();
        long requestsBefore = requests(null);
        Thread.sleep(60_000);
        assertThat(passes.size() - afterUpload).as("no pass for its own upload; at most the two safety passes")
                .isLessThanOrEqualTo(2);
        long idle = requests(null) - requestsBefore;
        // a minute idle: about three 25 s long-polls, two safety passes of two feed reads each
        assertThat(idle).as("requests in an idle minute").isLessThanOrEqualTo(10);
    }

    private void waitForQuiet() throws Exception {
        int seen;
        do {
            seen = passes.size();
            Thread.sleep(1_000);
        } while (passes.size() != seen);
    }

    private static final Pattern SERIES = Pattern.compile(
            "syncr_http_requests_total\\{method=\"[A-Z]+\",route=\"([^\"]+)\",status=\"\\d+\"} ([0-9.]+)");

    /** Requests the server has answered on {@code route} (all but /metrics when null). */
    private long requests(String route) throws Exception {
        String metrics = new TestHttp(server.uri()).get("/metrics").body();
        long total = 0;
        Matcher m = SERIES.matcher(metrics);
        while (m.find()) {
            boolean counted = route == null ? !m.group(1).equals("/metrics") : m.group(1).equals(route);
            if (counted) {
                total += (long) Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
