package dev.syncr.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BlobStore} must do; each implementation's test extends this. */
public abstract class BlobStoreContract {

    protected BlobStore store;

    protected abstract BlobStore createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    protected static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    protected String read(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void staging_hashes_and_counts_the_content() throws IOException {
        try (StagedBlob staged = store.stage(bytes("Hello World - Version 1"))) {
            assertThat(staged.ref().hash()).isEqualTo(ContentHash.of("Hello World - Version 1".getBytes()));
            assertThat(staged.ref().size()).isEqualTo(23);
            assertThat(staged.ref().storageKey()).isEqualTo(ContentHash.storageKey(staged.ref().hash()));
        }
    }

    @Test
    void published_content_reads_back_under_its_key() throws IOException {
        String key;
        try (StagedBlob staged = store.stage(bytes("content"))) {
            staged.publish();
            key = staged.ref().storageKey();
        }
        assertThat(store.exists(key)).isTrue();
        assertThat(read(key)).isEqualTo("content");
    }

    @Test
    void staged_content_that_is_never_published_is_not_visible() throws IOException {
        String key;
        try (StagedBlob staged = store.stage(bytes("abandoned"))) {
            key = staged.ref().storageKey();
        }
        assertThat(store.exists(key)).isFalse();
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void publishing_the_same_content_twice_keeps_one_blob() throws IOException {
        String first;
        try (StagedBlob staged = store.stage(bytes("same"))) {
            staged.publish();
            first = staged.ref().storageKey();
        }
        try (StagedBlob staged = store.stage(bytes("same"))) {
            staged.publish();
            assertThat(staged.ref().storageKey()).isEqualTo(first);
        }
        assertThat(read(first)).isEqualTo("same");
    }

    @Test
    void empty_content_is_a_blob_too() throws IOException {
        try (StagedBlob staged = store.stage(new ByteArrayInputStream(new byte[0]))) {
            staged.publish();
            assertThat(staged.ref().size()).isZero();
            assertThat(read(staged.ref().storageKey())).isEmpty();
        }
    }

    @Test
    void ranged_reads_return_the_requested_slice() throws IOException {
        String key;
        try (StagedBlob staged = store.stage(bytes("0123456789"))) {
            staged.publish();
            key = staged.ref().storageKey();
        }
        try (InputStream in = store.open(key, 3, 4)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456");
        }
        try (InputStream in = store.open(key, 7, -1)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("789");
        }
    }

    @Test
    void a_binary_blob_of_several_megabytes_round_trips() throws IOException {
        byte[] data = new byte[5 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        String key;
        try (StagedBlob staged = store.stage(new ByteArrayInputStream(data))) {
            staged.publish();
            key = staged.ref().storageKey();
            assertThat(staged.ref().hash()).isEqualTo(ContentHash.of(data));
        }
        try (InputStream in = store.open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void delete_removes_a_blob() throws IOException {
        String key;
        try (StagedBlob staged = store.stage(bytes("to delete"))) {
            staged.publish();
            key = staged.ref().storageKey();
        }
        store.delete(key);
        assertThat(store.exists(key)).isFalse();
    }

    @Test
    void opening_an_unknown_key_fails_clearly() {
        String key = ContentHash.storageKey(ContentHash.of("never stored".getBytes()));
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void a_listing_shows_every_published_blob_and_chunk_and_nothing_staged() throws Exception {
        String published;
        try (StagedBlob staged = store.stage(new java.io.ByteArrayInputStream("published".getBytes()))) {
            staged.publish();
            published = staged.ref().storageKey();
        }
        try (StagedBlob unpublished = store.stage(new java.io.ByteArrayInputStream("staged only".getBytes()))) {
            java.util.List<BlobStore.StoredBlob> seen = new java.util.ArrayList<>();
            byte[] chunk = "a chunk".getBytes();
            store.putChunk(new dev.syncr.core.chunk.ChunkRef(ContentHash.of(chunk), chunk.length), chunk, 0);
            store.forEachBlob(seen::add);
            assertThat(seen).extracting(BlobStore.StoredBlob::key).containsExactlyInAnyOrder(published,
                    ContentHash.storageKey(ContentHash.of(chunk)));
            assertThat(seen).allSatisfy(b -> assertThat(b.modified()).isAfter(java.time.Instant.now()
                    .minusSeconds(3600)));
            assertThat(seen).filteredOn(b -> b.key().equals(published)).singleElement()
                    .satisfies(b -> assertThat(b.size()).isEqualTo("published".length()));
        }
    }

    @Test
    void a_staging_sweep_leaves_recent_staging_and_published_blobs_alone() throws Exception {
        String published;
        try (StagedBlob staged = store.stage(new java.io.ByteArrayInputStream("kept".getBytes()))) {
            staged.publish();
            published = staged.ref().storageKey();
        }
        try (StagedBlob inFlight = store.stage(new java.io.ByteArrayInputStream("uploading".getBytes()))) {
            assertThat(store.sweepStaging(java.time.Instant.now().minusSeconds(3600))).isZero();
            inFlight.publish();
            assertThat(store.exists(inFlight.ref().storageKey())).as("not swept from under an upload").isTrue();
        }
        assertThat(store.exists(published)).isTrue();
    }
}
