package dev.syncr.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two server processes sharing one PostgreSQL and one S3 bucket, sixteen clients writing through both at once on a
 * few hot files. Correctness lives in the database's compare-and-set, so adding servers must not weaken it.
 */
@Tag("slow") // processes, hundreds of MB or long races: run by `mvn verify`, not `mvn test`
class ScaleOutTest {

    private static final int CLIENTS = 16;
    private static final int WRITES_PER_CLIENT = 25;
    private static final List<String> FILES = List.of("hot/a.txt", "hot/b.txt", "hot/c.txt");

    record Ack(String file, long version, String content) {
    }

    record Rejection(String file, long currentVersion, String currentHash) {
    }

    @Test
    void two_servers_on_one_database_and_bucket_keep_every_acknowledged_write_exactly_once() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create();
             S3TestServer s3 = S3TestServer.start()) {
            List<String> flags = new ArrayList<>(List.of("--db-url", database.url(),
                    "--db-user", PostgresTestDatabase.USER, "--db-password", PostgresTestDatabase.PASSWORD));
            flags.addAll(List.of(s3.flags("scale-out")));
            try (ServerProcess one = ServerProcess.start("256m", flags.toArray(String[]::new));
                 ServerProcess two = ServerProcess.start("256m", flags.toArray(String[]::new))) {
                List<TestHttp> servers = List.of(new TestHttp(one.uri()), new TestHttp(two.uri()));
                ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<Rejection> rejections = new ConcurrentLinkedQueue<>();
                race(servers, acks, rejections);

                Map<String, JsonNode> byVersion = new HashMap<>();
                for (String file : FILES) {
                    JsonNode versions = servers.get(0).get("/files/" + file + "/versions").json().get("versions");
                    for (int i = 0; i < versions.size(); i++) {
                        JsonNode v = versions.get(versions.size() - 1 - i);
                        assertThat(v.get("version").asLong()).as("contiguous versions of %s", file).isEqualTo(i + 1);
                        byVersion.put(file + "@" + v.get("version").asLong(), v);
                    }
                }
                assertThat(byVersion).as("every version was acknowledged to exactly one client").hasSize(acks.size());
                for (Ack ack : acks) {
                    JsonNode v = byVersion.get(ack.file() + "@" + ack.version());
                    assertThat(v).as("acknowledged %s v%d is in history", ack.file(), ack.version()).isNotNull();
                    assertThat(v.get("content_hash").asText())
                            .isEqualTo(dev.syncr.core.ContentHash.of(ack.content().getBytes()));
                    // and its bytes are in the shared bucket, readable through the other server
                    assertThat(servers.get(1).get("/files/" + ack.file() + "/versions/" + ack.version() + "/download")
                            .body()).isEqualTo(ack.content());
                }
                for (Rejection r : rejections) {
                    JsonNode v = byVersion.get(r.file() + "@" + r.currentVersion());
                    assertThat(v).as("a 409 named %s v%d, which must exist", r.file(), r.currentVersion()).isNotNull();
                    assertThat(v.get("content_hash").asText()).isEqualTo(r.currentHash());
                }
                assertThat(rejections).as("racing clients must sometimes lose").isNotEmpty();
                assertThat(feed(servers.get(0))).isEqualTo(feed(servers.get(1))).hasSize(acks.size());
            }
        }
    }

    private static void race(List<TestHttp> servers, ConcurrentLinkedQueue<Ack> acks,
                             ConcurrentLinkedQueue<Rejection> rejections) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String client = "client-" + c;
                futures.add(pool.submit(() -> {
                    start.await();
                    Map<String, Long> known = new HashMap<>();
                    for (int i = 0; i < WRITES_PER_CLIENT; i++) {
                        String file = FILES.get(ThreadLocalRandom.current().nextInt(FILES.size()));
                        TestHttp server = servers.get(ThreadLocalRandom.current().nextInt(servers.size()));
                        String content = client + " write " + i;
                        long expected = known.getOrDefault(file, 0L);
                        TestHttp.Reply reply = server.postJson("/files/" + file, "{\"content\":\"" + content
                                + "\",\"expected_version\":" + expected + "}", client);
                        if (reply.status() == 200 || reply.status() == 201) {
                            long version = reply.json().get("version").asLong();
                            acks.add(new Ack(file, version, content));
                            known.put(file, version);
                        } else {
                            assertThat(reply.status()).as(reply.body()).isEqualTo(409);
                            long current = reply.json().get("current_version").asLong();
                            rejections.add(new Rejection(file, current, reply.json().get("current_hash").asText()));
                            known.put(file, current);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> feed(TestHttp server) throws Exception {
        List<String> changes = new ArrayList<>();
        long cursor = 0;
        while (true) {
            JsonNode page = server.get("/changes?cursor=" + cursor + "&limit=50").json();
            page.get("changes").forEach(c -> changes.add(c.get("cursor").asLong() + " " + c.get("file_id").asText()
                    + "@" + c.get("version").asLong()));
            cursor = page.get("cursor").asLong();
            if (!page.get("has_more").asBoolean()) {
                return changes;
            }
        }
    }
}
