package dev.syncr.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncr.api.RestoreWrite;
import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import dev.syncr.server.SyncServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client library against a real server on loopback. */
class SyncClientTest {

    @TempDir
    Path dir;
    SyncServer server;
    SyncClient a;
    SyncClient b;
    final FileId doc = FileId.of("docs/document.txt");

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString());
        a = new SyncClient(server.uri(), "ClientA");
        b = new SyncClient(server.uri(), "ClientB");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void text_writes_return_outcomes_as_values() {
        assertThat(a.putText(doc, 0, "Hello World - Version 1")).isInstanceOf(WriteResult.Committed.class);
        WriteResult second = a.putText(doc, 1, "A's edit");
        assertThat(second).isEqualTo(new WriteResult.Committed(doc, 2, 1, ContentHash.of("A's edit".getBytes()),
                8, false, "updated"));

        WriteResult conflict = b.putText(doc, 1, "B's edit");
        assertThat(conflict).isInstanceOf(WriteResult.Conflict.class);
        WriteResult.Conflict c = (WriteResult.Conflict) conflict;
        assertThat(c.expectedVersion()).isEqualTo(1);
        assertThat(c.currentVersion()).isEqualTo(2);
        assertThat(c.currentHash()).isEqualTo(ContentHash.of("A's edit".getBytes()));
        assertThat(c.current().orElseThrow().updatedBy()).isEqualTo("ClientA");

        assertThat(b.putText(doc, 1, "A's edit")).isInstanceOf(WriteResult.Unchanged.class);
        assertThat(a.getText(doc).orElseThrow().content()).isEqualTo("A's edit");
    }

    @Test
    void files_stream_up_and_down_and_land_atomically() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 5];
        new Random(7).nextBytes(data);
        Path local = dir.resolve("photo.jpg");
        Files.write(local, data);

        WriteResult up = a.upload(FileId.of("photos/photo.jpg"), 0, local);
        assertThat(up).isInstanceOf(WriteResult.Committed.class);

        Path back = dir.resolve("down/photo.jpg");
        RemoteFile got = b.download(FileId.of("photos/photo.jpg"), back).orElseThrow();
        assertThat(got.version()).isEqualTo(1);
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
        try (var siblings = Files.list(back.getParent())) {
            assertThat(siblings).containsExactly(back);
        }
        assertThat(b.download(FileId.of("photos/none.jpg"), dir.resolve("down/none.jpg"))).isEmpty();
        assertThat(dir.resolve("down/none.jpg")).doesNotExist();
    }

    @Test
    void a_download_is_checked_against_the_checksum_kept_at_upload_and_damage_at_rest_is_caught() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024];
        new Random(11).nextBytes(data);
        FileId id = FileId.of("big.bin");
        assertThat(a.upload(Upload.of(id, 0, () -> new ByteArrayInputStream(data)))).isInstanceOf(
                WriteResult.Committed.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RemoteFile got = b.download(id, out).orElseThrow();
        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(got.contentHash()).as("the content's SHA-256, which the CRC-32C checked download vouches for")
                .isEqualTo(ContentHash.of(data));

        // one bit flips in a stored chunk (bit rot, a bad disk): same length, so only a checksum can tell
        Path chunk;
        try (var files = Files.walk(dir.resolve("server"))) {
            chunk = files.filter(f -> f.toString().contains("sha256") && Files.isRegularFile(f))
                    .max(java.util.Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
        }
        byte[] stored = Files.readAllBytes(chunk);
        stored[stored.length / 2] ^= 0x10;
        Files.write(chunk, stored);

        assertThatThrownBy(() -> b.download(id, OutputStream.nullOutputStream()))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("damaged")
                .hasMessageContaining("CRC-32C");
        Path target = dir.resolve("down/big.bin");
        assertThatThrownBy(() -> b.download(id, target)).hasMessageContaining("damaged");
        assertThat(target).as("a damaged download never lands").doesNotExist();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = dev.syncr.client.cli.SyncrCli.run(new java.io.PrintStream(OutputStream.nullOutputStream()),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8), "--server", server.uri().toString(),
                "get", "big.bin", "--out", target.toString());
        assertThat(code).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).as("said as a person would, not as a stack trace")
                .startsWith("syncr: download of big.bin was damaged").doesNotContain("Exception");
        assertThat(target).doesNotExist();
    }

    @Test
    void an_upload_of_unknown_length_is_sent_chunked() {
        byte[] bytes = "streamed without a length".getBytes(StandardCharsets.UTF_8);
        WriteResult result = a.upload(Upload.of(doc, 0, () -> new ByteArrayInputStream(bytes)));
        assertThat(result).isInstanceOf(WriteResult.Committed.class);
        assertThat(a.getText(doc).orElseThrow().content()).isEqualTo("streamed without a length");
    }

    @Test
    void metadata_list_history_restore_and_delete() throws Exception {
        a.putText(doc, 0, "one");
        b.putText(doc, 1, "two");
        a.putText(FileId.of("other.txt"), 0, "x");

        assertThat(a.metadata(doc).orElseThrow().version()).isEqualTo(2);
        assertThat(a.metadata(FileId.of("nope"))).isEmpty();
        assertThat(a.list()).extracting(RemoteFile::id).containsExactly(doc, FileId.of("other.txt"));
        assertThat(a.history(doc)).extracting(RemoteVersion::clientId).containsExactly("ClientB", "ClientA");

        assertThat(a.restore(doc, new RestoreWrite(1L, 2L))).isInstanceOf(WriteResult.Committed.class);
        assertThat(a.getText(doc).orElseThrow().content()).isEqualTo("one");
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        a.downloadVersion(doc, 2, old);
        assertThat(old.toString(StandardCharsets.UTF_8)).isEqualTo("two");

        assertThat(a.delete(doc, 1)).isInstanceOf(WriteResult.Conflict.class);
        assertThat(a.delete(doc, 3)).isInstanceOf(WriteResult.Committed.class);
        assertThat(a.delete(FileId.of("never"))).isInstanceOf(WriteResult.NotFound.class);
        assertThat(a.list()).extracting(RemoteFile::id).containsExactly(FileId.of("other.txt"));
        assertThat(a.list(true)).hasSize(2);
    }

    @Test
    void ids_that_look_like_actions_are_still_plain_files() {
        FileId tricky = FileId.of("docs/metadata");
        a.putText(tricky, 0, "I am a file called metadata");
        assertThat(a.getText(tricky).orElseThrow().content()).isEqualTo("I am a file called metadata");
        assertThat(a.metadata(tricky).orElseThrow().id()).isEqualTo(tricky);
        FileId spaced = FileId.of("My Documents/café + crème #1?.txt");
        a.putText(spaced, 0, "encoded");
        assertThat(a.getText(spaced).orElseThrow().content()).isEqualTo("encoded");
    }

    @Test
    void the_change_feed_and_long_poll() {
        long start = a.latestCursor();
        a.putText(doc, 0, "v1");
        RemoteChange.Page page = b.changes(start, 10);
        assertThat(page.changes()).extracting(RemoteChange::id).containsExactly(doc);
        assertThat(b.awaitChanges(page.cursor(), Duration.ofSeconds(1))).isFalse();
        assertThat(b.awaitChanges(start, Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void a_rejected_request_is_an_exception_with_the_servers_reason() {
        SyncClient client = new SyncClient(server.uri(), "x".repeat(300));
        assertThatThrownBy(() -> client.putText(doc, 0, "x"))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("X-Client-Id");
    }

    @Test
    void an_upload_claiming_a_hash_its_bytes_do_not_bear_out_is_refused_and_commits_nothing() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024];
        new Random(5).nextBytes(content);
        Path file = Files.write(dir.resolve("claimed.bin"), content);
        FileId id = FileId.of("claimed.bin");
        String stale = ContentHash.of("what the file held when it was hashed".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> a.sendFile(id, 0, file, TransferOptions.DEFAULT, dev.syncr.core.OnConflict.REJECT,
                stale)).isInstanceOfSatisfying(RequestRejectedException.class,
                        e -> assertThat(e.error()).isEqualTo("hash_mismatch"));
        assertThat(a.metadata(id)).as("nothing committed").isEmpty();

        WriteResult right = a.sendFile(id, 0, file, TransferOptions.DEFAULT, dev.syncr.core.OnConflict.REJECT,
                ContentHash.of(content)).result();
        assertThat(right).isInstanceOfSatisfying(WriteResult.Committed.class,
                c -> assertThat(c.contentHash()).isEqualTo(ContentHash.of(content)));
    }

    @Test
    void an_unreachable_server_is_a_clear_exception_after_retries() {
        SyncClient client = new SyncClient(URI.create("http://127.0.0.1:9/"), "A",
                new SyncClient.RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20)));
        assertThatThrownBy(() -> client.list())
                .isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining("after 3 attempt(s)")
                .hasMessageContaining("connection refused");
    }

    @Test
    void a_write_whose_response_was_lost_is_retried_into_the_same_success() throws Exception {
        a.putText(doc, 0, "v1");
        try (ResponseDroppingProxy proxy = new ResponseDroppingProxy(server.uri(), 1)) {
            SyncClient throughProxy = new SyncClient(proxy.uri(), "ClientA");
            Path local = dir.resolve("edit.txt");
            Files.writeString(local, "A's edit, sent once, answered twice");

            WriteResult result = throughProxy.upload(doc, 1, local);

            assertThat(proxy.connections()).as("the first answer was dropped, so the client retried").isEqualTo(2);
            assertThat(result).isInstanceOf(WriteResult.Committed.class);
            assertThat(((WriteResult.Committed) result).version()).isEqualTo(2);
        }
        assertThat(a.history(doc)).hasSize(2);
        assertThat(a.getText(doc).orElseThrow().content()).isEqualTo("A's edit, sent once, answered twice");
    }

    @Test
    void a_download_looks_in_other_files_of_its_size_only_when_its_own_copy_holds_little_of_it() throws Exception {
        byte[] bytes = new byte[3 * 1024 * 1024]; // several chunks
        new Random(7).nextBytes(bytes);
        FileId id = FileId.of("video.bin");
        Path local = dir.resolve("video.bin");
        Files.write(local, bytes);
        assertThat(a.putFile(id, 0, local)).isInstanceOf(WriteResult.Committed.class);
        bytes[2_000_000] ^= 1; // an edit elsewhere: the local copy holds all but one chunk
        Path edited = dir.resolve("edited.bin");
        Files.write(edited, bytes);
        assertThat(a.putFile(id, 1, edited)).isInstanceOf(WriteResult.Committed.class);

        List<Long> asked = new ArrayList<>();
        Path into = dir.resolve("into.bin");
        assertThat(b.getFile(id, into, local, size -> {
            asked.add(size);
            return List.of(edited); // would give the rest, but costs a whole read
        })).isPresent();
        assertThat(Files.readAllBytes(into)).isEqualTo(bytes);
        assertThat(asked).as("an edit: its own copy holds most, no other file is read").isEmpty();

        Path renamed = dir.resolve("renamed.bin"); // a rename: no copy of its own under the new name
        assertThat(b.getFile(id, into, renamed, size -> {
            asked.add(size);
            return List.of(edited);
        })).isPresent();
        assertThat(Files.readAllBytes(into)).isEqualTo(bytes);
        assertThat(asked).as("a rename: files of its size are looked in").containsExactly((long) bytes.length);
    }
}
