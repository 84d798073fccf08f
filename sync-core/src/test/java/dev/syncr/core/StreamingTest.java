package dev.syncr.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.fs.FileSystemBlobStore;
import dev.syncr.core.memory.InMemoryMetadataStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB upload and download through {@link SyncService} into the filesystem store. This module's tests run with
 * {@code -Xmx256m} (see its pom), so holding the content in memory anywhere on the way would fail the test.
 */
@Tag("slow") // processes, hundreds of MB or long races: run by `mvn verify`, not `mvn test`
public class StreamingTest {

    private static final long ONE_GIB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void a_gibibyte_streams_through_in_bounded_memory_and_hashes_the_same_on_the_way_back() throws IOException {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with a small heap").isLessThan(ONE_GIB / 2);
        SyncService service = new SyncService(new InMemoryMetadataStore(), new FileSystemBlobStore(dir));
        GeneratedContent source = new GeneratedContent(ONE_GIB);

        WriteOutcome outcome = service.upload(new UploadRequest(FileId.of("big/one-gib.bin"), 0, source, "A"));

        assertThat(outcome).isInstanceOf(WriteOutcome.Committed.class);
        FileVersion version = ((WriteOutcome.Committed) outcome).version();
        assertThat(version.size()).isEqualTo(ONE_GIB);
        assertThat(version.hash()).isEqualTo(source.hash());

        MessageDigest back = ContentHash.newDigest();
        long read;
        try (InputStream in = service.open(version.content());
             OutputStream sink = new java.security.DigestOutputStream(OutputStream.nullOutputStream(), back)) {
            read = in.transferTo(sink);
        }
        assertThat(read).isEqualTo(ONE_GIB);
        assertThat(HexFormat.of().formatHex(back.digest())).isEqualTo(source.hash());
    }

    /** Pseudo-random bytes generated on the fly, hashed as they are handed out. */
    public static final class GeneratedContent extends InputStream {
        private final long length;
        private final MessageDigest digest = ContentHash.newDigest();
        private long position;
        private long state = 0x9E3779B97F4A7C15L;
        private String hash;

        public GeneratedContent(long length) {
            this.length = length;
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
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                buf[off + i] = (byte) state;
            }
            digest.update(buf, off, n);
            position += n;
            return n;
        }

        public String hash() {
            assertThat(position).isEqualTo(length);
            if (hash == null) {
                hash = HexFormat.of().formatHex(digest.digest());
            }
            return hash;
        }
    }
}
