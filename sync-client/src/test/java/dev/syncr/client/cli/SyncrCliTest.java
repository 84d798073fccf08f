package dev.syncr.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.server.SyncServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code syncr} against a real server: output, JSON and exit codes. */
class SyncrCliTest {

    @TempDir
    Path dir;
    SyncServer server;

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    CliRun syncr(String... args) {
        return CliRun.of(server.uri(), "cli-test", args);
    }

    @Test
    void put_get_ls_cat_history_restore_rm() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "first");
        CliRun put = syncr("put", file.toString(), "--as", "docs/notes.txt");
        assertThat(put.code()).isZero();
        assertThat(put.out()).contains("uploaded docs/notes.txt v1");

        Files.writeString(file, "second");
        assertThat(syncr("put", file.toString(), "--as", "docs/notes.txt").out()).contains("v1 → v2");
        assertThat(syncr("put", file.toString(), "--as", "docs/notes.txt").out()).contains("unchanged");

        CliRun ls = syncr("ls");
        assertThat(ls.out()).contains("docs/notes.txt").contains("v2").contains("1 file");
        CliRun lsJson = syncr("ls", "--json");
        assertThat(lsJson.json().get("files").get(0).get("file_id").asText()).isEqualTo("docs/notes.txt");

        assertThat(syncr("cat", "docs/notes.txt").out()).isEqualTo("second");
        Path out = dir.resolve("out/n.txt");
        assertThat(syncr("get", "docs/notes.txt", "--out", out.toString()).code()).isZero();
        assertThat(out).hasContent("second");
        assertThat(syncr("get", "docs/notes.txt", "--version", "1", "--out", out.toString()).code()).isZero();
        assertThat(out).hasContent("first");
        // a bare name lands in the working folder (it has no parent of its own: this once failed)
        Path bare = Path.of(".syncr-cli-test-" + UUID.randomUUID() + ".txt");
        try {
            assertThat(syncr("get", "docs/notes.txt", "--out", bare.toString()).code()).isZero();
            assertThat(bare).hasContent("second");
        } finally {
            Files.deleteIfExists(bare);
        }

        CliRun history = syncr("history", "docs/notes.txt", "--json");
        assertThat(history.json().get("versions")).hasSize(2);
        assertThat(history.json().get("versions").get(0).get("client_id").asText()).isEqualTo("cli-test");

        CliRun restore = syncr("restore", "docs/notes.txt", "1", "--json");
        assertThat(restore.code()).isZero();
        assertThat(restore.json().get("version").asLong()).isEqualTo(3);
        assertThat(syncr("cat", "docs/notes.txt").out()).isEqualTo("first");

        // renamed on another device: the history says where the versions before the rename are
        assertThat(new dev.syncr.server.TestHttp(server.uri()).postJson("/files/docs/notes.txt/move",
                "{\"to\":\"docs/kept.txt\",\"expected_version\":3}").status()).isEqualTo(200);
        assertThat(syncr("history", "docs/kept.txt").out()).contains("renamed from docs/notes.txt (its v3)");
        assertThat(syncr("history", "docs/kept.txt", "--json").json().at("/renamed_from/file_id").asText())
                .isEqualTo("docs/notes.txt");

        assertThat(syncr("rm", "docs/kept.txt").code()).isZero();
        assertThat(syncr("ls").out()).contains("0 files");
    }

    @Test
    void sync_and_status_keep_two_folders_alike() throws Exception {
        Path laptop = dir.resolve("laptop");
        Path desktop = dir.resolve("desktop");
        Files.createDirectories(laptop.resolve("docs"));
        Files.writeString(laptop.resolve("docs/plan.md"), "the plan");

        CliRun pending = syncr("status", laptop.toString());
        assertThat(pending.out()).contains("1 pending").contains("upload    docs/plan.md (new)");
        CliRun first = syncr("sync", laptop.toString(), "--json");
        assertThat(first.code()).isZero();
        assertThat(first.json().get("uploaded").asInt()).isEqualTo(1);
        assertThat(syncr("sync", desktop.toString()).out()).contains("1 down");
        assertThat(desktop.resolve("docs/plan.md")).hasContent("the plan");
        assertThat(syncr("status", desktop.toString()).out()).contains("up to date");
    }

    @Test
    void every_command_answers_help_with_its_usage_and_exit_zero() throws Exception {
        var commands = new picocli.CommandLine(new SyncrCli()).getSubcommands().keySet();
        assertThat(commands).contains("put", "get", "cat", "ls", "rm", "history", "restore", "sync", "status");
        for (String command : commands) {
            CliRun help = syncr(command, "--help");
            assertThat(help.code()).as("%s --help", command).isZero();
            assertThat(help.out()).as("%s --help", command).startsWith("Usage: syncr " + command);
        }
        assertThat(syncr("--help").out()).startsWith("Usage: syncr");
    }

    @Test
    void a_stale_put_exits_with_the_conflict_code() throws Exception {
        Path file = dir.resolve("a.txt");
        Files.writeString(file, "one");
        syncr("put", file.toString());
        Files.writeString(file, "two");
        syncr("put", file.toString());
        Files.writeString(file, "three");

        CliRun stale = syncr("put", file.toString(), "--expected-version", "1", "--json");

        assertThat(stale.code()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(stale.json().get("current_version").asLong()).isEqualTo(2);
    }

    @Test
    void exit_codes_tell_not_found_bad_input_and_unreachable_apart() throws Exception {
        assertThat(syncr("get", "missing.txt", "--out", dir.resolve("m").toString()).code())
                .isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(syncr("history", "missing.txt").code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(syncr("put", dir.resolve("no-such-file").toString()).code()).isEqualTo(ExitCodes.NOT_FOUND);
        CliRun bad = syncr("cat", "../etc/passwd");
        assertThat(bad.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).contains("'..' segment");
        assertThat(syncr("frobnicate").code()).isEqualTo(ExitCodes.BAD_INPUT);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SyncrCli.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err),
                "--server", "http://127.0.0.1:9", "ls");
        assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err.toString()).contains("cannot reach");
    }
}
