package dev.syncr.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.ServerDatabase;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import dev.syncr.server.TestHttp;
import dev.syncr.server.accounts.UserName;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts over real HTTP, on each database the server supports: every endpoint is scoped to the caller's home, a
 * guess at another user's file answers exactly as a file that does not exist, and bad credentials are 401.
 */
abstract class AuthHttpContract {

    @TempDir
    Path dir;
    ServerDatabase database;
    SyncServer server;
    TestAccounts accounts;
    TestHttp anonymous;
    TestHttp alice;
    TestHttp bob;
    String aliceToken;

    /** The database this run of the contract keeps the server's metadata in. */
    protected abstract ServerDatabase database(Path dir);

    @BeforeEach
    void start() throws Exception {
        database = database(dir);
        accounts = database.accounts();
        aliceToken = accounts.userWithToken("alice");
        String bobToken = accounts.userWithToken("bob");
        server = start(List.of());
        anonymous = new TestHttp(server.uri());
        alice = anonymous.withToken(aliceToken);
        bob = anonymous.withToken(bobToken);
    }

    SyncServer start(List<String> extra) throws Exception {
        return database.startServer(dir, extra);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        accounts.close();
        database.close();
    }

    /** What a request answers, as far as the caller can tell: status and error code. */
    record Answer(int status, String error) {
        static Answer of(TestHttp.Reply reply) {
            return new Answer(reply.status(), reply.json() == null || reply.json().get("error") == null ? null
                    : reply.json().get("error").asText());
        }
    }

    @Test
    void another_users_file_answers_on_every_endpoint_exactly_as_a_file_that_does_not_exist() throws Exception {
        assertThat(alice.postJson("/files/doc.txt", "{\"content\":\"alice v1\",\"expected_version\":0}").status())
                .isEqualTo(201);
        assertThat(alice.postJson("/files/doc.txt", "{\"content\":\"alice v2\",\"expected_version\":1}").status())
                .isEqualTo(200);
        String aliceFeed = alice.get("/changes?cursor=0").body();
        String aliceList = alice.get("/files/").body();
        long aliceLatest = alice.get("/changes/latest").json().get("cursor").asLong();

        Map<String, Function<String, HttpRequest.Builder>> endpoints = new java.util.LinkedHashMap<>();
        endpoints.put("read", id -> bob.request("/files/" + id).GET());
        endpoints.put("metadata", id -> bob.request("/files/" + id + "/metadata").GET());
        endpoints.put("head", id -> bob.request("/files/" + id + "/metadata").method("HEAD",
                HttpRequest.BodyPublishers.noBody()));
        endpoints.put("download", id -> bob.request("/files/" + id + "/download").GET());
        endpoints.put("history", id -> bob.request("/files/" + id + "/versions").GET());
        endpoints.put("version", id -> bob.request("/files/" + id + "/versions/1").GET());
        endpoints.put("version download", id -> bob.request("/files/" + id + "/versions/1/download").GET());
        endpoints.put("write", id -> bob.request("/files/" + id).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"bob\",\"expected_version\":2}")));
        endpoints.put("write if-match", id -> bob.request("/files/" + id).header("Content-Type", "application/json")
                .header("If-Match", "\"2\"").POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"bob\"}")));
        endpoints.put("delete", id -> bob.request("/files/" + id + "?expected_version=2").DELETE());
        endpoints.put("delete head", id -> bob.request("/files/" + id).DELETE());
        endpoints.put("restore", id -> bob.request("/files/" + id + "/restore").header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(
                "{\"version\":1,\"expected_version\":2}")));
        endpoints.put("upload", id -> bob.request("/files/upload").header("Content-Type",
                "multipart/form-data; boundary=b").POST(HttpRequest.BodyPublishers.ofByteArray(
                TestHttp.multipart("b", id, "2", "bob".getBytes(StandardCharsets.UTF_8)))));

        for (var endpoint : endpoints.entrySet()) {
            Answer onAlices = Answer.of(bob.send(endpoint.getValue().apply("doc.txt")));
            Answer onNothing = Answer.of(bob.send(endpoint.getValue().apply("never-existed.txt")));
            assertThat(onAlices).as(endpoint.getKey()).isEqualTo(onNothing);
            assertThat(onAlices.status()).as(endpoint.getKey()).isIn(404, 409, 412);
        }
        assertThat(bob.get("/files/doc.txt").status()).isEqualTo(404);
        assertThat(bob.get("/files/").body()).doesNotContain("doc.txt");
        assertThat(bob.get("/changes?cursor=0").json().get("changes")).isEmpty();
        assertThat(bob.get("/changes/latest").json().get("cursor").asLong()).isZero();
        assertThat(bob.get("/changes/longpoll?cursor=0&timeout=0").json().get("changes").asBoolean()).isFalse();

        // nothing changed on alice's side
        assertThat(alice.get("/files/doc.txt").json().get("content").asText()).isEqualTo("alice v2");
        assertThat(alice.get("/files/doc.txt/versions").json().get("versions")).hasSize(2);
        assertThat(alice.get("/files/").body()).isEqualTo(aliceList);
        assertThat(alice.get("/changes?cursor=0").body()).isEqualTo(aliceFeed);
        assertThat(alice.get("/changes/latest").json().get("cursor").asLong()).isEqualTo(aliceLatest);
    }

    @Test
    void a_write_without_a_client_name_is_recorded_under_the_tokens_label() throws Exception {
        TestHttp.Reply written = alice.send(alice.request("/files/curl.txt").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"content\":\"x\",\"expected_version\":0}")));
        assertThat(written.status()).isEqualTo(201);
        assertThat(alice.get("/files/curl.txt/metadata").json().get("updated_by").asText()).isEqualTo("test");
    }

    @Test
    void the_same_id_in_two_homes_is_two_unrelated_files() throws Exception {
        assertThat(alice.postJson("/files/notes.txt", "{\"content\":\"alice's\",\"expected_version\":0}").status())
                .isEqualTo(201);
        assertThat(bob.postJson("/files/notes.txt", "{\"content\":\"bob's\",\"expected_version\":0}").status())
                .as("a create, not a conflict with alice's file").isEqualTo(201);
        assertThat(bob.postJson("/files/notes.txt", "{\"content\":\"bob's 2\",\"expected_version\":1}").status())
                .isEqualTo(200);
        assertThat(alice.get("/files/notes.txt").json().get("content").asText()).isEqualTo("alice's");
        assertThat(alice.get("/files/notes.txt/metadata").json().get("version").asLong()).isEqualTo(1);
        assertThat(bob.get("/files/notes.txt").json().get("content").asText()).isEqualTo("bob's 2");
        long bobCursor = bob.get("/changes/latest").json().get("cursor").asLong();
        alice.postJson("/files/other.txt", "{\"content\":\"x\",\"expected_version\":0}");
        assertThat(bob.get("/changes/longpoll?cursor=" + bobCursor + "&timeout=1").json().get("changes")
                .asBoolean()).as("alice's commit does not wake bob's long-poll with a change").isFalse();
    }

    @Test
    void a_cross_site_change_with_remembered_basic_credentials_is_refused_and_json_bodies_must_say_so()
            throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("alice:" + aliceToken).getBytes(
                StandardCharsets.UTF_8));
        String boundary = "xyz";
        byte[] form = TestHttp.multipart(boundary, "planted.txt", "0", "from another site".getBytes());
        java.util.function.Function<String[], TestHttp.Reply> post = headers -> {
            try {
                var request = anonymous.request("/files/upload").header("Authorization", headers[0])
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary);
                for (int i = 1; i < headers.length; i += 2) {
                    request.header(headers[i], headers[i + 1]);
                }
                return anonymous.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(form)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        assertThat(Answer.of(post.apply(new String[] {basic, "Sec-Fetch-Site", "cross-site"})))
                .as("a form on another site, the browser adding the Basic credentials it remembers")
                .isEqualTo(new Answer(403, "cross_origin"));
        assertThat(Answer.of(post.apply(new String[] {basic, "Origin", "https://attacker.example"})))
                .isEqualTo(new Answer(403, "cross_origin"));
        assertThat(alice.get("/files/planted.txt").status()).as("nothing was changed").isEqualTo(404);
        assertThat(post.apply(new String[] {basic}).status()).as("curl -u: no browser headers").isEqualTo(201);
        assertThat(post.apply(new String[] {"Bearer " + aliceToken, "Sec-Fetch-Site", "cross-site"}).status())
                .as("a bearer token is never sent by a browser on its own (the same create again: created)")
                .isEqualTo(201);

        TestHttp.Reply plain = alice.send(alice.request("/files/x.bin/manifest").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"chunks\":[],\"content_hash\":\"" + "0".repeat(64)
                        + "\",\"size\":0,\"expected_version\":0}")));
        assertThat(Answer.of(plain)).as("a JSON body sent as a form or text/plain").isEqualTo(
                new Answer(415, "unsupported_media_type"));
    }

    @Test
    void missing_garbled_revoked_and_other_users_credentials_are_401_with_a_challenge() throws Exception {
        String basicAlice = Base64.getEncoder().encodeToString(("alice:" + aliceToken).getBytes(
                StandardCharsets.UTF_8));
        String basicBobWithAlicesToken = Base64.getEncoder().encodeToString(("bob:" + aliceToken).getBytes(
                StandardCharsets.UTF_8));
        assertThat(anonymous.send(anonymous.request("/files/").header("Authorization", "Basic " + basicAlice)
                .GET()).status()).as("curl -u alice:TOKEN").isEqualTo(200);

        List<TestHttp.Reply> refused = List.of(
                anonymous.get("/files/"),
                anonymous.get("/changes/latest"),
                anonymous.withToken("nonsense").get("/files/"),
                anonymous.withToken(aliceToken + "x").get("/files/"),
                anonymous.send(anonymous.request("/files/").header("Authorization", "Basic "
                        + basicBobWithAlicesToken).GET()),
                anonymous.send(anonymous.request("/files/").header("Authorization", "Basic !!!").GET()),
                anonymous.send(anonymous.request("/files/").header("Authorization", "Digest x").GET()));
        for (TestHttp.Reply reply : refused) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.json().get("error").asText()).isEqualTo("unauthorized");
            assertThat(reply.raw().headers().allValues("WWW-Authenticate")).anyMatch(v -> v.startsWith("Bearer"));
            assertThat(reply.body()).doesNotContain(aliceToken);
        }
        assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
        assertThat(anonymous.get("/openapi.json").status()).isEqualTo(200);

        accounts.accounts().revokeToken(accounts.accounts().tokens(
                dev.syncr.server.accounts.UserName.parse("alice")).getFirst().id());
        assertThat(alice.get("/files/").status()).as("revoked: refused on the next request").isEqualTo(401);
    }

    @Test
    @Tag("slow") // waits out a lockout: run by `mvn verify`
    void login_gives_a_working_token_logout_revokes_it_and_repeated_failures_are_throttled() throws Exception {
        server.close();
        server = start(List.of("--login-lockout", "2s"));
        anonymous = new TestHttp(server.uri());
        String login = "{\"username\":\"alice\",\"password\":\"%s\",\"label\":\"laptop\"}";

        TestHttp.Reply ok = anonymous.postJson("/auth/login", login.formatted(TestAccounts.PASSWORD));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.json().get("username").asText()).isEqualTo("alice");
        TestHttp laptop = anonymous.withToken(ok.json().get("token").asText());
        assertThat(laptop.get("/files/").status()).isEqualTo(200);
        assertThat(laptop.send(laptop.request("/auth/logout").POST(HttpRequest.BodyPublishers.noBody())).status())
                .isEqualTo(204);
        assertThat(laptop.get("/files/").status()).isEqualTo(401);

        TestHttp.Reply unknown = anonymous.postJson("/auth/login", "{\"username\":\"ghost\",\"password\":\"x\"}");
        TestHttp.Reply wrong = anonymous.postJson("/auth/login", login.formatted("wrong"));
        assertThat(Answer.of(unknown)).isEqualTo(Answer.of(wrong)).isEqualTo(new Answer(401, "unauthorized"));
        assertThat(unknown.json().get("message")).isEqualTo(wrong.json().get("message"));

        for (int i = 1; i < 20; i++) {
            assertThat(anonymous.postJson("/auth/login", login.formatted("wrong " + i)).status()).isEqualTo(401);
        }
        TestHttp.Reply throttled = anonymous.postJson("/auth/login", login.formatted(TestAccounts.PASSWORD));
        assertThat(throttled.status()).as("the right password, after 20 failures").isEqualTo(429);
        assertThat(throttled.json().get("error").asText()).isEqualTo("too_many_requests");
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 2L);

        Thread.sleep(retryAfter * 1000);
        TestHttp.Reply after = anonymous.postJson("/auth/login", login.formatted(TestAccounts.PASSWORD));
        for (int i = 0; i < 50 && after.status() == 429; i++) { // a slow machine may still be inside the window
            Thread.sleep(200);
            after = anonymous.postJson("/auth/login", login.formatted(TestAccounts.PASSWORD));
        }
        assertThat(after.status()).as("once the lockout has passed").isEqualTo(201);
    }

    private TestHttp.Reply basicGet(String user, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return anonymous.send(anonymous.request("/dav/files/" + user + "/").header("Authorization", "Basic " + basic)
                .method("PROPFIND", HttpRequest.BodyPublishers.noBody()).header("Depth", "0"));
    }

    /** A file manager that can only send the account password with every request (WebDAV over Basic). */
    @Test
    void basic_with_the_account_password_works_is_throttled_like_a_login_and_ends_with_a_password_change()
            throws Exception {
        server.close();
        server = start(List.of("--login-lockout", "2s"));
        anonymous = new TestHttp(server.uri());
        alice = anonymous.withToken(aliceToken);
        assertThat(basicGet("alice", TestAccounts.PASSWORD).status()).isEqualTo(207);
        assertThat(basicGet("alice", TestAccounts.PASSWORD).status()).as("again (remembered)").isEqualTo(207);
        assertThat(basicGet("bob", TestAccounts.PASSWORD + "!").status()).isEqualTo(401);
        assertThat(basicGet("ghost", TestAccounts.PASSWORD).status()).isEqualTo(401);

        String put = Base64.getEncoder().encodeToString(("alice:" + TestAccounts.PASSWORD).getBytes(
                StandardCharsets.UTF_8));
        assertThat(anonymous.send(anonymous.request("/dav/files/alice/from-finder.txt").header("Authorization",
                "Basic " + put).PUT(HttpRequest.BodyPublishers.ofString("hi"))).status()).isEqualTo(201);
        assertThat(alice.get("/files/from-finder.txt/metadata").json().get("updated_by").asText())
                .as("recorded as a password sign-in").isEqualTo("password sign-in");

        accounts.accounts().changePassword(dev.syncr.server.accounts.UserName.parse("alice"),
                "another long password", false);
        assertThat(basicGet("alice", TestAccounts.PASSWORD).status()).as("the old password, even remembered")
                .isEqualTo(401);
        assertThat(basicGet("alice", "another long password").status()).isEqualTo(207);

        for (int i = 1; i < 20; i++) {
            assertThat(basicGet("alice", "wrong " + i).status()).isEqualTo(401);
        }
        TestHttp.Reply throttled = basicGet("alice", "wrong 20");
        for (int i = 0; i < 3 && throttled.status() == 401; i++) {
            throttled = basicGet("alice", "wrong again " + i);
        }
        assertThat(throttled.status()).as("past the account's budget of failures").isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotNull();
        assertThat(alice.get("/files/").status()).as("a device token still works meanwhile").isEqualTo(200);
    }

    /** Puts {@code content} cut at {@code cut} as two chunks and commits it as {@code id}; returns the chunk hashes. */
    private static List<String> commitCut(TestHttp as, String id, byte[] content, int cut) throws Exception {
        byte[][] parts = {java.util.Arrays.copyOfRange(content, 0, cut),
                java.util.Arrays.copyOfRange(content, cut, content.length)};
        List<String> hashes = new ArrayList<>();
        StringBuilder chunks = new StringBuilder();
        for (byte[] part : parts) {
            String hash = dev.syncr.core.ContentHash.of(part);
            assertThat(as.send(as.request("/chunks/" + hash).PUT(HttpRequest.BodyPublishers.ofByteArray(part)))
                    .status()).isIn(200, 201);
            hashes.add(hash);
            chunks.append(chunks.isEmpty() ? "" : ",").append("{\"hash\":\"").append(hash).append("\",\"size\":")
                    .append(part.length).append('}');
        }
        assertThat(as.postJson("/files/" + id + "/manifest", "{\"chunks\":[" + chunks + "],\"content_hash\":\""
                + dev.syncr.core.ContentHash.of(content) + "\",\"size\":" + content.length
                + ",\"expected_version\":0}").status()).isEqualTo(201);
        return hashes;
    }

    @Test
    void a_manifest_read_back_lists_only_the_callers_own_chunks_each_of_which_it_can_fetch() throws Exception {
        byte[] content = new byte[600 * 1024];
        new java.util.Random(9).nextBytes(content);
        List<String> alices = commitCut(alice, "shared.bin", content, 100 * 1024);
        List<String> bobs = commitCut(bob, "same.bin", content, 400 * 1024); // the same bytes, cut elsewhere

        for (var who : List.of(java.util.Map.entry(alice, alices), java.util.Map.entry(bob, bobs))) {
            TestHttp as = who.getKey();
            String path = who.getKey() == alice ? "/files/shared.bin/manifest" : "/files/same.bin/manifest";
            TestHttp.Reply manifest = as.get(path);
            assertThat(manifest.status()).isEqualTo(200);
            List<String> listed = new ArrayList<>();
            manifest.json().get("chunks").forEach(c -> listed.add(c.get("hash").asText()));
            assertThat(listed).as("its own chunks, never the other account's").isEqualTo(who.getValue());
            for (String hash : listed) {
                assertThat(as.get("/chunks/" + hash).status()).as("each listed chunk can be fetched").isEqualTo(200);
            }
        }
    }

    private static String text(char c, int length) {
        return String.valueOf(c).repeat(length);
    }

    @Test
    void a_write_past_the_quota_is_507_and_stores_nothing_and_usage_is_visible() throws Exception {
        accounts.accounts().setQuota(UserName.parse("alice"), java.util.OptionalLong.of(10_000));
        String write = "{\"content\":\"%s\",\"expected_version\":%d}";
        assertThat(alice.postJson("/files/eight.txt", write.formatted(text('a', 8_000), 0)).status()).isEqualTo(201);

        TestHttp.Reply over = alice.postJson("/files/four.txt", write.formatted(text('b', 4_000), 0));
        assertThat(Answer.of(over)).isEqualTo(new Answer(507, "insufficient_storage"));
        assertThat(over.json().get("quota_bytes").asLong()).isEqualTo(10_000);
        assertThat(over.json().get("usage_bytes").asLong()).isEqualTo(8_000);
        assertThat(alice.get("/files/four.txt").status()).as("nothing stored").isEqualTo(404);

        assertThat(alice.postJson("/files/copy.txt", write.formatted(text('a', 8_000), 0)).status())
                .as("the same content again costs nothing: counted once").isEqualTo(201);
        assertThat(alice.postJson("/files/eight.txt", write.formatted(text('c', 8_500), 1)).status())
                .as("an edit frees what it replaces... but copy.txt still holds the old content").isEqualTo(507);
        assertThat(alice.delete("/files/copy.txt").status()).isEqualTo(200);
        assertThat(alice.postJson("/files/eight.txt", write.formatted(text('c', 9_500), 1)).status())
                .as("the old content held by eight.txt alone now: replaced, not added").isEqualTo(200);

        TestHttp.Reply batch = alice.postJson("/batch", "{\"writes\":[{\"file_id\":\"b.txt\","
                + "\"expected_version\":0,\"content_base64\":\"" + java.util.Base64.getEncoder().encodeToString(
                text('d', 1_000).getBytes()) + "\"}]}");
        assertThat(batch.json().get("results").get(0).get("status").asText()).isEqualTo("insufficient_storage");

        TestHttp.Reply account = alice.get("/account");
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.json().get("username").asText()).isEqualTo("alice");
        assertThat(account.json().get("usage_bytes").asLong()).isEqualTo(9_500);
        assertThat(account.json().get("quota_bytes").asLong()).isEqualTo(10_000);
        assertThat(bob.get("/account").json().hasNonNull("quota_bytes")).as("bob has no limit").isFalse();
        assertThat(bob.postJson("/files/big.txt", write.formatted(text('e', 20_000), 0)).status()).isEqualTo(201);
    }

    @Test
    void parallel_wrong_passwords_get_at_most_the_accounts_budget_of_checks() throws Exception {
        String wrong = "{\"username\":\"alice\",\"password\":\"guess %d\",\"label\":\"x\"}";
        var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> guesses = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            guesses.add(client.sendAsync(anonymous.request("/auth/login").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(wrong.formatted(i))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()));
        }
        java.util.Map<Integer, Long> statuses = new java.util.TreeMap<>();
        for (var guess : guesses) {
            statuses.merge(guess.get(5, java.util.concurrent.TimeUnit.MINUTES).statusCode(), 1L, Long::sum);
        }
        client.shutdownNow();
        assertThat(statuses.keySet()).as("%s", statuses).isSubsetOf(401, 429, 503);
        assertThat(statuses.getOrDefault(401, 0L)).as("passwords checked, of 60 sent at once: %s", statuses)
                .isLessThanOrEqualTo(20);
        assertThat(anonymous.postJson("/auth/login", "{\"username\":\"alice\",\"password\":\""
                + TestAccounts.PASSWORD + "\"}").status()).as("the account is locked now").isEqualTo(429);
    }

    @Test
    void a_user_added_while_an_open_server_runs_closes_it_at_once() throws Exception {
        server.close();
        accounts.accounts().removeUser(dev.syncr.server.accounts.UserName.parse("alice"));
        accounts.accounts().removeUser(dev.syncr.server.accounts.UserName.parse("bob"));
        server = start(List.of());
        anonymous = new TestHttp(server.uri());
        assertThat(anonymous.postJson("/files/open.txt", "{\"content\":\"x\",\"expected_version\":0}").status())
                .as("open local mode").isEqualTo(201);
        String token = accounts.userWithToken("carol");
        assertThat(anonymous.get("/files/open.txt").status()).isEqualTo(401);
        assertThat(anonymous.withToken(token).get("/files/open.txt").status())
                .as("carol's home is new and empty").isEqualTo(404);
    }

    @Test
    void long_polls_are_capped_per_account_however_many_tokens_it_makes() throws Exception {
        long cursor = alice.get("/changes/latest").json().get("cursor").asLong();
        var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> polls = new ArrayList<>();
        // ten devices of one account, each with two tabs open: more than the account's share
        for (int device = 0; device < 10; device++) {
            TestHttp as = anonymous.withToken(accounts.accounts().createToken(UserName.parse("alice"),
                    "device " + device).token());
            for (int tab = 0; tab < 2; tab++) {
                polls.add(client.sendAsync(as.request("/changes/longpoll?cursor=" + cursor + "&timeout=120").GET()
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString()));
            }
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (polls.stream().filter(java.util.concurrent.CompletableFuture::isDone).count() < 4
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        List<Integer> answered = polls.stream().filter(java.util.concurrent.CompletableFuture::isDone)
                .map(f -> f.join().statusCode()).toList();
        assertThat(answered).as("the four beyond the account's sixteen are turned away at once")
                .containsExactly(429, 429, 429, 429);
        assertThat(bob.get("/changes/longpoll?cursor=0&timeout=0").status()).as("another account").isEqualTo(200);
        polls.forEach(f -> f.cancel(true));
        client.shutdownNow();
    }

    // ---- the web page's session cookie ----------------------------------------------------------------------------

    private TestHttp.Reply signIn(String password) throws Exception {
        return anonymous.send(anonymous.request("/auth/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\""
                        + password + "\"}")));
    }

    private static String cookieOf(TestHttp.Reply reply) {
        String setCookie = reply.header("Set-Cookie");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private TestHttp.Reply withCookie(String cookie, HttpRequest.Builder request) throws Exception {
        return anonymous.send(request.header("Cookie", cookie));
    }

    @Test
    void a_signed_in_browser_reads_with_its_cookie_and_changes_only_with_the_csrf_value() throws Exception {
        TestHttp.Reply session = signIn(TestAccounts.PASSWORD);
        assertThat(session.status()).as(session.body()).isEqualTo(200);
        assertThat(session.header("Set-Cookie")).contains("syncr_session=", "HttpOnly", "SameSite=Strict",
                "Path=/").doesNotContain("Secure"); // plain HTTP here; TLS adds Secure
        assertThat(session.json().get("user").asText()).isEqualTo("alice");
        TestHttp.Reply proxied = anonymous.send(anonymous.request("/auth/session")
                .header("Content-Type", "application/json").header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\""
                        + TestAccounts.PASSWORD + "\"}")));
        assertThat(proxied.header("Set-Cookie")).as("behind a TLS-terminating proxy").contains("; Secure");
        String cookie = cookieOf(session);
        String csrf = session.json().get("csrf").asText();
        assertThat(csrf).isNotBlank().isNotEqualTo(cookie.substring(cookie.indexOf('=') + 1));

        assertThat(alice.postJson("/files/mine.txt", "{\"content\":\"a\",\"expected_version\":0}").status())
                .isEqualTo(201);
        assertThat(withCookie(cookie, anonymous.request("/files/mine.txt").GET()).status()).isEqualTo(200);
        assertThat(withCookie(cookie, anonymous.request("/auth/session").GET()).json().get("csrf").asText())
                .isEqualTo(csrf);

        // a change without the CSRF value, or with another one, is refused and changes nothing
        HttpRequest.Builder write = anonymous.request("/files/mine.txt").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"forged\",\"expected_version\":1}"));
        TestHttp.Reply forged = withCookie(cookie, write);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().get("error").asText()).isEqualTo("csrf_failed");
        assertThat(withCookie(cookie, anonymous.request("/files/mine.txt").header("X-Syncr-CSRF", csrf + "x")
                .DELETE()).status()).isEqualTo(403);
        assertThat(alice.get("/files/mine.txt").json().get("content").asText()).isEqualTo("a");

        TestHttp.Reply honest = withCookie(cookie, anonymous.request("/files/mine.txt")
                .header("Content-Type", "application/json").header("X-Syncr-CSRF", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"b\",\"expected_version\":1}")));
        assertThat(honest.status()).as(honest.body()).isEqualTo(200);
        // the cookie reaches only alice's home, like her token
        assertThat(withCookie(cookie, anonymous.request("/files/").GET()).json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void sign_in_takes_json_only_refuses_a_wrong_password_without_a_dialog_and_sign_out_revokes() throws Exception {
        assertThat(anonymous.get("/auth/session").json().get("signed_in").asBoolean()).isFalse();
        assertThat(anonymous.get("/auth/session").json().get("open").asBoolean()).isFalse();
        TestHttp.Reply form = anonymous.send(anonymous.request("/auth/session")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=x")));
        assertThat(form.status()).isEqualTo(415);
        TestHttp.Reply wrong = signIn("not it");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.raw().headers().allValues("WWW-Authenticate")).noneMatch(v -> v.startsWith("Basic"));
        assertThat(wrong.header("Set-Cookie")).isNull();

        TestHttp.Reply session = signIn(TestAccounts.PASSWORD);
        String cookie = cookieOf(session);
        String csrf = session.json().get("csrf").asText();
        assertThat(withCookie(cookie, anonymous.request("/auth/session").DELETE()).status())
                .as("sign-out is a change too").isEqualTo(403);
        TestHttp.Reply out = withCookie(cookie, anonymous.request("/auth/session").header("X-Syncr-CSRF", csrf)
                .DELETE());
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
        assertThat(withCookie(cookie, anonymous.request("/files/").GET()).status()).isEqualTo(401);
        assertThat(withCookie(cookie, anonymous.request("/auth/session").GET()).json().get("signed_in")
                .asBoolean()).isFalse();
    }
}
