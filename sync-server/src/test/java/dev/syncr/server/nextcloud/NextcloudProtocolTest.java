package dev.syncr.server.nextcloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import dev.syncr.server.TestHttp;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Nextcloud clients need of a server, rule by rule (the real client runs in {@code NextcloudClientTest}):
 * the status and capabilities they ask first, the {@code oc:} properties they sync by, and uploads in parts.
 */
class NextcloudProtocolTest {

    private static final String PROPS = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" "
            + "xmlns:oc=\"http://owncloud.org/ns\"><d:prop><d:getetag/><oc:id/><oc:fileid/><oc:permissions/>"
            + "<oc:size/><oc:checksums/><oc:data-fingerprint/><oc:share-types/></d:prop></d:propfind>";

    @TempDir
    Path dir;
    SyncServer server;
    TestHttp anonymous;
    TestHttp alice;
    TestHttp bob;
    String aliceBasic;
    String bobBasic;

    @BeforeEach
    void start() throws Exception {
        String aliceToken;
        String bobToken;
        try (TestAccounts accounts = TestAccounts.inDataDir(dir)) {
            aliceToken = accounts.userWithToken("alice");
            bobToken = accounts.userWithToken("bob");
        }
        server = SyncServer.start("--port", "0", "--data-dir", dir.toString(), "--password-hash-memory", "1024");
        anonymous = new TestHttp(server.uri());
        alice = anonymous.withToken(aliceToken);
        bob = anonymous.withToken(bobToken);
        aliceBasic = basic("alice", aliceToken);
        bobBasic = basic("bob", bobToken);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String basic(String user, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    TestHttp.Reply dav(String auth, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = anonymous.request(path).header("Authorization", auth)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return anonymous.send(request);
    }

    private static String prop(String xml, String href, String name) {
        int at = xml.indexOf(href + "</d:href>");
        assertThat(at).as("%s in %s", href, xml).isNotNegative();
        Matcher m = Pattern.compile("<x:" + name + " [^>]*>([^<]*)</x:" + name + ">").matcher(xml);
        return m.find(at) ? m.group(1) : null;
    }

    @Test
    void status_capabilities_and_user_are_what_the_clients_ask_first() throws Exception {
        TestHttp.Reply status = anonymous.get("/status.php");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("installed").asBoolean()).isTrue();
        assertThat(status.json().get("maintenance").asBoolean()).isFalse();
        assertThat(status.json().get("productname").asText()).isEqualTo("Syncr");
        assertThat(status.json().get("version").asText()).startsWith("28.");

        assertThat(anonymous.get("/ocs/v1.php/cloud/capabilities?format=json").status()).isEqualTo(401);
        TestHttp.Reply v1 = alice.get("/ocs/v1.php/cloud/capabilities?format=json");
        assertThat(v1.json().at("/ocs/meta/statuscode").asInt()).isEqualTo(100);
        assertThat(alice.get("/ocs/v2.php/cloud/capabilities?format=json").json().at("/ocs/meta/statuscode").asInt())
                .isEqualTo(200);
        var caps = v1.json().at("/ocs/data/capabilities");
        assertThat(caps.at("/dav/chunking").asText()).isEqualTo("1.0");
        assertThat(caps.at("/checksums/preferredUploadType").asText()).isEqualTo("SHA256");
        assertThat(caps.at("/core/webdav-root").asText()).isEqualTo("remote.php/webdav");
        assertThat(caps.has("end-to-end-encryption")).as("nothing we do not do").isFalse();
        assertThat(caps.has("files_sharing")).isFalse();

        var user = alice.get("/ocs/v1.php/cloud/user?format=json").json().at("/ocs/data");
        assertThat(user.get("id").asText()).isEqualTo("alice");
        assertThat(user.at("/quota/quota").asLong()).as("unlimited").isEqualTo(-3);
    }

    @Test
    void oc_properties_give_a_stable_id_permissions_by_role_checksums_and_sizes() throws Exception {
        assertThat(dav(aliceBasic, "MKCOL", "/remote.php/dav/files/alice/Project", null).status()).isEqualTo(201);
        assertThat(dav(aliceBasic, "PUT", "/remote.php/dav/files/alice/Project/plan.txt", "plan").status())
                .isEqualTo(201);
        dav(aliceBasic, "PUT", "/remote.php/dav/files/alice/Project/notes.txt", "notes!");
        String before = dav(aliceBasic, "PROPFIND", "/remote.php/dav/files/alice/Project/", PROPS, "Depth", "1")
                .body();
        String id = prop(before, "/Project/plan.txt", "id");
        assertThat(id).matches("0*[1-9][0-9]*syncr");
        assertThat(prop(before, "/Project/plan.txt", "fileid")).isEqualTo(String.valueOf(Long.parseLong(
                id.replace("syncr", ""))));
        assertThat(prop(before, "/Project/plan.txt", "permissions")).isEqualTo("GDNVW");
        assertThat(prop(before, "/Project/", "permissions")).isEqualTo("GDNVCK");
        assertThat(prop(before, "/Project/", "size")).as("a folder's: everything below").isEqualTo("10");
        assertThat(before).contains("SHA256:" + ContentHash.of("plan".getBytes(StandardCharsets.UTF_8)));
        assertThat(prop(before, "/Project/notes.txt", "id")).isNotEqualTo(id);

        TestHttp.Reply moved = dav(aliceBasic, "MOVE", "/remote.php/dav/files/alice/Project/plan.txt", null,
                "Destination", "/remote.php/dav/files/alice/Project/plan-v2.txt");
        assertThat(moved.status()).isEqualTo(201);
        assertThat(moved.header("OC-FileId")).as("a rename keeps the id").isEqualTo(id);
        String after = dav(aliceBasic, "PROPFIND", "/remote.php/dav/files/alice/Project/", PROPS, "Depth", "1").body();
        assertThat(prop(after, "/Project/plan-v2.txt", "id")).isEqualTo(id);
        dav(aliceBasic, "PUT", "/remote.php/dav/files/alice/Project/plan.txt", "a new plan");
        String again = dav(aliceBasic, "PROPFIND", "/remote.php/dav/files/alice/Project/", PROPS, "Depth", "1").body();
        assertThat(prop(again, "/Project/plan.txt", "id")).as("a new file at the old name is another file")
                .isNotEqualTo(id);
        assertThat(dav(aliceBasic, "PROPFIND", "/remote.php/dav/files/alice/", PROPS, "Depth", "0").body())
                .contains("data-fingerprint");

        assertThat(alice.postJson("/shares", "{\"path\":\"Project\",\"with\":\"bob\",\"role\":\"viewer\"}").status())
                .isEqualTo(201);
        String bobs = dav(bobBasic, "PROPFIND", "/remote.php/dav/files/bob/Project/", PROPS, "Depth", "1").body();
        assertThat(prop(bobs, "/Project/plan-v2.txt", "permissions")).as("a viewer: shared, read only")
                .isEqualTo("SG");
        assertThat(prop(bobs, "/Project/plan-v2.txt", "id")).as("the same file for every member").isEqualTo(id);
    }

    @Test
    void a_put_answers_with_the_files_id_and_tag_and_a_wrong_checksum_stores_nothing() throws Exception {
        TestHttp.Reply put = dav(aliceBasic, "PUT", "/remote.php/dav/files/alice/a.txt", "hello", "OC-Checksum",
                "SHA256:" + ContentHash.of("hello".getBytes(StandardCharsets.UTF_8)), "X-OC-Mtime", "1700000000");
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.header("OC-ETag")).isEqualTo("\"1\"");
        assertThat(put.header("OC-FileId")).endsWith("syncr");
        assertThat(put.header("X-OC-MTime")).isEqualTo("accepted");
        TestHttp.Reply wrong = dav(aliceBasic, "PUT", "/remote.php/dav/files/alice/a.txt", "hellO", "OC-Checksum",
                "SHA256:" + ContentHash.of("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("error").asText()).isEqualTo("hash_mismatch");
        assertThat(alice.get("/files/a.txt").json().get("content").asText()).isEqualTo("hello");
        assertThat(alice.get("/files/a.txt/versions").json().get("versions")).hasSize(1);
    }

    @Test
    void login_flow_v2_gives_the_device_a_token_once_a_signed_in_user_grants_it() throws Exception {
        TestHttp.Reply flow = anonymous.send(anonymous.request("/index.php/login/v2").header("User-Agent",
                "Mozilla/5.0 (Windows) mirall/3.7.3").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(flow.status()).isEqualTo(200);
        String poll = flow.json().at("/poll/token").asText();
        assertThat(flow.json().at("/poll/endpoint").asText()).endsWith("/index.php/login/v2/poll");
        String login = flow.json().get("login").asText();
        String loginToken = login.substring(login.lastIndexOf('/') + 1);
        TestHttp.Reply page = anonymous.get("/index.php/login/v2/flow/" + loginToken);
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).isEqualTo("/#/grant/" + loginToken);

        assertThat(poll(poll).status()).isEqualTo(404);
        assertThat(anonymous.get("/index.php/login/v2/grant/" + loginToken).status()).as("the page needs an account")
                .isEqualTo(401);
        assertThat(alice.get("/index.php/login/v2/grant/" + loginToken).json().get("label").asText())
                .isEqualTo("Nextcloud desktop (Windows)");
        assertThat(alice.get("/index.php/login/v2/grant/" + poll).status()).as("the poll token opens no page")
                .isEqualTo(404);
        assertThat(alice.postJson("/index.php/login/v2/grant/" + loginToken, "{}").status()).isEqualTo(204);
        assertThat(bob.postJson("/index.php/login/v2/grant/" + loginToken, "{}").status()).as("granted once")
                .isEqualTo(404);

        TestHttp.Reply granted = poll(poll);
        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.json().get("loginName").asText()).isEqualTo("alice");
        assertThat(granted.json().get("server").asText()).isEqualTo(server.uri().toString().replaceAll("/$", ""));
        String appPassword = granted.json().get("appPassword").asText();
        assertThat(dav(basic("alice", appPassword), "PROPFIND", "/remote.php/dav/files/alice/", null, "Depth", "0")
                .status()).isEqualTo(207);
        assertThat(poll(poll).status()).as("the token is given once").isEqualTo(404);
        assertThat(poll("not-a-token").status()).isEqualTo(404);
        assertThat(poll("%ZZ").status()).as("a value that is not well encoded").isEqualTo(404);
        assertThat(anonymous.get("/index.php/login/v2/flow/x%0D%0ASet-Cookie:%20a=b").status())
                .as("no header injected from the path").isEqualTo(404);
    }

    private TestHttp.Reply poll(String token) throws Exception {
        return anonymous.send(anonymous.request("/index.php/login/v2/poll").header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
    }

    private String upload(String transfer) {
        return "/remote.php/dav/uploads/alice/" + transfer;
    }

    @Test
    void an_upload_in_parts_takes_parts_in_any_order_lists_them_and_commits_them_as_one_version() throws Exception {
        assertThat(dav(aliceBasic, "MKCOL", upload("t1"), null).status()).isEqualTo(201);
        assertThat(dav(aliceBasic, "MKCOL", upload("t1"), null).status()).isEqualTo(405);
        String a = "a".repeat(70_000);
        String b = "b".repeat(50_000);
        String c = "tail";
        assertThat(dav(aliceBasic, "PUT", upload("t1") + "/0000000000000002", c).status()).isEqualTo(201);
        assertThat(dav(aliceBasic, "PUT", upload("t1") + "/0000000000000000", a).status()).isEqualTo(201);
        assertThat(dav(aliceBasic, "PUT", upload("t1") + "/0000000000000001", "cut off").status()).isEqualTo(201);
        assertThat(dav(aliceBasic, "PUT", upload("t1") + "/0000000000000001", b).status()).as("sent again")
                .isEqualTo(201);
        String listing = dav(aliceBasic, "PROPFIND", upload("t1"), null, "Depth", "1").body();
        assertThat(listing).contains("t1/0000000000000000</d:href>", "<d:getcontentlength>70000</d:getcontentlength>",
                "<d:getcontentlength>50000</d:getcontentlength>", "<d:getcontentlength>4</d:getcontentlength>");

        String whole = a + b + c;
        String destination = "/remote.php/dav/files/alice/big.txt";
        TestHttp.Reply short_ = dav(aliceBasic, "MOVE", upload("t1") + "/.file", null, "Destination", destination,
                "OC-Total-Length", "999999");
        assertThat(short_.status()).as("a part is missing").isEqualTo(400);
        TestHttp.Reply badSum = dav(aliceBasic, "MOVE", upload("t1") + "/.file", null, "Destination", destination,
                "OC-Checksum", "SHA256:" + ContentHash.of("other".getBytes(StandardCharsets.UTF_8)));
        assertThat(badSum.status()).isEqualTo(400);
        assertThat(alice.get("/files/big.txt").status()).as("nothing stored").isEqualTo(404);

        TestHttp.Reply done = dav(aliceBasic, "MOVE", upload("t1") + "/.file", null, "Destination",
                server.uri().resolve(destination).toString(), "OC-Total-Length", String.valueOf(whole.length()),
                "OC-Checksum", "SHA256:" + ContentHash.of(whole.getBytes(StandardCharsets.UTF_8)),
                "X-OC-Mtime", "1600000000");
        assertThat(done.status()).as(done.body()).isEqualTo(201);
        assertThat(done.header("OC-FileId")).endsWith("syncr");
        assertThat(done.header("ETag")).isEqualTo("\"1\"");
        assertThat(dav(aliceBasic, "GET", destination, null).body()).isEqualTo(whole);
        assertThat(dav(aliceBasic, "PROPFIND", upload("t1"), null).status()).as("closed").isEqualTo(404);

        dav(aliceBasic, "MKCOL", upload("t2"), null);
        dav(aliceBasic, "PUT", upload("t2") + "/1", "stale");
        TestHttp.Reply stale = dav(aliceBasic, "MOVE", upload("t2") + "/.file", null, "Destination", destination,
                "If", "<" + destination + "> ([\"7\"])");
        assertThat(stale.status()).as("the If header's tag is the compare-and-set").isEqualTo(412);
        assertThat(dav(aliceBasic, "MOVE", upload("t2") + "/.file", null, "Destination", destination,
                "If", "<" + destination + "> ([\"1\"])").status()).isEqualTo(204);
        assertThat(dav(aliceBasic, "GET", destination, null).body()).isEqualTo("stale");
        assertThat(alice.get("/files/big.txt/versions").json().get("versions")).hasSize(2);
    }

    @Test
    void another_accounts_upload_is_not_found_and_bad_names_are_refused() throws Exception {
        dav(aliceBasic, "MKCOL", upload("mine"), null);
        assertThat(dav(bobBasic, "PUT", upload("mine") + "/1", "x").status()).isEqualTo(404);
        assertThat(dav(bobBasic, "PUT", "/remote.php/dav/uploads/bob/mine/1", "x").status()).isEqualTo(404);
        assertThat(dav(bobBasic, "PROPFIND", upload("mine"), null).status()).isEqualTo(404);
        assertThat(dav(aliceBasic, "PUT", upload("mine") + "/not-a-number", "x").status()).isEqualTo(400);
        assertThat(dav(aliceBasic, "MKCOL", upload("..%2F..") , null).status()).isEqualTo(400);
        assertThat(dav(aliceBasic, "MOVE", upload("mine") + "/.file", null).status()).as("no Destination")
                .isEqualTo(400);
        assertThat(dav(aliceBasic, "MOVE", upload("mine") + "/.file", null, "Destination", "%%%").status())
                .as("a Destination that is no URL").isEqualTo(400);
        assertThat(dav(aliceBasic, "MOVE", upload("mine") + "/.file", null, "Destination",
                "/remote.php/dav/files/bob/x").status()).as("someone else's files").isEqualTo(502);
        assertThat(dav(aliceBasic, "DELETE", upload("mine"), null).status()).isEqualTo(204);
        assertThat(dav(aliceBasic, "PUT", upload("mine") + "/1", "x").status()).isEqualTo(404);
    }

    @Test
    void a_clients_uploaded_conflicted_copy_opens_a_conflict_record() throws Exception {
        dav(aliceBasic, "PUT", "/remote.php/dav/files/alice/doc.txt", "base");
        dav(aliceBasic, "PUT", "/remote.php/dav/files/alice/doc.txt", "theirs");
        String copy = "/remote.php/dav/files/alice/doc%20(conflicted%20copy%20alice%202026-12-07%20101010).txt";
        TestHttp.Reply put = dav(aliceBasic, "PUT", copy, "mine", "OC-Conflict", "1",
                "OC-ConflictInitialBasePath", "/doc.txt", "OC-ConflictBaseEtag", "1");
        assertThat(put.status()).isEqualTo(201);
        var conflicts = alice.get("/conflicts").json().get("conflicts");
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0).get("file_id").asText()).isEqualTo("doc.txt");
        assertThat(conflicts.get(0).get("base_version").asLong()).isEqualTo(1);
        assertThat(conflicts.get(0).get("winner_version").asLong()).isEqualTo(2);
        assertThat(conflicts.get(0).get("copy_id").asText()).isEqualTo("doc (conflicted copy alice 2026-12-07 "
                + "101010).txt");

        // a name in UTF-8, as the client writes it in the header (raw bytes, not encoded)
        dav(aliceBasic, "PUT", "/remote.php/dav/files/alice/%C3%BCber.txt", "base");
        dav(aliceBasic, "PUT", "/remote.php/dav/files/alice/%C3%BCber.txt", "theirs");
        byte[] request = ("PUT /remote.php/dav/files/alice/%C3%BCber%20(conflicted%20copy).txt HTTP/1.1\r\n"
                + "Host: " + server.uri().getAuthority() + "\r\nAuthorization: " + aliceBasic + "\r\n"
                + "OC-Conflict: 1\r\nOC-ConflictInitialBasePath: /über.txt\r\nOC-ConflictBaseEtag: 1\r\n"
                + "Content-Length: 4\r\nConnection: close\r\n\r\nmine").getBytes(StandardCharsets.UTF_8);
        assertThat(TestHttp.raw(server.uri(), request, false).status()).isEqualTo(201);
        assertThat(alice.get("/conflicts").json().get("conflicts")).extracting(c -> c.get("file_id").asText())
                .contains("über.txt");
    }
}
