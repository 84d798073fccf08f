package dev.syncr.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import dev.syncr.server.PostgresTestDatabase;
import dev.syncr.server.S3TestServer;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TcpProxy;
import dev.syncr.server.TestAccounts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta sync measured on the wire: a counting proxy between the client and a real server (SQLite + files, and
 * PostgreSQL + S3) sees every byte, so "only the changed chunks travel" is a fact about the connection, not about
 * our own counters.
 */
@Tag("slow") // hundreds of MB through a proxy: run by `mvn verify`, not `mvn test`
class ChunkedTransferTest {

    static final int MB = 1024 * 1024;
    /** A chunk is at most 4 MiB; two of them plus requests and the manifest. */
    static final long TWO_CHUNKS_AND_CHANGE = 2L * 4 * MB + 256 * 1024;

    @TempDir
    Path dir;

    static void randomFile(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[MB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    @Test
    void a_one_byte_change_in_a_100_mb_file_sends_and_fetches_at_most_two_chunks_on_sqlite_and_files()
            throws Exception {
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString())) {
            deltaSync(server, dir);
        }
    }

    @Test
    void the_same_on_postgresql_and_s3() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create(); S3TestServer s3 = S3TestServer.start()) {
            List<String> args = new ArrayList<>(List.of("--port", "0", "--data-dir", dir.resolve("server").toString(),
                    "--db-url", db.url(), "--db-user", PostgresTestDatabase.USER, "--db-password",
                    PostgresTestDatabase.PASSWORD));
            args.addAll(List.of(s3.flags("delta")));
            try (SyncServer server = SyncServer.start(args.toArray(String[]::new))) {
                deltaSync(server, dir);
            }
        }
    }

    private static void deltaSync(SyncServer server, Path dir) throws Exception {
        URI uri = server.uri();
        try (TcpProxy proxy = new TcpProxy(uri.getHost(), uri.getPort());
             SyncClient laptop = new SyncClient(URI.create("http://127.0.0.1:" + proxy.port() + "/"), "laptop");
             SyncClient desktop = new SyncClient(URI.create("http://127.0.0.1:" + proxy.port() + "/"), "desktop")) {
            Path original = dir.resolve("laptop.bin");
            randomFile(original, 100L * MB, 1);
            FileId id = FileId.of("video.bin");
            assertThat(laptop.putFile(id, 0, original)).isInstanceOf(WriteResult.Committed.class);
            Path copy = dir.resolve("desktop.bin");
            assertThat(desktop.getFile(id, copy)).isPresent();
            assertThat(ContentHash.of(copy)).isEqualTo(ContentHash.of(original));

            // one byte changes in the middle
            try (var channel = java.nio.channels.FileChannel.open(original, java.nio.file.StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {42}), 50L * MB);
            }
            long up = proxy.bytesUp();
            java.util.concurrent.atomic.AtomicLong announced = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong moved = new java.util.concurrent.atomic.AtomicLong();
            TransferOptions.Listener counting = new TransferOptions.Listener() {
                @Override
                public void started(long bytesToMove) {
                    announced.addAndGet(bytesToMove);
                }

                @Override
                public void moved(long bytes) {
                    moved.addAndGet(bytes);
                }
            };
            WriteResult second = laptop.putFile(id, 1, original, TransferOptions.DEFAULT.withStreams(2)
                    .withListener(counting));
            assertThat(second).isInstanceOf(WriteResult.Committed.class);
            long sent = proxy.bytesUp() - up;
            assertThat(sent).as("bytes the edit sent").isLessThan(TWO_CHUNKS_AND_CHANGE);
            assertThat(moved.get()).as("progress counts the bytes that travel").isEqualTo(announced.get())
                    .isPositive().isLessThan(sent);

            long down = proxy.bytesDown();
            assertThat(desktop.getFile(id, copy)).isPresent();
            long fetched = proxy.bytesDown() - down;
            assertThat(fetched).as("bytes the other device fetched").isLessThan(TWO_CHUNKS_AND_CHANGE);
            assertThat(ContentHash.of(copy)).isEqualTo(ContentHash.of(original));

            // the same through the command line: syncr put after another 1-byte change
            try (var channel = java.nio.channels.FileChannel.open(original, java.nio.file.StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {43}), 70L * MB);
            }
            long beforeCli = proxy.bytesUp();
            assertThat(dev.syncr.client.cli.SyncrCli.run(new java.io.PrintStream(OutputStream.nullOutputStream()),
                    System.err, "--server", "http://127.0.0.1:" + proxy.port() + "/", "put", original.toString(),
                    "--as", id.value())).isZero();
            assertThat(proxy.bytesUp() - beforeCli).as("syncr put of a 1-byte change").isLessThan(TWO_CHUNKS_AND_CHANGE);
            assertThat(desktop.getFile(id, copy)).isPresent();
            assertThat(ContentHash.of(copy)).isEqualTo(ContentHash.of(original));

            // 10 MB inserted at the start: about 10 MB and a chunk or two travel, not 110 MB
            Path grown = dir.resolve("grown.bin");
            randomFile(grown, 10L * MB, 9);
            try (OutputStream out = Files.newOutputStream(grown, java.nio.file.StandardOpenOption.APPEND)) {
                Files.copy(original, out);
            }
            long beforeInsert = proxy.bytesUp();
            assertThat(laptop.putFile(FileId.of("grown.bin"), 0, grown)).isInstanceOf(WriteResult.Committed.class);
            assertThat(proxy.bytesUp() - beforeInsert).as("a 10 MB insert at the start")
                    .isLessThan(10L * MB + TWO_CHUNKS_AND_CHANGE);

            // the same content under a second name stores and sends nothing new but the requests
            long before = proxy.bytesUp();
            assertThat(laptop.putFile(FileId.of("copy of video.bin"), 0, original))
                    .isInstanceOf(WriteResult.Committed.class);
            assertThat(proxy.bytesUp() - before).isLessThan(256 * 1024);

            // and the seed's download still streams the whole, byte for byte
            Path whole = dir.resolve("whole.bin");
            assertThat(desktop.download(id, whole)).isPresent();
            assertThat(ContentHash.of(whole)).isEqualTo(ContentHash.of(original));
        }
    }

    @Test
    void folder_sync_moves_only_the_changed_chunks_between_two_devices() throws Exception {
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString());
             TcpProxy proxy = new TcpProxy(server.uri().getHost(), server.uri().getPort())) {
            URI through = URI.create("http://127.0.0.1:" + proxy.port() + "/");
            Path laptop = Files.createDirectories(dir.resolve("laptop"));
            Path desktop = Files.createDirectories(dir.resolve("desktop"));
            randomFile(laptop.resolve("raw.bin"), 60L * MB, 4);
            sync(through, laptop, "laptop");
            sync(through, desktop, "desktop");
            assertThat(ContentHash.of(desktop.resolve("raw.bin"))).isEqualTo(ContentHash.of(laptop.resolve("raw.bin")));

            try (var channel = java.nio.channels.FileChannel.open(laptop.resolve("raw.bin"),
                    java.nio.file.StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {7, 7, 7}), 30L * MB);
            }
            long up = proxy.bytesUp();
            sync(through, laptop, "laptop");
            assertThat(proxy.bytesUp() - up).as("sent by the editing device").isLessThan(TWO_CHUNKS_AND_CHANGE);
            long down = proxy.bytesDown();
            sync(through, desktop, "desktop");
            assertThat(proxy.bytesDown() - down).as("fetched by the other").isLessThan(TWO_CHUNKS_AND_CHANGE);
            assertThat(ContentHash.of(desktop.resolve("raw.bin"))).isEqualTo(ContentHash.of(laptop.resolve("raw.bin")));

            // a copy travels as nothing but requests both ways: its chunks are on both sides already
            Files.copy(laptop.resolve("raw.bin"), laptop.resolve("copy of raw.bin"));
            up = proxy.bytesUp();
            sync(through, laptop, "laptop");
            assertThat(proxy.bytesUp() - up).as("a copy, sent").isLessThan(256 * 1024);
            down = proxy.bytesDown();
            sync(through, desktop, "desktop");
            assertThat(proxy.bytesDown() - down).as("a copy, fetched").isLessThan(256 * 1024);
            assertThat(ContentHash.of(desktop.resolve("copy of raw.bin")))
                    .isEqualTo(ContentHash.of(laptop.resolve("raw.bin")));
        }
    }

    private static void sync(URI server, Path folder, String device) throws IOException {
        try (dev.syncr.client.folder.FolderSync sync = dev.syncr.client.folder.FolderSync.open(folder,
                new SyncClient(server, device), false)) {
            assertThat(sync.syncOnce()).isInstanceOf(dev.syncr.client.folder.PassResult.Completed.class);
        }
    }

    @Test
    void another_users_chunks_cannot_be_named_or_read() throws Exception {
        String alice;
        String bob;
        try (TestAccounts accounts = TestAccounts.inDataDir(dir.resolve("server"))) {
            alice = accounts.userWithToken("alice");
            bob = accounts.userWithToken("bob");
        }
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString(),
                "--password-hash-memory", "1024");
             SyncClient a = new SyncClient(server.uri(), "a", SyncClient.RetryPolicy.NONE, Access.token(alice));
             SyncClient b = new SyncClient(server.uri(), "b", SyncClient.RetryPolicy.NONE, Access.token(bob))) {
            Path secret = dir.resolve("secret.bin");
            randomFile(secret, 6L * MB, 3);
            a.putFile(FileId.of("secret.bin"), 0, secret);
            var manifest = new dev.syncr.server.TestHttp(server.uri()).withToken(alice)
                    .get("/files/secret.bin/manifest").json();
            String body = "{\"chunks\":" + manifest.get("chunks") + ",\"content_hash\":\""
                    + manifest.get("content_hash").asText() + "\",\"size\":" + manifest.get("size_bytes")
                    + ",\"expected_version\":0}";
            var asBob = new dev.syncr.server.TestHttp(server.uri()).withToken(bob);
            var stolen = asBob.postJson("/files/mine.bin/manifest", body);
            assertThat(stolen.status()).isEqualTo(400);
            assertThat(stolen.json().get("error").asText()).isEqualTo("missing_chunks");
            String first = manifest.get("chunks").get(0).get("hash").asText();
            assertThat(asBob.get("/chunks/" + first).status()).isEqualTo(404);
            assertThat(asBob.postJson("/chunks/missing", "{\"hashes\":[\"" + first + "\"]}").json().get("missing"))
                    .hasSize(1);
            assertThat(b.list()).isEmpty();
        }
    }
}
