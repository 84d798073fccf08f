package dev.syncr.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncr.server.ServerDatabase;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import dev.syncr.server.TestHttp;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The web page in a real headless Chromium against a real server on loopback (the embedded default store, as a new
 * user runs it): every scenario a person does by hand, with a screenshot each and no console errors.
 */
@Tag("slow") // a real browser: run by `mvn verify`, not `mvn test`
class WebPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ServerDatabase database;
    TestAccounts accounts;
    SyncServer server;
    BrowserSession browser;
    TestHttp alice;
    String testName;

    /** A server with one user, alice, whose API token the test uses to act as "another device". */
    void startWithAccount(TestInfo info) throws Exception {
        database = ServerDatabase.sqlite(dir);
        accounts = database.accounts();
        alice = new TestHttp(null).withToken(null);
        String token = accounts.userWithToken("alice");
        server = database.startServer(dir, List.of());
        alice = new TestHttp(server.uri()).withToken(token);
        openBrowser(info);
    }

    void openBrowser(TestInfo info) throws Exception {
        testName = info.getTestMethod().orElseThrow().getName();
        browser = new BrowserSession(dir.resolve("browser"));
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.screenshot(testName);
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (accounts != null) {
            accounts.close();
        }
        if (database != null) {
            database.close();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    String page(String hash) {
        return server.uri().toString().replaceAll("/$", "") + "/" + hash;
    }

    void signIn() {
        browser.driver.get(page(""));
        browser.awaitVisible(By.id("username")).sendKeys("alice");
        browser.driver.findElement(By.id("password")).sendKeys(TestAccounts.PASSWORD);
        browser.driver.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        browser.awaitVisible(By.id("nav"));
        browser.awaitText(By.id("who"), "alice");
    }

    void open(String hash) {
        browser.driver.get(page(hash));
    }

    static String encoded(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    TestHttp.Reply write(String id, String content, long expected) throws Exception {
        return write(id, content, expected, Map.of());
    }

    TestHttp.Reply write(String id, String content, long expected, Map<String, Object> extra) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(extra);
        body.put("content", content);
        body.put("expected_version", expected);
        TestHttp.Reply reply = alice.postJson("/files/" + encoded(id), JSON.writeValueAsString(body), "laptop");
        assertThat(reply.status()).as(reply.body()).isIn(200, 201, 409);
        return reply;
    }

    String content(String id) throws Exception {
        TestHttp.Reply reply = alice.get("/files/" + encoded(id));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("content").asText();
    }

    WebElement row(String id) {
        return browser.awaitVisible(By.cssSelector("tr[data-file-id='" + id.replace("'", "\\'") + "']"));
    }

    // ---- scenarios -----------------------------------------------------------------------------------------------

    @Test
    void signs_in_refuses_a_wrong_password_and_signs_out(TestInfo info) throws Exception {
        startWithAccount(info);
        browser.driver.get(page(""));
        browser.awaitVisible(By.id("username")).sendKeys("alice");
        browser.driver.findElement(By.id("password")).sendKeys("not the password");
        browser.driver.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        browser.awaitText(By.id("notice"), "Wrong user name or password");
        assertThat(browser.driver.findElement(By.id("nav")).isDisplayed()).isFalse();

        browser.driver.findElement(By.id("password")).clear();
        signIn();
        assertThat(browser.driver.manage().getCookieNamed("syncr_session").isHttpOnly()).isTrue();
        assertThat(browser.driver.manage().getCookieNamed("syncr_session").getSameSite()).isEqualTo("Strict");
        // the cookie is invisible to scripts
        assertThat((String) browser.driver.executeScript("return document.cookie")).doesNotContain("syncr_session");

        browser.driver.findElement(By.id("sign-out")).click();
        browser.awaitVisible(By.id("username"));
        browser.driver.navigate().refresh();
        browser.awaitVisible(By.id("username"));
        assertThat(browser.driver.manage().getCookieNamed("syncr_session")).isNull();
        browser.assertNoConsoleErrors(401);
    }

    @Test
    void a_revoked_session_returns_the_page_to_the_sign_in_form(TestInfo info) throws Exception {
        startWithAccount(info);
        write("a.txt", "a", 0);
        signIn();
        row("a.txt");
        var alicesAccounts = accounts.accounts();
        alicesAccounts.tokens(dev.syncr.server.accounts.UserName.parse("alice")).stream()
                .filter(token -> token.label().equals("Web browser"))
                .forEach(token -> alicesAccounts.revokeToken(token.id()));
        write("b.txt", "b", 0); // the page hears of it, asks for the list, and is refused
        browser.awaitVisible(By.id("username"));
        browser.awaitText(By.id("notice"), "Your session has ended");
        assertThat(browser.driver.findElement(By.id("nav")).isDisplayed()).isFalse();
        browser.assertNoConsoleErrors(401);
    }

    @Test
    void opens_straight_away_without_accounts_in_the_local_mode(TestInfo info) throws Exception {
        database = ServerDatabase.sqlite(dir);
        server = database.startServer(dir, List.of());
        TestHttp open = new TestHttp(server.uri());
        assertThat(open.postJson("/files/notes.txt", "{\"content\":\"hi\",\"expected_version\":0}").status())
                .isEqualTo(201);
        openBrowser(info);
        open("");
        row("notes.txt");
        browser.awaitText(By.id("who"), "local mode");
        browser.awaitText(By.id("storage"), "2 B used"); // "hi": what the files hold, no limit
        assertThat(browser.driver.findElements(By.id("username"))).isEmpty();
        browser.assertNoConsoleErrors();
    }

    @Test
    void browses_into_folders_with_a_breadcrumb_sorts_and_filters(TestInfo info) throws Exception {
        startWithAccount(info);
        write("readme.txt", "top", 0);
        write("docs/reports/q1.txt", "first quarter", 0);
        write("docs/reports/q2.txt", "second quarter, longer", 0);
        write("docs/plan.txt", "plan", 0);
        write("photos/2026/harbour.jpg", "not really a photo", 0);
        write("Übersicht für Zoë.md", "# Übersicht\n", 0);
        signIn();
        row("readme.txt");
        browser.screenshot("files"); // the README's picture of the page
        browser.driver.findElement(By.linkText("docs")).click();
        row("docs/plan.txt");
        browser.driver.findElement(By.linkText("reports")).click();
        row("docs/reports/q1.txt");
        assertThat(browser.driver.findElement(By.cssSelector(".breadcrumb")).getText())
                .contains("All files", "docs", "reports");
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-file-id='docs/plan.txt']"))).isEmpty();

        // sort by size, largest first, then filter by name
        browser.driver.findElement(By.xpath("//th//button[contains(., 'Size')]")).click();
        browser.driver.findElement(By.xpath("//th//button[contains(., 'Size')]")).click();
        List<String> order = browser.driver.findElements(By.cssSelector("tr[data-file-id]")).stream()
                .map(e -> e.getAttribute("data-file-id")).toList();
        assertThat(order).containsExactly("docs/reports/q2.txt", "docs/reports/q1.txt");
        browser.driver.findElement(By.id("filter")).sendKeys("q1");
        browser.await(d -> d.findElements(By.cssSelector("tr[data-file-id]")).size() == 1 ? true : null);

        browser.driver.findElement(By.linkText("All files")).click();
        row("readme.txt");
        browser.assertNoConsoleErrors();
    }

    @Test
    void uploads_several_files_by_the_file_input_with_progress_and_downloads_the_same_bytes(TestInfo info)
            throws Exception {
        startWithAccount(info);
        signIn();
        Random random = new Random(16);
        byte[] small = new byte[300_000];
        random.nextBytes(small);
        byte[] large = new byte[9 * 1024 * 1024 + 12_345]; // above the page's chunked threshold: sent as chunks
        random.nextBytes(large);
        Path smallFile = Files.write(dir.resolve("photo.bin"), small);
        Path largeFile = Files.write(dir.resolve("video.bin"), large);
        browser.driver.findElement(By.id("upload-input"))
                .sendKeys(smallFile.toString() + "\n" + largeFile.toString());

        for (String name : List.of("photo.bin", "video.bin")) {
            browser.await(d -> d.findElements(By.cssSelector("li[data-upload='" + name + "'].done")).isEmpty()
                    ? null : true);
            WebElement progress = browser.driver.findElement(By.cssSelector("li[data-upload='" + name + "'] progress"));
            assertThat(Double.parseDouble(progress.getAttribute("value"))).isEqualTo(1.0);
            row(name);
        }
        assertThat(alice.get("/files/video.bin/manifest").json().get("chunks").size()).isGreaterThan(1);

        // download through the page: the browser saves exactly the bytes uploaded
        row("photo.bin").findElement(By.linkText("photo.bin")).click();
        assertThat(Files.readAllBytes(browser.awaitDownload("photo.bin", small.length))).isEqualTo(small);
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            assertThat(client.send(alice.request("/files/video.bin/download").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(large);
        }
        browser.assertNoConsoleErrors();
    }

    @Test
    void a_large_upload_sends_only_the_chunks_the_server_lacks_so_a_second_try_resumes(TestInfo info)
            throws Exception {
        startWithAccount(info);
        signIn();
        byte[] large = new byte[3 * 4 * 1024 * 1024]; // three of the page's 4 MiB chunks
        new Random(13).nextBytes(large);
        Path file = Files.write(dir.resolve("backup.img"), large);
        // the first chunk already arrived, as if an earlier try had been cut off after it
        byte[] first = java.util.Arrays.copyOf(large, 4 * 1024 * 1024);
        TestHttp.Reply stored = alice.send(alice.request("/chunks/" + dev.syncr.core.ContentHash.of(first))
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(first)));
        assertThat(stored.status()).isEqualTo(201);
        double putsBefore = chunkPuts();

        browser.driver.findElement(By.id("upload-input")).sendKeys(file.toString());
        browser.await(d -> d.findElements(By.cssSelector("li[data-upload='backup.img'].done")).isEmpty() ? null : true);

        assertThat(chunkPuts() - putsBefore).as("chunks the page sent").isEqualTo(2.0);
        byte[] back;
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            back = client.send(alice.request("/files/backup.img/download").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        }
        assertThat(back.length).isEqualTo(large.length);
        assertThat(dev.syncr.core.ContentHash.of(back)).isEqualTo(dev.syncr.core.ContentHash.of(large));
        browser.assertNoConsoleErrors();
    }

    /** Chunks stored through {@code PUT /chunks/{hash}} so far, from the server's own metrics. */
    private double chunkPuts() throws Exception {
        String metrics = new TestHttp(server.uri()).get("/metrics").body();
        return metrics.lines()
                .filter(l -> l.startsWith("syncr_http_requests_total{") && l.contains("method=\"PUT\"")
                        && l.contains("route=\"/chunks/{hash}\"") && l.contains("status=\"201\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void a_download_keeps_a_non_ascii_name(TestInfo info) throws Exception {
        startWithAccount(info);
        write("Übersicht für Zoë.txt", "grüße", 0);
        signIn();
        row("Übersicht für Zoë.txt").findElement(By.linkText("Übersicht für Zoë.txt")).click();
        assertThat(Files.readString(browser.awaitDownload("Übersicht für Zoë.txt", "grüße".getBytes(
                StandardCharsets.UTF_8).length))).isEqualTo("grüße");
        browser.assertNoConsoleErrors();
    }

    @Test
    void history_restores_an_old_version_with_one_click(TestInfo info) throws Exception {
        startWithAccount(info);
        write("notes/todo.txt", "the first draft", 0);
        write("notes/todo.txt", "a later edit", 1);
        signIn();
        open("#/history/" + encoded("notes/todo.txt"));
        WebElement first = browser.awaitVisible(By.cssSelector("tr[data-version='1']"));
        assertThat(first.getText()).contains("laptop");
        first.findElement(By.xpath(".//button[contains(., 'Restore')]")).click();
        browser.awaitText(By.id("notice"), "Restored version 1");
        browser.awaitVisible(By.cssSelector("tr[data-version='3']"));
        assertThat(content("notes/todo.txt")).isEqualTo("the first draft");

        // any version downloads, under the file's own name
        browser.driver.findElement(By.cssSelector("tr[data-version='2']")).findElement(By.linkText("Download"))
                .click();
        assertThat(Files.readString(browser.awaitDownload("todo.txt", "a later edit".length())))
                .isEqualTo("a later edit");

        // renamed: the history says where the versions before the rename are
        assertThat(alice.postJson("/files/" + encoded("notes/todo.txt") + "/move", "{\"to\":\"notes/done.txt\","
                + "\"expected_version\":3}").status()).isEqualTo(200);
        open("#/history/" + encoded("notes/done.txt"));
        browser.awaitText(By.id("renamed-from"), "Renamed from notes/todo.txt");
        browser.driver.findElement(By.id("renamed-from")).findElement(By.linkText("notes/todo.txt")).click();
        browser.awaitVisible(By.cssSelector("tr[data-version='3']"));
        browser.assertNoConsoleErrors();
    }

    /** The Nextcloud apps' sign-in through the browser: the app's page, signed in, one click, and the app is in. */
    @Test
    void an_app_signs_in_through_the_page_after_the_user_grants_it(TestInfo info) throws Exception {
        startWithAccount(info);
        TestHttp app = new TestHttp(server.uri());
        TestHttp.Reply flow = app.send(app.request("/index.php/login/v2").header("User-Agent",
                "Mozilla/5.0 (Linux) mirall/3.7.3 (Nextcloud, debian)").POST(
                java.net.http.HttpRequest.BodyPublishers.noBody()));
        String poll = flow.json().at("/poll/token").asText();
        String pollBody = "token=" + poll;
        java.util.function.Supplier<TestHttp.Reply> polled = () -> {
            try {
                return app.send(app.request("/index.php/login/v2/poll").header("Content-Type",
                        "application/x-www-form-urlencoded").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        pollBody)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(polled.get().status()).as("not granted yet").isEqualTo(404);

        browser.driver.get(flow.json().get("login").asText());
        browser.awaitVisible(By.id("username")).sendKeys("alice"); // not signed in yet: the page asks first
        browser.driver.findElement(By.id("password")).sendKeys(TestAccounts.PASSWORD);
        browser.driver.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        browser.awaitText(By.id("view"), "Nextcloud desktop (Linux)");
        browser.driver.findElement(By.id("grant")).click();
        browser.awaitText(By.id("view"), "Access granted");

        TestHttp.Reply granted = polled.get();
        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.json().get("loginName").asText()).isEqualTo("alice");
        TestHttp device = app.withToken(granted.json().get("appPassword").asText());
        assertThat(device.get("/files/").status()).as("the app's own token works").isEqualTo(200);
        assertThat(accounts.accounts().tokens(dev.syncr.server.accounts.UserName.parse("alice")))
                .extracting(dev.syncr.server.accounts.DeviceToken::label).contains("Nextcloud desktop (Linux)");
        assertThat(polled.get().status()).as("given once").isEqualTo(404);
        browser.assertNoConsoleErrors();
    }

    @Test
    void a_deleted_file_is_found_and_brought_back_from_its_history(TestInfo info) throws Exception {
        startWithAccount(info);
        write("letters/old.txt", "keep me", 0);
        assertThat(alice.delete("/files/letters/old.txt?expected_version=1").status()).isEqualTo(200);
        signIn();
        open("#/files/letters/");
        browser.awaitText(By.id("listing"), "empty");
        browser.driver.findElement(By.id("show-deleted")).click();
        row("letters/old.txt").findElement(By.linkText("History and restore")).click();
        browser.awaitVisible(By.cssSelector("tr[data-version='1']")).findElement(By.xpath(".//button[contains(., "
                + "'Restore')]")).click();
        browser.awaitText(By.id("notice"), "Restored version 1");
        assertThat(content("letters/old.txt")).isEqualTo("keep me");
        browser.assertNoConsoleErrors();
    }

    @Test
    void a_conflict_is_shown_side_by_side_and_resolved_with_one_click(TestInfo info) throws Exception {
        startWithAccount(info);
        write("plan.md", "# Plan\nmonday: write\ntuesday: test\nwednesday: ship\n", 0);
        write("plan.md", "# Plan\nmonday: write the page\ntuesday: test\nwednesday: ship\n", 1);
        TestHttp.Reply lost = alice.postJson("/files/plan.md", JSON.writeValueAsString(Map.of(
                "content", "# Plan\nmonday: write the tests\ntuesday: test\nwednesday: ship it\n",
                "expected_version", 1, "keep_both", true)), "phone");
        assertThat(lost.status()).isEqualTo(409);
        signIn();
        browser.awaitText(By.id("conflict-badge"), "1");
        browser.driver.findElement(By.id("nav-conflicts")).click();
        browser.awaitVisible(By.cssSelector("li[data-conflict] a")).click();
        WebElement compare = browser.awaitVisible(By.id("compare"));
        List<String> left = texts(compare, "td.left-diff");
        List<String> right = texts(compare, "td.right-diff");
        assertThat(left).containsExactly("monday: write the page", "wednesday: ship");
        assertThat(right).containsExactly("monday: write the tests", "wednesday: ship it");
        browser.screenshot("conflict-side-by-side");

        browser.driver.findElement(By.xpath("//button[contains(., 'Keep copy')]")).click();
        browser.awaitText(By.id("notice"), "Resolved: kept the copy");
        browser.await(d -> d.findElement(By.id("conflict-badge")).isDisplayed() ? null : true);
        assertThat(content("plan.md")).isEqualTo("# Plan\nmonday: write the tests\ntuesday: test\nwednesday: ship it\n");
        assertThat(alice.get("/conflicts").json().get("conflicts").size()).isZero();
        browser.assertNoConsoleErrors();
    }

    private static List<String> texts(WebElement table, String css) {
        return table.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    @Test
    void a_change_made_elsewhere_appears_without_a_reload(TestInfo info) throws Exception {
        startWithAccount(info);
        write("a.txt", "a", 0);
        signIn();
        row("a.txt");
        browser.driver.executeScript("window.sameDocument = 'yes'");
        write("from-another-device.txt", "hello", 0);
        row("from-another-device.txt");
        write("a.txt", "a, edited", 1);
        browser.await(d -> row("a.txt").getText().contains("laptop") && rowVersion("a.txt") == 2 ? true : null);
        assertThat(browser.driver.executeScript("return window.sameDocument")).isEqualTo("yes");
        browser.assertNoConsoleErrors();
    }

    private long rowVersion(String id) {
        return Long.parseLong(row(id).findElement(By.cssSelector("td[data-label='Version']")).getText());
    }

    @Test
    void a_hostile_file_name_renders_as_inert_text(TestInfo info) throws Exception {
        startWithAccount(info);
        String hostile = "<img src=x onerror=alert(1)>.txt";
        write(hostile, "boo", 0);
        signIn();
        WebElement link = row(hostile).findElement(By.cssSelector("td.name a"));
        assertThat(link.getText()).isEqualTo(hostile);
        assertThat(browser.driver.findElements(By.cssSelector("#listing img"))).isEmpty();
        assertThat(alertOpen()).isFalse();
        browser.assertNoConsoleErrors();
    }

    private boolean alertOpen() {
        try {
            browser.driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    @Test
    void a_stale_delete_gets_the_conflict_message_and_deletes_nothing(TestInfo info) throws Exception {
        startWithAccount(info);
        write("shared.txt", "v1", 0);
        signIn();
        WebElement delete = row("shared.txt").findElement(By.xpath(".//button[contains(., 'Delete')]"));
        delete.click(); // armed: the page now asks to confirm, still showing version 1
        write("shared.txt", "v2 from the laptop", 1);
        browser.driver.findElement(By.xpath("//button[contains(., 'Confirm delete')]")).click();
        browser.awaitText(By.id("notice"), "was changed on another device");
        assertThat(content("shared.txt")).isEqualTo("v2 from the laptop");
        browser.await(d -> rowVersion("shared.txt") == 2 ? true : null);
        browser.assertNoConsoleErrors(409);
    }

    @Test
    void renames_into_a_folder_and_deletes(TestInfo info) throws Exception {
        startWithAccount(info);
        write("draft.txt", "words", 0);
        signIn();
        row("draft.txt").findElement(By.xpath(".//button[contains(., 'Rename')]")).click();
        WebElement input = browser.awaitVisible(By.cssSelector("tr[data-file-id='draft.txt'] form input"));
        input.clear();
        input.sendKeys("archive/final.txt\n");
        browser.awaitText(By.id("notice"), "Moved draft.txt to archive/final.txt");
        assertThat(content("archive/final.txt")).isEqualTo("words");
        assertThat(alice.get("/files/draft.txt").status()).isEqualTo(404);

        browser.driver.findElement(By.linkText("archive")).click();
        WebElement delete = row("archive/final.txt").findElement(By.xpath(".//button[contains(., 'Delete')]"));
        delete.click();
        browser.driver.findElement(By.xpath("//button[contains(., 'Confirm delete')]")).click();
        browser.awaitText(By.id("notice"), "Deleted archive/final.txt");
        assertThat(alice.get("/files/archive/final.txt").status()).isEqualTo(404);
        browser.assertNoConsoleErrors();
    }

    @Test
    void everything_is_reachable_and_usable_by_keyboard(TestInfo info) throws Exception {
        startWithAccount(info);
        write("docs/plan.txt", "plan", 0);
        write("draft.txt", "words", 0);
        signIn();
        row("draft.txt");
        browser.driver.executeScript("document.querySelector('.brand').focus()"); // from the top of the page
        List<String> reached = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys(org.openqa.selenium.Keys.TAB)
                    .perform();
            WebElement focused = browser.driver.switchTo().activeElement();
            String label = focused.getText().isBlank() ? String.valueOf(focused.getAttribute("aria-label"))
                    : focused.getText().strip();
            reached.add(label);
            if (label.equals("Rename") && row("draft.txt").findElements(By.xpath(".//button[contains(., 'Rename')]"))
                    .contains(focused)) {
                break;
            }
        }
        assertThat(reached).contains("Files", "Sign out", "Filter by name", "Upload files", "New folder", "docs",
                "draft.txt", "History", "Rename");
        // Enter on the focused "Rename", type, Enter: moved without a mouse
        new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys(org.openqa.selenium.Keys.ENTER)
                .perform();
        WebElement input = browser.driver.switchTo().activeElement();
        assertThat(input.getAttribute("value")).isEqualTo("draft.txt");
        input.sendKeys(org.openqa.selenium.Keys.END, ".bak", org.openqa.selenium.Keys.ENTER);
        browser.awaitText(By.id("notice"), "Moved draft.txt to draft.txt.bak");
        assertThat(content("draft.txt.bak")).isEqualTo("words");
        browser.assertNoConsoleErrors();
    }

    @Test
    void fits_a_phone_sized_screen(TestInfo info) throws Exception {
        startWithAccount(info);
        write("a rather long folder name/with a rather long file name inside it.txt", "x", 0);
        write("notes.txt", "y", 0);
        browser.phoneSized();
        signIn();
        row("notes.txt");
        long overflow = (Long) browser.driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow).isLessThanOrEqualTo(0);
        browser.assertNoConsoleErrors();
    }

    @Test
    void the_page_is_served_with_a_self_only_content_security_policy() throws Exception {
        database = ServerDatabase.sqlite(dir);
        server = database.startServer(dir, List.of());
        TestHttp http = new TestHttp(server.uri());
        TestHttp.Reply page = http.send(http.request("/").header("Accept", "text/html").GET());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'").doesNotContain("unsafe");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.body()).doesNotContain("http://", "https://");
        // a tool still gets the seed's JSON at /
        assertThat(http.get("/").json().get("name").asText()).isEqualTo("syncr");
        assertThat(http.get("/ui/app.js").status()).isEqualTo(200);
        assertThat(http.get("/ui/..%2Fopenapi.json").status()).isEqualTo(404);
        assertThat(http.get("/ui/nothing.js").status()).isEqualTo(404);
    }

    @Test
    void shares_a_folder_from_its_row_makes_a_link_and_the_link_page_works_without_an_account(TestInfo info)
            throws Exception {
        startWithAccount(info);
        accounts.userWithToken("bob");
        write("Project/plan.txt", "the plan", 0);
        signIn();
        browser.awaitVisible(By.cssSelector("tr.folder a[href='#/shares/Project']")).click();
        WebElement with = browser.awaitVisible(By.cssSelector("#share-form input[name=with]"));
        assertThat(browser.driver.findElement(By.cssSelector("#share-form input[name=path]")).getAttribute("value"))
                .isEqualTo("Project");
        with.sendKeys("bob");
        browser.driver.findElement(By.cssSelector("#share-form button[type=submit]")).click();
        browser.awaitText(By.id("shares"), "bob (can edit)");
        assertThat(alice.get("/shares").json().get("shares").get(0).get("members")).hasSize(2);

        browser.driver.findElement(By.cssSelector("#link-form input[name=path]")).sendKeys("");
        browser.driver.findElement(By.cssSelector("#link-form button[type=submit]")).click();
        String url = browser.awaitVisible(By.id("new-link")).getAttribute("href");
        browser.awaitText(By.id("links"), "Project");
        browser.screenshot("sharing-view");

        browser.driver.manage().deleteAllCookies(); // a visitor: no account, no session
        browser.driver.get(url);
        browser.awaitVisible(By.cssSelector("#link-files tr[data-file-id='plan.txt']"));
        browser.awaitText(By.id("view"), "Download all as a zip");
        browser.screenshot("link-page");

        open("#/files/");
        browser.awaitVisible(By.id("username"));
        browser.assertNoConsoleErrors(401);
    }
}
