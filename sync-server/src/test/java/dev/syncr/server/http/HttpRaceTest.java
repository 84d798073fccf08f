package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.SyncServer;
import dev.syncr.server.TestHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sixteen clients racing on one file over HTTP: one winner per version, every loser told the real head. */
class HttpRaceTest {

    @TempDir
    Path dir;

    @Test
    void sixteen_clients_racing_on_one_file_have_exactly_one_winner_per_version() throws Exception {
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.toString())) {
            TestHttp http = new TestHttp(server.uri());
            http.postJson("/files/race.txt", "{\"content\":\"base\",\"expected_version\":0}");
            int clients = 16;
            int rounds = 10;
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                for (int round = 1; round <= rounds; round++) {
                    long expected = round;
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<TestHttp.Reply>> replies = new ArrayList<>();
                    for (int c = 0; c < clients; c++) {
                        String body = "{\"content\":\"round " + round + " client " + c + "\",\"expected_version\":"
                                + expected + "}";
                        String client = "client-" + c;
                        replies.add(pool.submit(() -> {
                            go.await();
                            return http.postJson("/files/race.txt", body, client);
                        }));
                    }
                    go.countDown();
                    Map<Integer, Integer> byStatus = new HashMap<>();
                    for (Future<TestHttp.Reply> f : replies) {
                        TestHttp.Reply reply = f.get();
                        byStatus.merge(reply.status(), 1, Integer::sum);
                        if (reply.status() == 409) {
                            assertThat(reply.json().get("current_version").asLong()).isEqualTo(expected + 1);
                        } else {
                            assertThat(reply.status()).isEqualTo(200);
                            assertThat(reply.json().get("version").asLong()).isEqualTo(expected + 1);
                        }
                    }
                    assertThat(byStatus).containsEntry(200, 1).containsEntry(409, clients - 1);
                }
            } finally {
                pool.shutdownNow();
            }
            var versions = http.get("/files/race.txt/versions").json().get("versions");
            assertThat(versions).hasSize(rounds + 1);
        }
    }
}
