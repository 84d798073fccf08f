package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncr.api.ApiJson;
import dev.syncr.core.ContentHash;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import dev.syncr.server.TestHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document's routes and status codes against a running server, both ways: every documented operation
 * exists (answers something other than "no such endpoint"), every status it gives to a set of probes (a good request,
 * a missing file, a stale version, a bad body or query) is documented for that operation, and the server's route
 * table ({@link Endpoint}) and the document name the same operations.
 */
class OpenApiRoutesTest {

    @TempDir
    static Path dir;
    static SyncServer server;
    /** As the user "probe", with a token. */
    static TestHttp http;
    static TestHttp anonymous;
    /** A conflict recorded at the start of the status test, for the conflict endpoints to answer about. */
    static long conflictId;
    static JsonNode document;

    @BeforeAll
    static void start() throws Exception {
        String token;
        try (TestAccounts accounts = TestAccounts.inDataDir(dir)) {
            token = accounts.userWithToken("probe");
            accounts.userWithToken("partner");
        }
        server = SyncServer.start("--port", "0", "--data-dir", dir.toString(), "--password-hash-memory", "1024");
        anonymous = new TestHttp(server.uri());
        http = anonymous.withToken(token);
        try (InputStream in = OpenApiRoutesTest.class.getResourceAsStream("/openapi.json")) {
            document = ApiJson.TOLERANT.readTree(in);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Operation(String method, String template) {

        String path(String fileId, String version) {
            return template.replace("{file_id}", fileId).replace("{version}", version).replace("{token}",
                    "0".repeat(40));
        }
    }

    private static List<Operation> documented() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (op.getValue().has("responses")) {
                operations.add(new Operation(op.getKey().toUpperCase(), path.getKey()));
            }
        }));
        return operations;
    }

    private static Set<String> documentedStatuses(Operation op) {
        Set<String> codes = new TreeSet<>();
        document.path("paths").path(op.template()).path(op.method().toLowerCase()).path("responses").fieldNames()
                .forEachRemaining(codes::add);
        return codes;
    }

    @Test
    void every_status_a_documented_operation_answers_is_documented_for_it() throws Exception {
        http.postJson("/files/doc.txt", "{\"content\":\"one\",\"expected_version\":0}");
        http.postJson("/files/doc.txt", "{\"content\":\"two\",\"expected_version\":1}");
        conflictId = http.postJson("/files/doc.txt", "{\"content\":\"three\",\"expected_version\":1,"
                + "\"keep_both\":true}").json().get("conflict").get("id").asLong();
        List<String> undocumented = new ArrayList<>();
        List<Operation> operations = documented();
        assertThat(operations).hasSizeGreaterThan(10);
        for (Operation op : operations) {
            Set<String> allowed = documentedStatuses(op);
            for (TestHttp.Reply reply : probe(op)) {
                assertThat(reply.body()).as("%s %s", op.method(), op.template()).doesNotContain("no such endpoint");
                if (!allowed.contains(String.valueOf(reply.status()))) {
                    undocumented.add(op.method() + " " + op.template() + " answered " + reply.status() + " "
                            + reply.body().lines().findFirst().orElse(""));
                }
            }
        }
        assertThat(undocumented).as("statuses the server sends that the document does not list").isEmpty();
    }

    /** Requests that reach an operation's main outcomes: success, missing file, stale version, bad body or query. */
    private static List<TestHttp.Reply> probe(Operation op) throws IOException, InterruptedException {
        List<TestHttp.Reply> replies = new ArrayList<>();
        String doc = op.path("doc.txt", "1").replace("{hash}", ContentHash.of(new byte[] {1}))
                .replace("{id}", Long.toString(conflictId));
        String missing = op.path("missing.txt", "9").replace("{hash}", ContentHash.of(new byte[] {2}))
                .replace("{id}", "999999");
        if (!op.template().equals("/healthz") && !op.template().equals("/auth/login")) {
            replies.add(anonymous.send(anonymous.request(doc).method(op.method(),
                    HttpRequest.BodyPublishers.noBody())));
        }
        if (op.template().equals("/auth/login")) {
            String login = "{\"username\":\"probe\",\"password\":\"%s\"}";
            replies.add(anonymous.postJson(doc, login.formatted(TestAccounts.PASSWORD)));
            replies.add(anonymous.postJson(doc, login.formatted("not the password")));
            replies.add(anonymous.postJson(doc, "{\"username\":5}"));
            replies.add(anonymous.get(doc));
            return replies;
        }
        if (op.template().equals("/auth/logout")) {
            String other = anonymous.postJson("/auth/login", "{\"username\":\"probe\",\"password\":\""
                    + TestAccounts.PASSWORD + "\"}").json().get("token").asText();
            replies.add(anonymous.withToken(other).postJson(doc, "{}"));
            replies.add(anonymous.withToken(other).postJson(doc, "{}")); // revoked now
            replies.add(http.get(doc));
            return replies;
        }
        if (op.template().equals("/conflicts/{id}/resolve")) {
            replies.add(http.postJson(doc, "{\"keep\":\"copy\"}"));
            replies.add(http.postJson(doc, "{\"keep\":\"copy\",\"expected_version\":1}")); // stale
            replies.add(http.postJson(doc, "{\"keep\":\"both\"}"));
            replies.add(http.postJson(doc, "{\"keep\":\"original\"}")); // resolved already, otherwise
            replies.add(http.postJson(missing, "{\"keep\":\"both\"}"));
            replies.add(http.send(http.request(doc).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("both"))));
            return replies;
        }
        if (op.template().startsWith("/shares")) {
            return probeShares(op);
        }
        if (op.template().startsWith("/links") || op.template().startsWith("/s/")) {
            return probeLinks(op);
        }
        if (op.template().equals("/chunks/missing")) {
            replies.add(http.postJson(doc, "{\"hashes\":[\"" + ContentHash.of(new byte[] {1}) + "\"]}"));
            replies.add(http.postJson(doc, "{\"hashes\":[\"nope\"]}"));
            replies.add(http.get(doc));
            return replies;
        }
        if (op.template().equals("/chunks/{hash}") && op.method().equals("PUT")) {
            replies.add(http.send(http.request(doc).PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1}))));
            replies.add(http.send(http.request(doc).PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {7}))));
            replies.add(http.send(http.request(doc).DELETE()));
            return replies;
        }
        if (op.template().endsWith("/manifest") && op.method().equals("POST")) {
            String one = ContentHash.of(new byte[] {1});
            replies.add(http.postJson(doc, "{\"chunks\":[{\"hash\":\"" + one + "\",\"size\":1}],\"content_hash\":\""
                    + one + "\",\"size\":1,\"expected_version\":2}"));
            replies.add(http.postJson(doc, "{\"chunks\":[{\"hash\":\"" + one + "\",\"size\":1}],\"content_hash\":\""
                    + one + "\",\"size\":1,\"expected_version\":0}"));
            replies.add(http.postJson(doc, "{\"chunks\":[],\"content_hash\":\"" + one + "\",\"size\":0,"
                    + "\"expected_version\":2}"));
            replies.add(http.postJson(doc, "{\"chunks\":5}"));
            return replies;
        }
        switch (op.method()) {
            case "PUT" -> replies.add(http.send(http.request(doc).PUT(HttpRequest.BodyPublishers.ofString("x"))));
            case "GET" -> {
                replies.add(http.get(doc));
                replies.add(http.get(missing));
                replies.add(http.get(doc + "?cursor=abc&limit=0&timeout=-1"));
            }
            case "DELETE" -> {
                replies.add(http.delete(doc + "?expected_version=1"));
                replies.add(http.delete(missing));
                replies.add(http.delete(doc + "?expected_version=abc"));
            }
            case "POST" -> {
                if (op.template().equals("/files/upload")) {
                    replies.add(http.send(http.request(doc).header("Content-Type", "multipart/form-data; boundary=b")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(
                                    TestHttp.multipart("b", "up.bin", "0", new byte[] {1, 2, 3})))));
                    replies.add(http.send(http.request(doc).header("Content-Type", "multipart/form-data; boundary=b")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(
                                    TestHttp.multipart("b", "up.bin", "0", new byte[] {4}))))); // stale
                    replies.add(http.send(http.request(doc).header("Content-Type", "text/plain")
                            .POST(HttpRequest.BodyPublishers.ofString("x"))));
                } else if (op.template().endsWith("/restore")) {
                    replies.add(http.postJson(doc, "{\"version\":1,\"expected_version\":2}"));
                    replies.add(http.postJson(doc, "{\"version\":1,\"expected_version\":1}"));
                    replies.add(http.postJson(missing, "{\"version\":1,\"expected_version\":1}"));
                    replies.add(http.postJson(doc, "{\"version\":0}"));
                } else {
                    replies.add(http.postJson(op.path("new.txt", "1"), "{\"content\":\"x\",\"expected_version\":0}"));
                    replies.add(http.postJson(doc, "{\"content\":\"x\",\"expected_version\":1}"));
                    replies.add(http.postJson(doc, "{\"content\":5}"));
                }
            }
            default -> throw new IllegalStateException("no probe for " + op);
        }
        return replies;
    }

    /** Sharing's main outcomes: done, an unknown user or share, a bad role, a taken path, a body that is not JSON. */
    private static List<TestHttp.Reply> probeShares(Operation op) throws IOException, InterruptedException {
        List<TestHttp.Reply> replies = new ArrayList<>();
        TestHttp.Reply shared = http.postJson("/shares", "{\"path\":\"Team " + op.method() + "\",\"with\":"
                + "\"partner\",\"role\":\"editor\"}");
        assertThat(shared.status()).as(shared.body()).isEqualTo(201);
        String share = "/shares/" + shared.json().get("id").asLong();
        switch (op.method() + " " + op.template()) {
            case "POST /shares" -> {
                replies.add(shared);
                replies.add(http.postJson("/shares", "{\"path\":\"X\",\"with\":\"nobody-here\",\"role\":\"editor\"}"));
                replies.add(http.postJson("/shares", "{\"path\":\"X\",\"with\":\"partner\",\"role\":\"boss\"}"));
                replies.add(http.postJson("/shares", "{\"path\":\"X\",\"with\":\"probe\",\"role\":\"editor\"}"));
                replies.add(http.send(http.request("/shares").header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("x"))));
            }
            case "GET /shares" -> replies.add(http.get("/shares"));
            case "PATCH /shares/{id}" -> {
                replies.add(patch(share, "{\"with\":\"partner\",\"role\":\"viewer\"}"));
                replies.add(patch(share, "{\"with\":\"nobody-here\",\"role\":\"viewer\"}"));
                replies.add(patch("/shares/999999", "{\"with\":\"partner\",\"role\":\"viewer\"}"));
                replies.add(patch(share, "{\"with\":\"partner\",\"role\":\"owner\"}"));
            }
            case "DELETE /shares/{id}" -> {
                replies.add(http.delete(share + "?user=partner"));
                replies.add(http.delete(share + "?user=partner"));
                replies.add(http.delete(share));
                replies.add(http.delete("/shares/999999"));
            }
            case "POST /shares/{id}/mount" -> {
                http.postJson("/files/Taken/a.txt", "{\"content\":\"x\",\"expected_version\":0}");
                replies.add(http.postJson(share + "/mount", "{\"path\":\"Moved/Team\"}"));
                replies.add(http.postJson(share + "/mount", "{\"path\":\"Taken\"}"));
                replies.add(http.postJson("/shares/999999/mount", "{\"path\":\"Y\"}"));
                replies.add(http.postJson(share + "/mount", "{}"));
            }
            default -> throw new IllegalStateException("no probe for " + op);
        }
        return replies;
    }

    /** Links' main outcomes: made, visited, a file of a folder, a zip, a drop, a wrong password, gone. */
    private static List<TestHttp.Reply> probeLinks(Operation op) throws IOException, InterruptedException {
        List<TestHttp.Reply> replies = new ArrayList<>();
        http.postJson("/files/Linked/a.txt", "{\"content\":\"a\",\"expected_version\":0}");
        TestHttp.Reply view = http.postJson("/links", "{\"path\":\"Linked\",\"access\":\"view\"}");
        TestHttp.Reply drop = http.postJson("/links", "{\"path\":\"Inbox\",\"access\":\"upload\","
                + "\"password\":\"open sesame\"}");
        assertThat(view.status()).as(view.body()).isEqualTo(201);
        String viewUrl = view.json().get("url").asText();
        String dropUrl = drop.json().get("url").asText();
        switch (op.method() + " " + op.template()) {
            case "POST /links" -> {
                replies.add(view);
                replies.add(http.postJson("/links", "{\"path\":\"Linked\",\"access\":\"edit\"}"));
                replies.add(http.postJson("/links", "{\"path\":\"Linked\",\"access\":\"view\","
                        + "\"expires_at\":\"yesterday\"}"));
            }
            case "GET /links" -> replies.add(http.get("/links"));
            case "DELETE /links/{id}" -> {
                replies.add(http.delete("/links/" + view.json().get("id").asText()));
                replies.add(http.delete("/links/" + view.json().get("id").asText()));
            }
            case "GET /s/{token}" -> {
                replies.add(anonymous.get(viewUrl));
                replies.add(anonymous.get(dropUrl));
                replies.add(anonymous.get("/s/" + "0".repeat(40)));
            }
            case "GET /s/{token}/files/{file_id}" -> {
                replies.add(anonymous.get(viewUrl + "/files/a.txt"));
                replies.add(anonymous.get(viewUrl + "/files/missing.txt"));
            }
            case "POST /s/{token}/files/{file_id}" -> {
                replies.add(anonymous.send(anonymous.request(dropUrl + "/files/in.txt")
                        .header("X-Link-Password", "open sesame").POST(HttpRequest.BodyPublishers.ofString("x"))));
                replies.add(anonymous.send(anonymous.request(dropUrl + "/files/in.txt")
                        .header("X-Link-Password", "wrong").POST(HttpRequest.BodyPublishers.ofString("x"))));
                replies.add(anonymous.send(anonymous.request(viewUrl + "/files/in.txt")
                        .POST(HttpRequest.BodyPublishers.ofString("x"))));
            }
            case "GET /s/{token}/zip" -> {
                replies.add(anonymous.get(viewUrl + "/zip"));
                replies.add(anonymous.get("/s/" + "1".repeat(40) + "/zip"));
            }
            default -> throw new IllegalStateException("no probe for " + op);
        }
        return replies;
    }

    private static TestHttp.Reply patch(String path, String json) throws IOException, InterruptedException {
        return http.send(http.request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** What the server answers that is not the JSON API: the page, its files and the documentation itself. */
    private static final Set<String> NOT_IN_THE_DOCUMENT = Set.of("/", "/ui/{asset}", "/docs", "/docs/{asset}",
            "/openapi.json");

    /**
     * WebDAV is its own protocol (RFC 4918), and the Nextcloud clients' endpoints are Nextcloud's: not the JSON API
     * this document describes.
     */
    private static boolean webDav(String path) {
        return path.startsWith("/dav/") || path.startsWith("/remote.php/") || path.equals("/status.php")
                || path.startsWith("/ocs/") || path.startsWith("/index.php/");
    }

    @Test
    void the_route_table_and_the_document_name_the_same_operations() {
        Set<String> inTable = new TreeSet<>();
        for (Endpoint endpoint : server.endpoints()) {
            if (!NOT_IN_THE_DOCUMENT.contains(endpoint.documentedPath()) && !webDav(endpoint.documentedPath())) {
                endpoint.methods().forEach(method -> inTable.add(method + " " + endpoint.documentedPath()));
            }
        }
        Set<String> inDocument = new TreeSet<>();
        documented().forEach(op -> inDocument.add(op.method() + " " + op.template()));
        assertThat(inDocument).as("operations in openapi.json").isEqualTo(inTable);
    }
}
