package dev.syncr.server.nextcloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncr.core.ContentHash;
import dev.syncr.server.S3TestServer;
import dev.syncr.server.ServerDatabase;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import dev.syncr.server.TestHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Nextcloud desktop client's command-line twin ({@code nextcloudcmd}, Debian's {@code nextcloud-desktop-cmd})
 * against a real server, in the scenarios a user lives through: a first download of 1 000 files, local changes of
 * every kind, a change made elsewhere, an edit on both sides, a 200 MB upload in parts cut off and resumed, and a run
 * with nothing to do. Each is checked file by file against the server. CI installs the client ({@code .ci/run});
 * without it this test fails, never skips.
 */
@Tag("slow") // an external program and 200 MB: run by `mvn verify`
class NextcloudClientTest {

    private static final Pattern REQUEST = Pattern.compile("accessmanager \\]:\\s+(\\d) \"[A-Z]*\" \"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void the_nextcloud_client_syncs_on_the_embedded_default() throws Exception {
        try (ServerDatabase database = ServerDatabase.sqlite(dir.resolve("server"))) {
            scenarios(database, List.of());
        }
    }

    @Test
    void the_nextcloud_client_syncs_on_postgresql_and_s3() throws Exception {
        try (ServerDatabase database = ServerDatabase.postgres(); S3TestServer s3 = S3TestServer.start()) {
            scenarios(database, List.of(s3.flags("nextcloud")));
        }
    }

    /** One run of the client: its exit code and log. */
    private record Run(int exit, String log) {
        /** The requests it made, as "GET url" (Qt's operation numbers: 2 GET, 3 PUT, 6 anything else). */
        List<String> requests(String verb, String pathPart) {
            List<String> found = new ArrayList<>();
            Matcher m = REQUEST.matcher(log);
            while (m.find()) {
                String op = switch (m.group(1)) {
                    case "2" -> "GET";
                    case "3" -> "PUT";
                    default -> "OTHER";
                };
                if (op.equals(verb) && m.group(2).contains(pathPart)) {
                    found.add(op + " " + m.group(2));
                }
            }
            return found;
        }
    }

    private Process start(SyncServer server, String token, Path local, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("nextcloudcmd", "--non-interactive"));
        command.addAll(List.of(options));
        command.addAll(List.of("-u", "alice", "-p", token, local.toString(), server.uri().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("client.log").toFile());
        builder.environment().put("HOME", dir.toString()); // its settings stay here
        return builder.start();
    }

    private Run sync(SyncServer server, String token, Path local) throws Exception {
        Process client = start(server, token, local);
        assertThat(client.waitFor(10, TimeUnit.MINUTES)).as("nextcloudcmd finished").isTrue();
        return new Run(client.exitValue(), Files.readString(dir.resolve("client.log"), StandardCharsets.UTF_8));
    }

    private void scenarios(ServerDatabase database, List<String> flags) throws Exception {
        assertThat(Path.of("/usr/bin/nextcloudcmd")).as("nextcloudcmd is installed (apt-get install "
                + "nextcloud-desktop-cmd)").exists();
        String token;
        try (TestAccounts accounts = database.accounts()) {
            token = accounts.userWithToken("alice");
        }
        Path local = Files.createDirectories(dir.resolve("laptop"));
        try (SyncServer server = database.startServer(dir.resolve("server"), flags)) {
            TestHttp api = new TestHttp(server.uri()).withToken(token);
            String basic = "Basic " + Base64.getEncoder().encodeToString(("alice:" + token).getBytes(
                    StandardCharsets.UTF_8));
            Dav dav = new Dav(api, basic);

            // 1. a first sync downloads 1 000 files (non-ASCII names, folders, empty folders)
            for (int folder = 0; folder < 20; folder++) {
                dav.send("MKCOL", "Ordner " + folder + " – ünï", null);
            }
            dav.send("MKCOL", "empty", null);
            dav.send("MKCOL", "empty/inside", null);
            for (int i = 0; i < 1000; i++) {
                String name = "Ordner " + (i % 20) + " – ünï/文件 " + i + (i % 7 == 0 ? " é.md" : ".txt");
                assertThat(dav.send("PUT", name, "content of " + i + " " + "x".repeat(i % 300)).status())
                        .isEqualTo(201);
            }
            Run first = sync(server, token, local);
            assertThat(first.exit()).as(first.log()).isZero();
            assertSameTree(api, local);
            assertThat(local.resolve("empty/inside")).isDirectory();

            // 2. local create, edit, rename, delete reach the server; a rename keeps the file's id and history
            Path folder0 = local.resolve("Ordner 0 – ünï");
            String idBefore = dav.ocId("Ordner 0 – ünï/文件 20.txt");
            Files.writeString(folder0.resolve("new from the laptop.txt"), "made offline");
            Files.writeString(folder0.resolve("文件 40.txt"), "edited on the laptop");
            Files.move(folder0.resolve("文件 20.txt"), folder0.resolve("renamed 20.txt"));
            Files.delete(folder0.resolve("文件 60.txt"));
            Thread.sleep(1100); // the client skips files modified within the last second
            Run second = sync(server, token, local);
            assertThat(second.exit()).as(second.log()).isZero();
            assertSameTree(api, local);
            assertThat(api.get(path("/files/", "Ordner 0 – ünï/文件 60.txt")).status()).isEqualTo(404);
            assertThat(dav.ocId("Ordner 0 – ünï/renamed 20.txt")).as("a rename keeps oc:id").isEqualTo(idBefore);
            JsonNode history = api.get(path("/files/", "Ordner 0 – ünï/renamed 20.txt") + "/versions").json();
            assertThat(history.at("/renamed_from/file_id").asText()).as("and its history")
                    .isEqualTo("Ordner 0 – ünï/文件 20.txt");

            // 3. a change made elsewhere comes down on the next run
            long version = api.get(path("/files/", "Ordner 1 – ünï/文件 1.txt") + "/metadata").json().get("version")
                    .asLong();
            assertThat(api.postJson(path("/files/", "Ordner 1 – ünï/文件 1.txt"), "{\"content\":\"from the web\","
                    + "\"expected_version\":" + version + "}").status()).isEqualTo(200);
            Run third = sync(server, token, local);
            assertThat(third.exit()).as(third.log()).isZero();
            assertThat(Files.readString(local.resolve("Ordner 1 – ünï/文件 1.txt"))).isEqualTo("from the web");

            // 4. both sides edited: the server's version is intact, the laptop's edit a conflicted copy on the server
            String both = "Ordner 2 – ünï/文件 2.txt";
            long head = api.get(path("/files/", both) + "/metadata").json().get("version").asLong();
            api.postJson(path("/files/", both), "{\"content\":\"the server's edit\",\"expected_version\":" + head + "}");
            Files.writeString(local.resolve(both), "the laptop's edit");
            Thread.sleep(1100);
            Run fourth = sync(server, token, local);
            assertThat(fourth.exit()).as(fourth.log()).isZero();
            assertThat(api.get(path("/files/", both)).json().get("content").asText()).isEqualTo("the server's edit");
            JsonNode conflicts = api.get("/conflicts").json().get("conflicts");
            assertThat(conflicts).hasSize(1);
            String copy = conflicts.get(0).get("copy_id").asText();
            assertThat(copy).startsWith("Ordner 2 – ünï/文件 2 (conflicted copy");
            assertThat(api.get(path("/files/", copy)).json().get("content").asText()).isEqualTo("the laptop's edit");
            assertSameTree(api, local);

            // 5. 200 MB goes up in parts, cut off after the first part, and resumes where it stopped
            Path big = local.resolve("big.bin");
            String bigHash = writeRandom(big, 200L << 20);
            Thread.sleep(1100);
            Process cut = start(server, token, local, "--uplimit", "10000");
            waitForFirstPart(cut);
            cut.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
            Run resumed = sync(server, token, local);
            assertThat(resumed.exit()).as(resumed.log()).isZero();
            assertThat(resumed.log()).as("picked up where it was cut").contains("Resuming");
            assertThat(api.get("/files/big.bin/metadata").json().get("content_hash").asText()).isEqualTo(bigHash);
            assertThat(sha256(api, "/files/big.bin/download")).as("every byte").isEqualTo(bigHash);

            // 6. a run with nothing to do downloads and uploads nothing
            Run idle = sync(server, token, local);
            assertThat(idle.exit()).as(idle.log()).isZero();
            assertThat(idle.requests("GET", "/remote.php/dav/files/")).isEmpty();
            assertThat(idle.requests("PUT", "/remote.php/")).isEmpty();
        }
    }

    /** Every live file on the server is on the laptop with the same bytes, and the laptop has no other file. */
    private static void assertSameTree(TestHttp api, Path local) throws Exception {
        Map<String, String> server = new TreeMap<>();
        for (JsonNode f : api.get("/files/").json().get("files")) {
            server.put(f.get("file_id").asText(), f.get("content_hash").asText());
        }
        Map<String, String> laptop = new TreeMap<>();
        try (Stream<Path> files = Files.walk(local)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String rel = local.relativize(p).toString();
                if (!rel.startsWith(".sync_") && !rel.endsWith(".sync-exclude.lst") && !rel.startsWith(".nextcloudsync")) {
                    laptop.put(rel, ContentHash.of(Files.readAllBytes(p)));
                }
            }
        }
        assertThat(laptop).isEqualTo(server);
    }

    private static String path(String prefix, String fileId) {
        StringBuilder out = new StringBuilder(prefix);
        for (String segment : fileId.split("/")) {
            out.append(java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20")).append('/');
        }
        return out.substring(0, out.length() - 1);
    }

    /** WebDAV requests as a user, by path in their files. */
    private record Dav(TestHttp http, String basic) {
        TestHttp.Reply send(String method, String path, String body) throws Exception {
            return http.send(http.request(NextcloudClientTest.path("/remote.php/dav/files/alice/", path))
                    .header("Authorization", basic).method(method, body == null
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
        }

        String ocId(String path) throws Exception {
            TestHttp.Reply reply = http.send(http.request(NextcloudClientTest.path("/remote.php/dav/files/alice/",
                    path)).header("Authorization", basic).header("Depth", "0").method("PROPFIND",
                    HttpRequest.BodyPublishers.ofString("<d:propfind xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\">"
                            + "<d:prop><oc:id/></d:prop></d:propfind>")));
            Matcher m = Pattern.compile("<x:id [^>]*>([^<]+)</x:id>").matcher(reply.body());
            assertThat(m.find()).as(reply.body()).isTrue();
            return m.group(1);
        }
    }

    private void waitForFirstPart(Process client) throws Exception {
        Path log = dir.resolve("client.log");
        for (int i = 0; i < 600; i++) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).matches(
                    "(?s).*PUT of \"[^\"]*/uploads/alice/[0-9]+/0+\" FINISHED WITH STATUS \"OK\".*")) {
                return;
            }
            assertThat(client.isAlive()).as("the client is still uploading").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the first part never finished:\n" + Files.readString(log));
    }

    private static String writeRandom(Path file, long size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer);
                sha.update(buffer);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(TestHttp api, String path) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        var response = api.stream(api.request(path).GET());
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
