package dev.syncr.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.api.ChunkInfo;
import dev.syncr.api.ManifestView;
import dev.syncr.core.ContentHash;
import dev.syncr.core.chunk.Chunker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download that its own file cannot help looks for the content in other files of its size (a rename, a copy);
 * one of them is read whole only when it begins or ends as the content does, so files that merely have the same size
 * cost a few MiB each, not all their bytes.
 */
class SameSizeCandidateTest {

    @TempDir
    Path dir;

    final byte[] content = random(12 * 1024 * 1024, 1);
    final ManifestView view = viewOf(content);

    @Test
    void a_copy_and_a_copy_edited_at_one_end_qualify() throws IOException {
        assertThat(ChunkedTransfer.sharesAnEnd(write("copy", content), view)).isTrue();
        byte[] headEdited = content.clone();
        headEdited[10] ^= 1;
        assertThat(ChunkedTransfer.sharesAnEnd(write("head", headEdited), view)).as("its last chunk").isTrue();
        byte[] tailEdited = content.clone();
        tailEdited[content.length - 10] ^= 1;
        assertThat(ChunkedTransfer.sharesAnEnd(write("tail", tailEdited), view)).as("its first chunk").isTrue();
    }

    @Test
    void a_file_of_the_same_size_with_other_bytes_or_none_there_does_not() throws IOException {
        assertThat(ChunkedTransfer.sharesAnEnd(write("other", random(content.length, 2)), view)).isFalse();
        byte[] bothEnds = content.clone();
        bothEnds[10] ^= 1;
        bothEnds[content.length - 10] ^= 1;
        assertThat(ChunkedTransfer.sharesAnEnd(write("both", bothEnds), view)).isFalse();
        assertThat(ChunkedTransfer.sharesAnEnd(write("short", new byte[100]), view)).isFalse();
        assertThat(ChunkedTransfer.sharesAnEnd(dir.resolve("gone"), view)).isFalse();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static ManifestView viewOf(byte[] content) {
        try {
            var manifest = Chunker.manifest(new ByteArrayInputStream(content));
            assertThat(manifest.chunks()).hasSizeGreaterThan(2);
            return new ManifestView("f", 1, ContentHash.of(content), content.length, true,
                    manifest.chunks().stream().map(c -> new ChunkInfo(c.hash(), c.size())).toList(), null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
