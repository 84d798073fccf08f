package dev.syncr.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    protected String read(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes {@code content} under its own key, as every writer does; returns the key. */
    protected String put(byte[] content) throws IOException {
        String key = ContentHash.storageKey(ContentHash.of(content));
        store.put(key, content, 0, content.length);
        return key;
    }

    protected String put(String text) throws IOException {
        return put(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void written_content_reads_back_under_its_key() throws IOException {
        String key = put("content");
        assertThat(store.exists(key)).isTrue();
        assertThat(read(key)).isEqualTo("content");
    }

    @Test
    void only_the_slice_asked_for_is_written() throws IOException {
        byte[] buffer = "..slice..".getBytes(StandardCharsets.UTF_8);
        String key = ContentHash.storageKey(ContentHash.of("slice".getBytes(StandardCharsets.UTF_8)));
        store.put(key, buffer, 2, 5);
        assertThat(read(key)).isEqualTo("slice");
    }

    @Test
    void writing_the_same_content_twice_keeps_one_blob() throws IOException {
        String first = put("same");
        assertThat(put("same")).isEqualTo(first);
        store.putIfAbsent(first, "same".getBytes(StandardCharsets.UTF_8), 0, 4);
        assertThat(read(first)).isEqualTo("same");
        java.util.List<BlobStore.StoredBlob> seen = new java.util.ArrayList<>();
        store.forEachBlob(seen::add);
        assertThat(seen).extracting(BlobStore.StoredBlob::key).containsExactly(first);
    }

    @Test
    void put_if_absent_writes_a_missing_blob() throws IOException {
        byte[] content = "new".getBytes(StandardCharsets.UTF_8);
        String key = ContentHash.storageKey(ContentHash.of(content));
        store.putIfAbsent(key, content, 0, content.length);
        assertThat(read(key)).isEqualTo("new");
    }

    @Test
    void empty_content_is_a_blob_too() throws IOException {
        String key = put(new byte[0]);
        assertThat(store.exists(key)).isTrue();
        assertThat(read(key)).isEmpty();
    }

    @Test
    void ranged_reads_return_the_requested_slice() throws IOException {
        String key = put("0123456789");
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
        String key = put(data);
        try (InputStream in = store.open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void delete_removes_a_blob() throws IOException {
        String key = put("to delete");
        store.delete(key);
        assertThat(store.exists(key)).isFalse();
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void opening_an_unknown_key_fails_clearly() {
        String key = ContentHash.storageKey(ContentHash.of("never stored".getBytes()));
        assertThat(catchExists(key)).isFalse();
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchFileException.class);
    }

    private boolean catchExists(String key) {
        try {
            return store.exists(key);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void a_listing_shows_every_blob_with_its_size_and_time() throws Exception {
        String whole = put("a whole blob");
        String chunk = put("a chunk");
        java.util.List<BlobStore.StoredBlob> seen = new java.util.ArrayList<>();
        store.forEachBlob(seen::add);
        assertThat(seen).extracting(BlobStore.StoredBlob::key).containsExactlyInAnyOrder(whole, chunk);
        assertThat(seen).allSatisfy(b -> assertThat(b.modified()).isAfter(java.time.Instant.now()
                .minusSeconds(3600)));
        assertThat(seen).filteredOn(b -> b.key().equals(whole)).singleElement()
                .satisfies(b -> assertThat(b.size()).isEqualTo("a whole blob".length()));
    }

    @Test
    void a_sweep_of_crash_leftovers_leaves_written_blobs_alone() throws Exception {
        String kept = put("kept");
        assertThat(store.sweepStaging(java.time.Instant.now().plusSeconds(3600))).isZero();
        assertThat(store.exists(kept)).isTrue();
        assertThat(read(kept)).isEqualTo("kept");
    }
}
