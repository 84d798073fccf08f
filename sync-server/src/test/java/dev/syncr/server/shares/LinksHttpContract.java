package dev.syncr.server.shares;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.ServerDatabase;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import dev.syncr.server.TestHttp;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links over real HTTP, on each database: what a visitor without an account reaches, and nothing more. */
abstract class LinksHttpContract {

    @TempDir
    Path dir;
    ServerDatabase database;
    SyncServer server;
    TestAccounts accounts;
    TestHttp alice;
    TestHttp bob;
    TestHttp visitor;

    protected abstract ServerDatabase database(Path dir);

    @BeforeEach
    void start() throws Exception {
        database = database(dir);
        accounts = database.accounts();
        String aliceToken = accounts.userWithToken("alice");
        String bobToken = accounts.userWithToken("bob");
        server = database.startServer(dir, java.util.List.of());
        visitor = new TestHttp(server.uri());
        alice = visitor.withToken(aliceToken);
        bob = visitor.withToken(bobToken);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        accounts.close();
        database.close();
    }

    private void write(TestHttp who, String id, String text) throws Exception {
        assertThat(who.postJson("/files/" + id, "{\"content\":\"" + text + "\",\"expected_version\":0}").status())
                .isEqualTo(201);
    }

    private String link(TestHttp who, String json) throws Exception {
        TestHttp.Reply made = who.postJson("/links", json);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.json().get("token").asText()).hasSize(40);
        return made.json().get("url").asText();
    }

    @Test
    void a_view_link_shows_its_folder_its_files_and_a_zip_and_nothing_else() throws Exception {
        write(alice, "Project/a.txt", "a");
        write(alice, "Project/sub/b.txt", "b");
        write(alice, "Project%20(2)/not-linked.txt", "x");
        write(alice, "secret.txt", "private");
        String url = link(alice, "{\"path\":\"Project\",\"access\":\"view\"}");

        TestHttp.Reply listing = visitor.get(url);
        assertThat(listing.json().get("files")).extracting(f -> f.get("file_id").asText())
                .containsExactly("a.txt", "sub/b.txt");
        assertThat(visitor.get(url + "/files/sub/b.txt").body()).isEqualTo("b");
        assertThat(visitor.get(url + "/files/secret.txt").status()).isEqualTo(404);
        assertThat(visitor.get(url + "/files/..%2Fsecret.txt").status()).isIn(400, 404);
        assertThat(visitor.send(visitor.request(url + "/files/a.txt").POST(HttpRequest.BodyPublishers.ofString("x")))
                .status()).as("a view link takes nothing").isEqualTo(405);

        HttpResponse<byte[]> zip = java.net.http.HttpClient.newHttpClient().send(visitor.request(url + "/zip").GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        Map<String, String> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), new String(in.readAllBytes()));
            }
        }
        assertThat(entries).containsExactly(Map.entry("Project/a.txt", "a"), Map.entry("Project/sub/b.txt", "b"));

        String id = alice.get("/links").json().get("links").get(0).get("id").asText();
        assertThat(alice.get("/links").json().get("links").get(0).has("token")).as("shown once").isFalse();
        assertThat(bob.delete("/links/" + id).status()).as("only its owner revokes it").isEqualTo(404);
        assertThat(alice.delete("/links/" + id).status()).isEqualTo(204);
        assertThat(visitor.get(url).status()).isEqualTo(404);
    }

    @Test
    @org.junit.jupiter.api.Tag("slow") // waits out an expiry: run by `mvn verify`, not `mvn test`
    void a_file_link_downloads_the_file_and_an_expired_link_is_gone() throws Exception {
        write(alice, "report.txt", "the report");
        assertThat(visitor.get(link(alice, "{\"path\":\"report.txt\",\"access\":\"view\"}")).body())
                .isEqualTo("the report");
        assertThat(alice.postJson("/links", "{\"path\":\"report.txt\",\"access\":\"view\",\"expires_at\":\""
                + Instant.now().minusSeconds(60) + "\"}").status()).isEqualTo(400);
        Instant expiry = Instant.now().plusSeconds(2);
        String soon = link(alice, "{\"path\":\"report.txt\",\"access\":\"view\",\"expires_at\":\"" + expiry + "\"}");
        while (Instant.now().isBefore(expiry.plusMillis(100))) {
            Thread.sleep(Duration.ofMillis(200));
        }
        assertThat(visitor.get(soon).status()).isEqualTo(404);
    }

    @Test
    void an_upload_link_takes_files_renames_a_collision_and_shows_nothing() throws Exception {
        String url = link(alice, "{\"path\":\"Inbox\",\"access\":\"upload\",\"password\":\"open sesame\"}");
        HttpRequest.Builder first = visitor.request(url + "/files/report.pdf").header("X-Link-Password", "open sesame")
                .POST(HttpRequest.BodyPublishers.ofString("first"));
        assertThat(visitor.send(first).json().get("name").asText()).isEqualTo("report.pdf");
        TestHttp.Reply second = visitor.send(visitor.request(url + "/files/report.pdf")
                .header("X-Link-Password", "open sesame").POST(HttpRequest.BodyPublishers.ofString("second")));
        assertThat(second.json().get("name").asText()).isEqualTo("report (2).pdf");
        assertThat(alice.get("/files/Inbox/report.pdf").json().get("content").asText()).isEqualTo("first");
        assertThat(alice.get("/files/Inbox/report%20(2).pdf").json().get("content").asText()).isEqualTo("second");
        assertThat(visitor.send(visitor.request(url).header("X-Link-Password", "open sesame").GET()).body())
                .doesNotContain("report");
        assertThat(visitor.send(visitor.request(url + "/files/report.pdf").header("X-Link-Password", "open sesame")
                .GET()).status()).isEqualTo(404);
        assertThat(visitor.get(url).status()).as("no password").isEqualTo(401);
    }

    @Test
    void wrong_passwords_are_throttled_per_link_and_address() throws Exception {
        write(alice, "report.txt", "the report");
        String url = link(alice, "{\"path\":\"report.txt\",\"access\":\"view\",\"password\":\"right one\"}");
        int status = 0;
        for (int i = 0; i < 25 && status != 429; i++) {
            TestHttp.Reply wrong = visitor.send(visitor.request(url).header("X-Link-Password", "guess " + i).GET());
            status = wrong.status();
            if (status == 429) {
                assertThat(wrong.header("Retry-After")).isNotBlank();
            } else {
                assertThat(status).isEqualTo(401);
            }
        }
        assertThat(status).as("locked after the budget of guesses").isEqualTo(429);
        assertThat(visitor.send(visitor.request(url).header("X-Link-Password", "right one").GET()).status())
                .as("even the right password waits out the lock").isEqualTo(429);
    }

    @Test
    void only_a_shared_folders_owner_makes_links_to_it() throws Exception {
        write(alice, "Project/a.txt", "a");
        assertThat(alice.postJson("/shares", "{\"path\":\"Project\",\"with\":\"bob\",\"role\":\"editor\"}").status())
                .isEqualTo(201);
        assertThat(bob.postJson("/links", "{\"path\":\"Project\",\"access\":\"view\"}").status()).isEqualTo(403);
        String url = link(alice, "{\"path\":\"Project\",\"access\":\"view\"}");
        assertThat(visitor.get(url + "/files/a.txt").body()).isEqualTo("a");
    }
}
