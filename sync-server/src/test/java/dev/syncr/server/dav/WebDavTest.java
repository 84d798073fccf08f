package dev.syncr.server.dav;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import dev.syncr.server.TestHttp;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebDAV over the caller's tree, rule by rule (litmus runs the whole suite in {@code LitmusTest}): every write an
 * ordinary commit with its history and compare-and-set, folders made on their own, hrefs that keep the request's
 * prefix, and another account's path a 404.
 */
class WebDavTest {

    @TempDir
    Path dir;
    SyncServer server;
    TestHttp alice;
    TestHttp anonymous;
    String basic;

    @BeforeEach
    void start() throws Exception {
        String token;
        try (TestAccounts accounts = TestAccounts.inDataDir(dir)) {
            token = accounts.userWithToken("alice");
            accounts.userWithToken("bob");
        }
        server = SyncServer.start("--port", "0", "--data-dir", dir.toString(), "--password-hash-memory", "1024");
        anonymous = new TestHttp(server.uri());
        alice = anonymous.withToken(token);
        basic = "Basic " + Base64.getEncoder().encodeToString(("alice:" + token).getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    TestHttp.Reply dav(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = anonymous.request(path).header("Authorization", basic)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return anonymous.send(request);
    }

    @Test
    void options_needs_no_credentials_and_names_every_method() throws Exception {
        TestHttp.Reply options = anonymous.send(anonymous.request("/dav/files/alice/")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.header("DAV")).contains("1");
        assertThat(options.header("Allow")).contains("PROPFIND", "MKCOL", "MOVE", "COPY", "PUT");
        assertThat(dav("PROPFIND", "/dav/files/alice/", null).status()).isEqualTo(207);
        assertThat(anonymous.send(anonymous.request("/dav/files/alice/").method("PROPFIND",
                HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(401);
    }

    @Test
    void a_put_is_a_commit_with_history_and_if_match_is_the_compare_and_set() throws Exception {
        TestHttp.Reply created = dav("PUT", "/dav/files/alice/notes.txt", "one");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(dav("PUT", "/dav/files/alice/notes.txt", "two").status()).as("no tag: an overwrite").isEqualTo(204);
        TestHttp.Reply stale = dav("PUT", "/dav/files/alice/notes.txt", "three", "If-Match", "\"1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(dav("PUT", "/dav/files/alice/notes.txt", "three", "If-Match", "\"2\"").status()).isEqualTo(204);
        assertThat(alice.get("/files/notes.txt/versions").json().get("versions")).hasSize(3);
        assertThat(dav("GET", "/dav/files/alice/notes.txt", null).body()).isEqualTo("three");
        assertThat(dav("GET", "/dav/files/alice/notes.txt", null, "If-None-Match", "\"3\"").status()).isEqualTo(304);
        assertThat(dav("PUT", "/dav/files/alice/no/parent.txt", "x").status()).isEqualTo(409);
        assertThat(alice.get("/changes?cursor=0").json().get("changes")).as("every write is in the change feed")
                .extracting(c -> c.get("version").asLong()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void propfind_lists_a_folder_with_its_files_folders_and_tags_in_the_requests_prefix() throws Exception {
        alice.postJson("/files/docs/a%20b.txt", "{\"content\":\"hello\",\"expected_version\":0}");
        alice.postJson("/files/docs/sub/c.txt", "{\"content\":\"c\",\"expected_version\":0}");
        assertThat(dav("MKCOL", "/dav/files/alice/docs/empty", null).status()).isEqualTo(201);
        String before = dav("PROPFIND", "/dav/files/alice/", null, "Depth", "1").body();
        TestHttp.Reply listing = dav("PROPFIND", "/remote.php/webdav/docs/", null, "Depth", "1");
        assertThat(listing.status()).isEqualTo(207);
        assertThat(listing.header("Content-Type")).startsWith("application/xml");
        assertThat(listing.body()).contains("<d:href>/remote.php/webdav/docs/</d:href>",
                "<d:href>/remote.php/webdav/docs/a%20b.txt</d:href>", "<d:href>/remote.php/webdav/docs/sub/</d:href>",
                "<d:href>/remote.php/webdav/docs/empty/</d:href>", "<d:getcontentlength>5</d:getcontentlength>",
                "<d:collection", "<d:getetag>\"1\"</d:getetag>");
        assertThat(listing.body()).doesNotContain("c.txt"); // depth 1 only
        alice.postJson("/files/docs/sub/c.txt", "{\"content\":\"c2\",\"expected_version\":1}");
        String after = dav("PROPFIND", "/dav/files/alice/", null, "Depth", "1").body();
        assertThat(tag(after, "docs/")).as("a folder's tag changes with anything below it").isNotEqualTo(
                tag(before, "docs/"));
        assertThat(dav("PROPFIND", "/dav/files/alice/", null, "Depth", "infinity").status()).isEqualTo(403);
        assertThat(dav("PROPFIND", "/dav/files/alice/", "<not xml", "Depth", "0").status()).isEqualTo(400);
        assertThat(dav("PROPFIND", "/dav/files/alice/", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
                + "\"file:///etc/passwd\">]><d:propfind xmlns:d=\"DAV:\"><d:prop>&e;</d:prop></d:propfind>",
                "Depth", "0").status()).as("no DTD, no external entity").isEqualTo(400);
    }

    @Test
    void a_move_keeps_history_and_another_accounts_path_is_not_found() throws Exception {
        dav("PUT", "/dav/files/alice/a.txt", "one");
        dav("PUT", "/dav/files/alice/a.txt", "two");
        TestHttp.Reply moved = dav("MOVE", "/dav/files/alice/a.txt", null, "Destination",
                server.uri().resolve("/dav/files/alice/b.txt").toString());
        assertThat(moved.status()).isEqualTo(201);
        assertThat(alice.get("/files/b.txt").json().get("content").asText()).isEqualTo("two");
        assertThat(alice.get("/files/a.txt/versions").json().get("versions")).as("the old name keeps its history")
                .hasSize(3);
        var renamed = alice.get("/files/b.txt/versions").json().get("renamed_from");
        assertThat(renamed.get("file_id").asText()).as("the new name says where it goes on").isEqualTo("a.txt");
        assertThat(renamed.get("version").asLong()).isEqualTo(2);
        assertThat(dav("MOVE", "/dav/files/alice/b.txt", null, "Destination", "/dav/files/alice/b.txt").status())
                .isEqualTo(403);
        dav("PUT", "/dav/files/alice/c.txt", "c");
        assertThat(dav("MOVE", "/dav/files/alice/c.txt", null, "Destination", "/dav/files/alice/b.txt",
                "Overwrite", "F").status()).isEqualTo(412);
        assertThat(dav("PROPFIND", "/dav/files/bob/", null, "Depth", "0").status()).isEqualTo(404);
        assertThat(dav("DELETE", "/dav/files/alice/b.txt", null).status()).isEqualTo(204);
        assertThat(alice.get("/files/b.txt").status()).isEqualTo(404);
        assertThat(alice.get("/files/b.txt/versions").json().get("versions")).as("history keeps it").hasSize(2);
    }

    @Test
    void a_client_sets_a_files_modification_time_with_x_oc_mtime_or_a_proppatch() throws Exception {
        TestHttp.Reply put = dav("PUT", "/dav/files/alice/photo.jpg", "pixels", "X-OC-Mtime", "1600000000");
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.header("X-OC-MTime")).isEqualTo("accepted");
        String time = "Sun, 13 Sep 2020 12:26:40 GMT";
        assertThat(dav("PROPFIND", "/dav/files/alice/photo.jpg", null, "Depth", "0").body())
                .contains("<d:getlastmodified>" + time + "</d:getlastmodified>");
        assertThat(dav("GET", "/dav/files/alice/photo.jpg", null).header("Last-Modified")).isEqualTo(time);
        assertThat(dav("PROPFIND", "/dav/files/alice/", null, "Depth", "0").body()).as("a folder's is its newest")
                .contains("<d:getlastmodified>" + time + "</d:getlastmodified>");

        assertThat(dav("PUT", "/dav/files/alice/photo.jpg", "pixels", "X-OC-Mtime", "1500000000").status())
                .as("the same bytes with another time: no new version").isEqualTo(204);
        assertThat(alice.get("/files/photo.jpg/versions").json().get("versions")).hasSize(1);
        assertThat(dav("GET", "/dav/files/alice/photo.jpg", null).header("Last-Modified"))
                .isEqualTo("Fri, 14 Jul 2017 02:40:00 GMT");

        String windows = "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\" xmlns:z=\"urn:schemas-"
                + "microsoft-com:\"><d:set><d:prop><z:Win32LastModifiedTime>Wed, 01 Jan 2025 10:00:00 GMT"
                + "</z:Win32LastModifiedTime></d:prop></d:set></d:propertyupdate>";
        assertThat(dav("PROPPATCH", "/dav/files/alice/photo.jpg", windows).status()).isEqualTo(207);
        assertThat(dav("GET", "/dav/files/alice/photo.jpg", null).header("Last-Modified"))
                .isEqualTo("Wed, 01 Jan 2025 10:00:00 GMT");
        String rclone = "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\"><d:set><d:prop>"
                + "<d:lastmodified>1700000000</d:lastmodified></d:prop></d:set></d:propertyupdate>";
        assertThat(dav("PROPPATCH", "/dav/files/alice/photo.jpg", rclone).status()).isEqualTo(207);
        assertThat(dav("GET", "/dav/files/alice/photo.jpg", null).header("Last-Modified"))
                .isEqualTo("Tue, 14 Nov 2023 22:13:20 GMT");
        assertThat(alice.get("/files/photo.jpg/versions").json().get("versions")).as("times are not versions")
                .hasSize(1);

        TestHttp.Reply bad = dav("PUT", "/dav/files/alice/other.jpg", "x", "X-OC-Mtime", "yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("X-OC-Mtime");
        assertThat(alice.get("/files/other.jpg").status()).as("nothing stored").isEqualTo(404);
    }

    private static String tag(String multistatus, String hrefEnd) {
        int at = multistatus.indexOf(hrefEnd + "</d:href>");
        int start = multistatus.indexOf("<d:getetag>", at) + "<d:getetag>".length();
        return multistatus.substring(start, multistatus.indexOf("</d:getetag>", start));
    }

    @Test
    void dead_properties_are_set_together_kept_by_a_move_and_protected_ones_refused() throws Exception {
        dav("PUT", "/dav/files/alice/a.txt", "a");
        String set = "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\" xmlns:x=\"urn:x\"><d:set><d:prop>"
                + "<x:color>blue<x:shade deep=\"yes\">navy</x:shade></x:color></d:prop></d:set></d:propertyupdate>";
        assertThat(dav("PROPPATCH", "/dav/files/alice/a.txt", set).status()).isEqualTo(207);
        dav("MOVE", "/dav/files/alice/a.txt", null, "Destination", "/dav/files/alice/b.txt");
        String got = dav("PROPFIND", "/dav/files/alice/b.txt", "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" "
                + "xmlns:x=\"urn:x\"><d:prop><x:color/></d:prop></d:propfind>", "Depth", "0").body();
        assertThat(got).contains("blue").contains("navy").contains("deep=\"yes\"");
        String both = "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\" xmlns:x=\"urn:x\"><d:set><d:prop>"
                + "<x:size>big</x:size><d:getetag>\"9\"</d:getetag></d:prop></d:set></d:propertyupdate>";
        String refused = dav("PROPPATCH", "/dav/files/alice/b.txt", both).body();
        assertThat(refused).contains("403 Forbidden").contains("424 Failed Dependency");
        assertThat(dav("PROPFIND", "/dav/files/alice/b.txt", null, "Depth", "0").body()).doesNotContain("big");
        dav("DELETE", "/dav/files/alice/b.txt", null);
        dav("PUT", "/dav/files/alice/b.txt", "again");
        assertThat(dav("PROPFIND", "/dav/files/alice/b.txt", null, "Depth", "0").body()).as("a delete drops them")
                .doesNotContain("navy");
    }

    @Test
    void a_lock_refuses_writes_without_its_token_and_the_if_header_is_checked() throws Exception {
        dav("PUT", "/dav/files/alice/locked.txt", "v1");
        String lockinfo = "<?xml version=\"1.0\"?><d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/></d:lockscope>"
                + "<d:locktype><d:write/></d:locktype><d:owner><d:href>mailto:alice@example.com</d:href></d:owner>"
                + "</d:lockinfo>";
        TestHttp.Reply locked = dav("LOCK", "/dav/files/alice/locked.txt", lockinfo, "Timeout", "Second-600",
                "Depth", "0");
        assertThat(locked.status()).isEqualTo(200);
        String token = locked.header("Lock-Token").replaceAll("[<>]", "");
        assertThat(locked.body()).contains("mailto:alice@example.com", "Second-600", token);
        assertThat(dav("PUT", "/dav/files/alice/locked.txt", "v2").status()).isEqualTo(423);
        assertThat(dav("DELETE", "/dav/files/alice/locked.txt", null).status()).isEqualTo(423);
        assertThat(dav("LOCK", "/dav/files/alice/locked.txt", lockinfo).status()).as("exclusive").isEqualTo(423);
        assertThat(dav("PUT", "/dav/files/alice/locked.txt", "v2", "If", "(<" + token + "> [\"9\"])").status())
                .as("the token with a wrong tag").isEqualTo(412);
        assertThat(dav("PUT", "/dav/files/alice/locked.txt", "v2", "If", "(<" + token + "> [\"1\"])").status())
                .isEqualTo(204);
        assertThat(dav("PROPFIND", "/dav/files/alice/locked.txt", null, "Depth", "0").body()).contains(token);
        TestHttp.Reply api = alice.postJson("/files/locked.txt", "{\"content\":\"by the API\",\"expected_version\":2}");
        assertThat(api.status()).as("a lock binds the JSON API too").isEqualTo(423);
        assertThat(alice.send(alice.request("/files/locked.txt").header("Content-Type", "application/json")
                .header("If", "(<" + token + ">)").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"content\":\"by the API, with the token\",\"expected_version\":2}"))).status())
                .isEqualTo(200);
        assertThat(dav("UNLOCK", "/dav/files/alice/locked.txt", null, "Lock-Token", "<opaquelocktoken:nope>")
                .status()).isEqualTo(409);
        assertThat(dav("UNLOCK", "/dav/files/alice/locked.txt", null, "Lock-Token", "<" + token + ">").status())
                .isEqualTo(204);
        assertThat(dav("PUT", "/dav/files/alice/locked.txt", "v3").status()).isEqualTo(204);
        assertThat(alice.get("/files/locked.txt/versions").json().get("versions")).hasSize(4);
        TestHttp.Reply unmapped = dav("LOCK", "/dav/files/alice/new.txt", lockinfo);
        assertThat(unmapped.status()).as("a lock on nothing makes an empty file").isEqualTo(201);
        assertThat(alice.get("/files/new.txt").json().get("content").asText()).isEmpty();
    }
}
