package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.server.ServerProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 MB up and down through a server whose heap is capped at 64 MB: the bytes must stream, never sit in memory.
 */
class LargeFileTest {

    private static final long SIZE = 200L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void two_hundred_megabytes_round_trip_byte_identical_through_a_64_megabyte_heap() throws Exception {
        try (ServerProcess server = ServerProcess.start("64m", "--data-dir", dir.toString())) {
            HttpClient client = HttpClient.newHttpClient();
            String boundary = "----syncr-large";
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file_id\"\r\n\r\n"
                    + "big/blob.bin\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"expected_version\""
                    + "\r\n\r\n0\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                    + "filename=\"blob.bin\"\r\n\r\n").getBytes();
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();
            MessageDigest sent = ContentHash.newDigest();
            AtomicLong peakRss = new AtomicLong();
            HttpRequest upload = HttpRequest.newBuilder(server.uri().resolve("files/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
                            java.util.Collections.enumeration(java.util.List.of(
                                    new java.io.ByteArrayInputStream(head),
                                    new GeneratedStream(SIZE, sent, () -> peakRss.accumulateAndGet(server.rssBytes(),
                                            Math::max)),
                                    new java.io.ByteArrayInputStream(tail))))))
                    .build();

            HttpResponse<String> uploaded = client.send(upload, HttpResponse.BodyHandlers.ofString());

            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
            String hash = HexFormat.of().formatHex(sent.digest());
            assertThat(uploaded.body()).contains(hash).contains("\"size_bytes\":" + SIZE);

            MessageDigest received = ContentHash.newDigest();
            HttpResponse<InputStream> download = client.send(
                    HttpRequest.newBuilder(server.uri().resolve("files/big/blob.bin/download")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
            long count;
            try (InputStream in = download.body();
                 OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), received)) {
                count = in.transferTo(sink);
            }
            assertThat(count).isEqualTo(SIZE);
            assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(hash);
            assertThat(server.isAlive()).as("the 64 MB server survived").isTrue();
            System.out.printf("large file: peak server RSS during upload %d MB (heap capped at 64 MB)%n",
                    peakRss.get() / (1024 * 1024));
        }
    }

    /** Pseudo-random bytes made on the fly; hashes what it hands out and samples the server's memory as it goes. */
    static final class GeneratedStream extends InputStream {
        private final long length;
        private final MessageDigest digest;
        private final Runnable sample;
        private long position;
        private long state = 42;

        GeneratedStream(long length, MessageDigest digest, Runnable sample) {
            this.length = length;
            this.digest = digest;
            this.sample = sample;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            for (int i = 0; i < n; i++) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                buf[off + i] = (byte) (state >>> 56);
            }
            digest.update(buf, off, n);
            if ((position / (16 << 20)) != ((position + n) / (16 << 20))) {
                sample.run();
            }
            position += n;
            return n;
        }
    }
}
