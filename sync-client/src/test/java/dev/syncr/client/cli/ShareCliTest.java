package dev.syncr.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code syncr share}, {@code shares}, {@code unshare} and {@code leave}, as two people use them. */
class ShareCliTest {

    @TempDir
    Path dir;
    SyncServer server;

    @BeforeEach
    void start() throws Exception {
        try (TestAccounts accounts = TestAccounts.inDataDir(dir.resolve("server"))) {
            accounts.userWithToken("alice");
            accounts.userWithToken("bob");
        }
        server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString(),
                "--password-hash-memory", "1024");
    }

    @AfterEach
    void stop() {
        System.clearProperty("syncr.config.dir");
        server.close();
    }

    /** Runs a command as {@code user}, logged in on a device (config folder) of their own. */
    CliRun as(String user, String... args) {
        System.setProperty("syncr.config.dir", dir.resolve("config-" + user).toString());
        if (!Files.exists(dir.resolve("config-" + user))) {
            CliRun login = CliRun.withInput(TestAccounts.PASSWORD + "\n", "login", "--server",
                    server.uri().toString(), "--user", user, "--password-stdin", "--label", "laptop");
            assertThat(login.code()).as(login.err()).isZero();
        }
        return CliRun.withInput("", args);
    }

    @Test
    void alice_shares_bob_sees_it_edits_it_then_leaves() throws Exception {
        Path plan = dir.resolve("plan.txt");
        Files.writeString(plan, "the plan");
        assertThat(as("alice", "put", plan.toString(), "--as", "Project/plan.txt").code()).isZero();

        CliRun shared = as("alice", "share", "Project", "--with", "bob", "--role", "editor");
        assertThat(shared.code()).as(shared.err()).isZero();
        assertThat(shared.out()).contains("shared Project with bob as editor");
        CliRun bobs = as("bob", "shares");
        assertThat(bobs.out()).contains("Project").contains("editor").contains("owner alice");
        assertThat(as("bob", "cat", "Project/plan.txt").out()).isEqualTo("the plan");
        assertThat(as("alice", "shares").out()).contains("with bob (editor)");

        CliRun notOwner = as("bob", "unshare", "Project", "--user", "alice");
        assertThat(notOwner.code()).isNotZero();
        assertThat(notOwner.err()).contains("only alice");

        CliRun left = as("bob", "leave", "Project");
        assertThat(left.code()).as(left.err()).isZero();
        assertThat(as("bob", "shares").out()).contains("0 shared folders");
        assertThat(as("bob", "cat", "Project/plan.txt").code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(as("alice", "cat", "Project/plan.txt").out()).isEqualTo("the plan");
    }

    @Test
    void a_viewer_write_is_refused_and_says_why() throws Exception {
        Path plan = dir.resolve("plan.txt");
        Files.writeString(plan, "the plan");
        as("alice", "put", plan.toString(), "--as", "Project/plan.txt");
        assertThat(as("alice", "share", "Project", "--with", "bob", "--role", "viewer").code()).isZero();
        Files.writeString(plan, "bob's change");
        CliRun refused = as("bob", "put", plan.toString(), "--as", "Project/plan.txt");
        assertThat(refused.code()).isEqualTo(ExitCodes.NOT_AUTHORIZED);
        assertThat(refused.err()).contains("read only");
        assertThat(as("bob", "cat", "Project/plan.txt").out()).isEqualTo("the plan");
    }

    @Test
    void a_link_is_printed_once_opens_without_an_account_and_stops_when_revoked() throws Exception {
        Path plan = dir.resolve("plan.txt");
        Files.writeString(plan, "the plan");
        as("alice", "put", plan.toString(), "--as", "Project/plan.txt");
        CliRun made = as("alice", "link", "create", "Project/plan.txt", "--expires", "7d");
        assertThat(made.code()).as(made.err()).isZero();
        String url = made.out().lines().filter(l -> l.contains("/s/")).findFirst().orElseThrow().strip();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> opened = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(opened.body()).isEqualTo("the plan");
        CliRun listed = as("alice", "links");
        assertThat(listed.out()).contains("Project/plan.txt").contains("until").doesNotContain(url);
        String id = listed.out().lines().findFirst().orElseThrow().split("\\s+")[0];
        assertThat(as("alice", "link", "revoke", id).code()).isZero();
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }
}
