package dev.syncr.server.shares;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.server.ServerDatabase;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import dev.syncr.server.TestHttp;
import dev.syncr.server.http.Endpoint;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route that names a file or a conflict, as someone outside a shared folder (dave) and as its viewer (carol):
 * dave finds nothing of it and changes nothing; carol reads it all and every write is refused with 403 read_only.
 * The probes cover the route table: a new route that names a file fails this test until it has a probe here.
 */
abstract class ShareIsolationContract {

    @TempDir
    Path dir;
    ServerDatabase database;
    SyncServer server;
    TestAccounts accounts;
    TestHttp alice;
    TestHttp carol;
    TestHttp dave;
    long conflict;

    protected abstract ServerDatabase database(Path dir);

    /**
     * One request of the matrix. {@code body} null: none; {@code multipart}: the seed's upload form. {@code {me}} in
     * the path is the caller's own name (a WebDAV path names its user). {@code readStatus}: what a member's read
     * answers (200; 207 for PROPFIND).
     */
    record Probe(String method, String template, String path, String body, boolean write, int readStatus,
                 String... headers) {
        Probe(String method, String template, String path, String body, boolean write) {
            this(method, template, path, body, write, 200);
        }
    }

    @BeforeEach
    void start() throws Exception {
        database = database(dir);
        accounts = database.accounts();
        String aliceToken = accounts.userWithToken("alice");
        String carolToken = accounts.userWithToken("carol");
        String daveToken = accounts.userWithToken("dave");
        server = database.startServer(dir, List.of());
        TestHttp anonymous = new TestHttp(server.uri());
        alice = anonymous.withToken(aliceToken);
        carol = anonymous.withToken(carolToken);
        dave = anonymous.withToken(daveToken);
        alice.postJson("/files/Project/plan.txt", "{\"content\":\"v1\",\"expected_version\":0}");
        alice.postJson("/files/Project/plan.txt", "{\"content\":\"v2\",\"expected_version\":1}");
        conflict = alice.postJson("/files/Project/plan.txt", "{\"content\":\"lost\",\"expected_version\":1,"
                + "\"keep_both\":true}").json().get("conflict").get("id").asLong();
        assertThat(alice.postJson("/shares", "{\"path\":\"Project\",\"with\":\"carol\",\"role\":\"viewer\"}").status())
                .isEqualTo(201);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        accounts.close();
        database.close();
    }

    List<Probe> probes() {
        String f = "/files/Project/plan.txt";
        String one = ContentHash.of("x".getBytes(StandardCharsets.UTF_8));
        return List.of(
                new Probe("GET", "/files/{file_id}", f, null, false),
                new Probe("GET", "/files/{file_id}/metadata", f + "/metadata", null, false),
                new Probe("GET", "/files/{file_id}/download", f + "/download", null, false),
                new Probe("GET", "/files/{file_id}/versions", f + "/versions", null, false),
                new Probe("GET", "/files/{file_id}/versions/{version}", f + "/versions/1", null, false),
                new Probe("GET", "/files/{file_id}/versions/{version}/download", f + "/versions/1/download", null,
                        false),
                new Probe("GET", "/files/{file_id}/manifest", f + "/manifest", null, false),
                new Probe("GET", "/conflicts/{id}", "/conflicts/" + conflict, null, false),
                new Probe("POST", "/files/{file_id}", f, "{\"content\":\"x\",\"expected_version\":2}", true),
                new Probe("PUT", "/files/{file_id}", f, "{\"content\":\"x\",\"expected_version\":2}", true),
                new Probe("DELETE", "/files/{file_id}", f + "?expected_version=2", null, true),
                new Probe("POST", "/files/{file_id}/restore", f + "/restore",
                        "{\"version\":1,\"expected_version\":2}", true),
                new Probe("POST", "/files/{file_id}/move", f + "/move", "{\"to\":\"mine.txt\",\"expected_version\":2}",
                        true),
                new Probe("POST", "/files/{file_id}/manifest", f + "/manifest", "{\"chunks\":[{\"hash\":\"" + one
                        + "\",\"size\":1}],\"content_hash\":\"" + one + "\",\"size\":1,\"expected_version\":2}", true),
                new Probe("POST", "/files/upload", "/files/upload", "multipart", true),
                new Probe("POST", "/batch", "/batch", "{\"writes\":[{\"file_id\":\"Project/plan.txt\","
                        + "\"expected_version\":2,\"content\":\"x\"}]}", true),
                // a read that names its files in the body: an outsider's answer is 200 with not_found entries
                new Probe("POST", "/batch/download", "/batch/download",
                        "{\"files\":[{\"file_id\":\"Project/plan.txt\"}]}", false),
                new Probe("POST", "/conflicts/{id}/resolve", "/conflicts/" + conflict + "/resolve",
                        "{\"keep\":\"both\"}", true),
                new Probe("OPTIONS", "/dav/files/{user}/{file_id}", "/dav/files/{me}/Project/plan.txt", null, false),
                new Probe("PROPFIND", "/dav/files/{user}/{file_id}", "/dav/files/{me}/Project/plan.txt", null, false,
                        207, "Depth", "0"),
                new Probe("GET", "/dav/files/{user}/{file_id}", "/dav/files/{me}/Project/plan.txt", null, false),
                new Probe("PUT", "/dav/files/{user}/{file_id}", "/dav/files/{me}/Project/plan.txt", "x", true),
                new Probe("DELETE", "/dav/files/{user}/{file_id}", "/dav/files/{me}/Project/plan.txt", null, true),
                new Probe("MKCOL", "/dav/files/{user}/{file_id}", "/dav/files/{me}/Project/new", null, true),
                new Probe("MOVE", "/dav/files/{user}/{file_id}", "/dav/files/{me}/Project/plan.txt", null, true, 0,
                        "Destination", "/dav/files/{me}/Project/moved.txt"),
                new Probe("COPY", "/dav/files/{user}/{file_id}", "/dav/files/{me}/Project/plan.txt", null, true, 0,
                        "Destination", "/dav/files/{me}/Project/copied.txt"),
                new Probe("PROPPATCH", "/dav/files/{user}/{file_id}", "/dav/files/{me}/Project/plan.txt",
                        "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\"><d:set><d:prop><x xmlns=\"urn:x\">"
                        + "1</x></d:prop></d:set></d:propertyupdate>", true),
                new Probe("LOCK", "/dav/files/{user}/{file_id}", "/dav/files/{me}/Project/plan.txt",
                        "<?xml version=\"1.0\"?><d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/></d:lockscope>"
                        + "<d:locktype><d:write/></d:locktype></d:lockinfo>", true),
                new Probe("UNLOCK", "/dav/files/{user}/{file_id}", "/dav/files/{me}/Project/plan.txt", null, false,
                        409, "Lock-Token", "<opaquelocktoken:none>"));
    }

    TestHttp.Reply send(TestHttp who, String name, Probe p) throws Exception {
        HttpRequest.Builder request = who.request(p.path().replace("{me}", name));
        for (int i = 0; i < p.headers().length; i += 2) {
            request.header(p.headers()[i], p.headers()[i + 1].replace("{me}", name));
        }
        if (p.body() == null) {
            return who.send(request.method(p.method(), HttpRequest.BodyPublishers.noBody()));
        }
        if (p.template().startsWith("/dav/")) {
            return who.send(request.method(p.method(), HttpRequest.BodyPublishers.ofString(p.body())));
        }
        if (p.body().equals("multipart")) {
            return who.send(request.header("Content-Type", "multipart/form-data; boundary=b").POST(
                    HttpRequest.BodyPublishers.ofByteArray(TestHttp.multipart("b", "Project/plan.txt", "2",
                            "x".getBytes(StandardCharsets.UTF_8)))));
        }
        return who.send(request.header("Content-Type", "application/json")
                .method(p.method(), HttpRequest.BodyPublishers.ofString(p.body())));
    }

    @Test
    void the_probes_cover_every_route_that_names_a_file_or_a_conflict() {
        Set<String> covered = new TreeSet<>();
        probes().forEach(p -> covered.add(p.method() + " " + p.template()));
        Set<String> routes = new TreeSet<>();
        for (Endpoint e : server.endpoints()) {
            // WebDAV's other roots are aliases of /dav/files/{user}: one handler, so one set of probes
            String path = e.documentedPath().replace("/remote.php/dav/files/{user}/", "/dav/files/{user}/")
                    .replace("/remote.php/webdav/", "/dav/files/{user}/");
            if (path.contains("{file_id}") && !path.startsWith("/s/") || path.contains("{id}")
                    && path.startsWith("/conflicts") || path.equals("/files/upload") || path.startsWith("/batch")) {
                e.methods().forEach(m -> routes.add(m + " " + path));
            }
        }
        assertThat(covered).isEqualTo(routes);
    }

    @Test
    void someone_outside_the_folder_finds_nothing_and_changes_nothing() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Probe p : probes()) {
            TestHttp.Reply reply = send(dave, "dave", p);
            boolean batchRead = p.template().equals("/batch/download");
            if (!p.write() && !p.method().equals("OPTIONS") && reply.status() != (batchRead ? 200 : 404)) {
                leaks.add(p.method() + " " + p.path() + " answered " + reply.status());
            }
            if (batchRead && !reply.body().contains("\"error\":\"not_found\"")) {
                leaks.add(p.method() + " " + p.path() + " did not answer not_found: " + reply.body());
            }
            if (reply.body().contains("v2") || reply.body().contains("lost")) {
                leaks.add(p.method() + " " + p.path() + " showed alice's content: " + reply.body());
            }
        }
        assertThat(leaks).isEmpty();
        assertUnchanged();
    }

    @Test
    void a_viewer_reads_everything_and_every_write_is_refused_with_403() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Probe p : probes()) {
            TestHttp.Reply reply = send(carol, "carol", p);
            int expected = p.write() ? 403 : p.readStatus();
            if (reply.status() != expected) {
                wrong.add(p.method() + " " + p.path() + " answered " + reply.status() + " " + reply.body());
            } else if (p.write()) {
                assertThat(reply.json().get("error").asText()).isEqualTo("read_only");
            }
        }
        assertThat(wrong).isEmpty();
        assertUnchanged();
    }

    private void assertUnchanged() throws Exception {
        assertThat(alice.get("/files/Project/plan.txt/versions").json().get("versions")).hasSize(2);
        assertThat(alice.get("/files/Project/plan.txt").json().get("content").asText()).isEqualTo("v2");
        assertThat(alice.get("/conflicts/" + conflict).json().get("status").asText()).isEqualTo("open");
        assertThat(alice.get("/files/").json().get("count").asInt()).isEqualTo(2);
    }

    @Test
    void a_shared_folders_chunks_are_readable_by_its_members_and_nobody_else() throws Exception {
        byte[] chunk = new byte[100_000];
        new java.util.Random(7).nextBytes(chunk);
        String hash = ContentHash.of(chunk);
        assertThat(alice.send(alice.request("/chunks/" + hash).PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)))
                .status()).isEqualTo(201);
        TestHttp.Reply committed = alice.postJson("/files/Project/big.bin/manifest", "{\"chunks\":[{\"hash\":\""
                + hash + "\",\"size\":" + chunk.length + "}],\"content_hash\":\"" + hash + "\",\"size\":"
                + chunk.length + ",\"expected_version\":0}");
        assertThat(committed.status()).as(committed.body()).isEqualTo(201);
        assertThat(carol.get("/chunks/" + hash).status()).as("a member reads the folder's chunks").isEqualTo(200);
        assertThat(dave.get("/chunks/" + hash).status()).as("nobody else").isEqualTo(404);
        assertThat(dave.postJson("/chunks/missing", "{\"hashes\":[\"" + hash + "\"]}").json().get("missing"))
                .as("nor learns that it is stored").hasSize(1);
    }

    @Test
    void a_webdav_path_of_another_account_is_not_found() throws Exception {
        for (Probe p : probes()) {
            if (p.template().startsWith("/dav/") && !p.method().equals("OPTIONS")) {
                TestHttp.Reply reply = send(dave, "carol", p);
                assertThat(reply.status()).as("%s %s as dave", p.method(), p.path()).isEqualTo(404);
            }
        }
        assertUnchanged();
    }
}
