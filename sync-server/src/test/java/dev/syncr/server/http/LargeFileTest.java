package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.core.StreamingTest;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 MB up and down through a server whose heap is capped at 64 MB: the bytes must stream, never sit in memory.
 */
@Tag("slow") // processes, hundreds of MB or long races: run by `mvn verify`, not `mvn test`
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
            StreamingTest.GeneratedContent generated = new StreamingTest.GeneratedContent(SIZE);
            AtomicLong peakRss = new AtomicLong();
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakRss.accumulateAndGet(server.rssBytes(), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            HttpRequest upload = HttpRequest.newBuilder(server.uri().resolve("files/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
                            java.util.Collections.enumeration(java.util.List.of(
                                    new java.io.ByteArrayInputStream(head), generated,
                                    new java.io.ByteArrayInputStream(tail))))))
                    .build();

            HttpResponse<String> uploaded = client.send(upload, HttpResponse.BodyHandlers.ofString());
            sampler.interrupt();

            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
            String hash = generated.hash();
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
}
