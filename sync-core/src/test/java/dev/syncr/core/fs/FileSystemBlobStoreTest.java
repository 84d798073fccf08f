package dev.syncr.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncr.core.BlobStore;
import dev.syncr.core.BlobStoreContract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSystemBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path dir;

    @Override
    protected BlobStore createStore() throws IOException {
        return new FileSystemBlobStore(dir.resolve("blobs"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "sha256/../../x", "staging/whatever.part", "",
            "sha256/ab/cd/../../../../secret"})
    void keys_outside_the_content_layout_are_refused(String key) {
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_written_blob_sits_at_its_content_key_and_leaves_no_staging_file() throws IOException {
        String key = put("hello");
        assertThat(dir.resolve("blobs").resolve(key)).isRegularFile().hasContent("hello");
        put("hello");
        assertThat(filesUnder(dir.resolve("blobs/staging"))).isEmpty();
    }

    @Test
    void data_survives_a_new_store_on_the_same_folder() throws IOException {
        String key = put("durable");
        BlobStore reopened = new FileSystemBlobStore(dir.resolve("blobs"));
        try (InputStream in = reopened.open(key)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("durable");
        }
    }

    private static java.util.List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void a_staging_leftover_older_than_the_cutoff_is_swept() throws IOException {
        Path leftover = dir.resolve("blobs/staging/crashed-upload.part");
        Files.writeString(leftover, "half an upload");
        Files.setLastModifiedTime(leftover, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minusSeconds(7200)));
        assertThat(store.sweepStaging(java.time.Instant.now().minusSeconds(3600))).isEqualTo(1);
        assertThat(leftover).doesNotExist();
    }
}
