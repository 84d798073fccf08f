package dev.syncr.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A download's temp file flushed early as it lands still holds exactly the bytes written, across the flushes. */
class FlushedAsItLandsTest {

    @TempDir
    Path dir;

    @Test
    void the_file_holds_exactly_what_was_written_across_several_early_flushes_and_replaces_what_it_held() throws Exception {
        Path temp = dir.resolve("download.part");
        Files.write(temp, new byte[100 << 20]); // longer than what follows: nothing of it may remain
        byte[] content = new byte[(int) (FlushedAsItLands.EVERY_BYTES * 2 + 12_345)];
        new Random(3).nextBytes(content);

        try (FlushedAsItLands out = FlushedAsItLands.open(temp)) {
            out.write(content[0]);
            int at = 1;
            Random sizes = new Random(4);
            while (at < content.length) {
                int n = Math.min(content.length - at, 1 + sizes.nextInt(3 << 20));
                out.write(content, at, n);
                at += n;
            }
        }

        assertThat(Files.size(temp)).isEqualTo(content.length);
        assertThat(Files.readAllBytes(temp)).isEqualTo(content);
    }
}
