package dev.syncr.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write rules of {@link SyncService}, as the seed tells them. A contract: run on memory stores here and on SQLite
 * + files and PostgreSQL + S3 by the server's tests, each with small contents (kept inline) and with contents large
 * enough to be stored as several chunks ({@link #text} pads every text the same way, past the chunker's sizes).
 */
public abstract class SyncServiceContract {

    /** Bytes added after every text when contents are to be chunked: several FastCDC chunks' worth. */
    protected static final int CHUNKED = 3 * 1024 * 1024;

    private final int padding;
    private final TestStores stores;
    protected MetadataStore metadata;
    protected BlobStore blobs;
    private SyncService service;
    private final FileId doc = FileId.of("document.txt");

    /** @param padding 0 for small contents as written, or {@link #CHUNKED} */
    protected SyncServiceContract(int padding, TestStores stores) {
        this.padding = padding;
        this.stores = stores;
    }

    @BeforeEach
    void openStores() throws Exception {
        metadata = stores.metadata();
        blobs = stores.blobs(java.time.Clock.systemUTC());
        service = new SyncService(metadata, blobs);
    }

    @AfterEach
    void closeStores() throws Exception {
        metadata.close();
    }

    private static final String FILLER = filler();

    private static String filler() {
        java.util.Random random = new java.util.Random(42);
        StringBuilder text = new StringBuilder(CHUNKED);
        for (int i = 0; i < CHUNKED; i++) {
            text.append(i % 64 == 63 ? '\n' : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /** The content a test means by {@code words}: the words themselves, or the words and the padding. */
    protected String text(String words) {
        return padding == 0 ? words : words + "\n" + FILLER.substring(0, padding);
    }

    private int blobCount() throws IOException {
        int[] count = {0};
        blobs.forEachBlob(blob -> count[0]++);
        return count[0];
    }

    private WriteOutcome upload(String client, long expected, String text) throws IOException {
        return service.upload(new UploadRequest(doc, expected, stream(text), client));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private String contentOf(FileVersion version) throws IOException {
        try (InputStream in = service.open(version.content())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static FileVersion committed(WriteOutcome outcome) {
        assertThat(outcome).isInstanceOf(WriteOutcome.Committed.class);
        return ((WriteOutcome.Committed) outcome).version();
    }

    @Test
    void the_seeds_offline_story() throws IOException {
        // STEP 1: Client A creates initial file
        FileVersion v1 = committed(upload("ClientA", 0, text("Hello World - Version 1")));
        assertThat(v1.version()).isEqualTo(1);
        // STEP 7: Client A syncs first
        FileVersion v2 = committed(upload("ClientA", 1, text("Hello World - EDITED BY CLIENT A (offline)")));
        assertThat(v2.version()).isEqualTo(2);
        // STEP 8: Client B tries to sync (CONFLICT!)
        WriteOutcome b = upload("ClientB", 1, text("Hello World - EDITED BY CLIENT B (offline)"));
        assertThat(b).isInstanceOf(WriteOutcome.Conflict.class);
        WriteOutcome.Conflict conflict = (WriteOutcome.Conflict) b;
        assertThat(conflict.expectedVersion()).isEqualTo(1);
        assertThat(conflict.currentVersion()).isEqualTo(2);
        assertThat(conflict.current().orElseThrow().hash())
                .isEqualTo(ContentHash.of(text("Hello World - EDITED BY CLIENT A (offline)").getBytes(StandardCharsets.UTF_8)));
        // the head still holds A's edit
        assertThat(contentOf(service.version(doc, 2).orElseThrow()))
                .isEqualTo(text("Hello World - EDITED BY CLIENT A (offline)"));
    }

    @Test
    void a_create_is_reported_as_created_and_an_update_as_not() throws IOException {
        assertThat(((WriteOutcome.Committed) upload("A", 0, text("one"))).created()).isTrue();
        assertThat(((WriteOutcome.Committed) upload("A", 1, text("two"))).created()).isFalse();
    }

    @Test
    void identical_content_creates_no_new_version() throws IOException {
        upload("A", 0, text("same"));
        upload("A", 1, text("changed"));

        WriteOutcome outcome = upload("B", 2, text("changed"));

        assertThat(outcome).isInstanceOf(WriteOutcome.Unchanged.class);
        assertThat(((WriteOutcome.Unchanged) outcome).head().version()).isEqualTo(2);
        assertThat(service.history(doc)).hasSize(2);
    }

    @Test
    void identical_content_from_a_stale_base_is_not_a_conflict() throws IOException {
        upload("A", 0, text("base"));
        upload("A", 1, text("both wrote this"));

        assertThat(upload("B", 1, text("both wrote this"))).isInstanceOf(WriteOutcome.Unchanged.class);
        assertThat(service.history(doc)).hasSize(2);
    }

    @Test
    void a_retried_write_whose_effect_is_the_head_is_a_success_not_a_conflict() throws IOException {
        upload("A", 0, text("v1"));
        FileVersion first = committed(upload("A", 1, text("A's edit")));
        // the response was lost; A retries the very same request
        FileVersion retry = committed(upload("A", 1, text("A's edit")));

        assertThat(retry.version()).isEqualTo(first.version()).isEqualTo(2);
        assertThat(service.history(doc)).hasSize(2);
    }

    @Test
    void a_retried_create_is_reported_as_created_again() throws IOException {
        upload("A", 0, text("v1"));
        WriteOutcome retry = upload("A", 0, text("v1"));
        assertThat(retry).isInstanceOf(WriteOutcome.Committed.class);
        assertThat(((WriteOutcome.Committed) retry).created()).isTrue();
        assertThat(service.history(doc)).hasSize(1);
    }

    @Test
    void the_same_bytes_from_another_client_with_a_stale_base_are_unchanged_not_a_win() throws IOException {
        upload("A", 0, text("v1"));
        upload("A", 1, text("A's edit"));
        assertThat(upload("B", 1, text("A's edit"))).isInstanceOf(WriteOutcome.Unchanged.class);
    }

    @Test
    void creating_a_file_that_exists_is_a_conflict() throws IOException {
        upload("A", 0, text("first"));
        WriteOutcome outcome = upload("B", 0, text("second"));
        assertThat(outcome).isInstanceOf(WriteOutcome.Conflict.class);
        assertThat(((WriteOutcome.Conflict) outcome).currentVersion()).isEqualTo(1);
    }

    @Test
    void a_future_expected_version_is_a_conflict() throws IOException {
        upload("A", 0, text("first"));
        assertThat(upload("A", 5, text("second"))).isInstanceOf(WriteOutcome.Conflict.class);
    }

    @Test
    void a_losing_small_upload_stores_nothing_and_a_large_ones_chunks_stay_the_uploaders_for_a_retry()
            throws IOException {
        upload("A", 0, "v1");
        upload("A", 1, "v2");
        // small (one chunk): decided before any storage work, so a busy file's losers cost no writes at all
        assertThat(upload("B", 1, "loser")).isInstanceOf(WriteOutcome.Conflict.class);
        assertThat(service.metadata(doc).orElseThrow().hash()).isEqualTo(ContentHash.of("v2".getBytes()));
        assertThat(service.missingChunks(java.util.List.of(ContentHash.of("loser".getBytes()))))
                .containsExactly(ContentHash.of("loser".getBytes()));
        // large: its chunks were stored while it streamed in, and stay this namespace's (unreferenced, so garbage
        // collection may reclaim them later): resending it after the conflict is resolved costs nothing
        byte[] large = new byte[dev.syncr.core.chunk.FastCdc.MIN_SIZE * 3];
        new java.util.Random(7).nextBytes(large);
        assertThat(service.upload(new UploadRequest(doc, 1, new java.io.ByteArrayInputStream(large), "B")))
                .isInstanceOf(WriteOutcome.Conflict.class);
        assertThat(service.metadata(doc).orElseThrow().version()).isEqualTo(2);
        java.util.List<String> chunks = dev.syncr.core.chunk.Chunker
                .chunk(new java.io.ByteArrayInputStream(large), (c, o, d, f) -> { })
                .chunks().stream().map(dev.syncr.core.chunk.ChunkRef::hash).toList();
        assertThat(chunks).isNotEmpty();
        assertThat(service.missingChunks(chunks)).isEmpty();
    }

    @Test
    void small_content_lives_with_its_version_and_every_way_of_reusing_it_reads_it_back() throws IOException {
        FileVersion v1 = committed(upload("A", 0, "small enough to keep inline"));
        assertThat(v1.content().inline()).isTrue();
        assertThat(v1.content().storageKey()).isEqualTo("inline:" + v1.hash());
        assertThat(blobCount()).as("no blob written").isZero();
        assertThat(contentOf(v1)).isEqualTo("small enough to keep inline");
        try (InputStream part = service.open(v1.content(), 6, 6)) {
            assertThat(new String(part.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("enough");
        }
        committed(upload("A", 1, "second"));
        FileVersion restored = committed(service.restore(new RestoreRequest(doc, 1, 2, "A")));
        assertThat(contentOf(restored)).isEqualTo("small enough to keep inline");

        WriteOutcome kept = service.upload(new UploadRequest(doc, 1, stream("an offline edit"), Optional.empty(),
                "B", new OnConflict(false, true)));
        FileVersion copy = ((WriteOutcome.KeptBoth) kept).copy();
        assertThat(contentOf(copy)).isEqualTo("an offline edit");
        FileVersion moved = committed(service.move(new MoveRequest(copy.id(), FileId.of("elsewhere.txt"), 1, "B")));
        assertThat(contentOf(moved)).isEqualTo("an offline edit");

        byte[] exactlyInline = new byte[ContentRef.INLINE_MAX_BYTES];
        byte[] justOver = new byte[ContentRef.INLINE_MAX_BYTES + 1];
        java.util.Arrays.fill(justOver, (byte) 1);
        FileVersion at = committed(service.upload(new UploadRequest(FileId.of("at.bin"), 0,
                new ByteArrayInputStream(exactlyInline), "A")));
        FileVersion over = committed(service.upload(new UploadRequest(FileId.of("over.bin"), 0,
                new ByteArrayInputStream(justOver), "A")));
        assertThat(at.content().inline()).isTrue();
        assertThat(over.content().inline()).as("larger content goes to the blob store").isFalse();
        assertThat(blobCount()).isEqualTo(1);
        FileVersion empty = committed(service.upload(new UploadRequest(FileId.of("empty.txt"), 0,
                new ByteArrayInputStream(new byte[0]), "A")));
        assertThat(contentOf(empty)).isEmpty();
        assertThat(new dev.syncr.core.gc.Fsck(metadata, blobs).check().problems()).isEmpty();
    }

    @Test
    void a_wrong_claimed_hash_commits_nothing() throws IOException {
        WriteOutcome outcome = service.upload(new UploadRequest(doc, 0, stream(text("content")),
                Optional.of("0".repeat(64)), "A"));

        assertThat(outcome).isEqualTo(new WriteOutcome.HashMismatch("0".repeat(64),
                ContentHash.of(text("content").getBytes(StandardCharsets.UTF_8))));
        assertThat(service.metadata(doc)).isEmpty();
        assertThat(service.history(doc)).isEmpty();
    }

    @Test
    void a_correct_claimed_hash_in_any_case_is_accepted() throws IOException {
        String hash = ContentHash.of(text("content").getBytes(StandardCharsets.UTF_8)).toUpperCase();
        WriteOutcome outcome = service.upload(new UploadRequest(doc, 0, stream(text("content")), Optional.of(hash), "A"));
        assertThat(committed(outcome).version()).isEqualTo(1);
    }

    @Test
    void delete_commits_a_tombstone_version() throws IOException {
        upload("A", 0, text("v1"));
        FileVersion tombstone = committed(service.delete(new DeleteRequest(doc, OptionalLong.of(1), "A")));

        assertThat(tombstone.version()).isEqualTo(2);
        assertThat(tombstone.deleted()).isTrue();
        assertThat(service.metadata(doc).orElseThrow().deleted()).isTrue();
        assertThat(service.list()).isEmpty();
        assertThat(service.listIncludingDeleted()).hasSize(1);
    }

    @Test
    void a_stale_delete_conflicts_and_deletes_nothing() throws IOException {
        upload("A", 0, text("v1"));
        upload("A", 1, text("v2"));
        WriteOutcome outcome = service.delete(new DeleteRequest(doc, OptionalLong.of(1), "B"));
        assertThat(outcome).isInstanceOf(WriteOutcome.Conflict.class);
        assertThat(service.metadata(doc).orElseThrow().deleted()).isFalse();
    }

    @Test
    void an_unconditional_delete_removes_whatever_is_current() throws IOException {
        upload("A", 0, text("v1"));
        upload("A", 1, text("v2"));
        FileVersion tombstone = committed(service.delete(new DeleteRequest(doc, OptionalLong.empty(), "B")));
        assertThat(tombstone.version()).isEqualTo(3);
    }

    @Test
    void deleting_twice_is_unchanged_and_deleting_nothing_is_not_found() throws IOException {
        upload("A", 0, text("v1"));
        service.delete(new DeleteRequest(doc, OptionalLong.empty(), "A"));
        assertThat(service.delete(new DeleteRequest(doc, OptionalLong.empty(), "B")))
                .isInstanceOf(WriteOutcome.Unchanged.class);
        assertThat(service.delete(new DeleteRequest(doc, OptionalLong.of(1), "B")))
                .isInstanceOf(WriteOutcome.Unchanged.class);
        assertThat(service.delete(new DeleteRequest(FileId.of("nope"), OptionalLong.empty(), "B")))
                .isInstanceOf(WriteOutcome.NotFound.class);
        assertThat(service.history(doc)).hasSize(2);
    }

    @Test
    void a_retried_conditional_delete_is_the_same_success() throws IOException {
        upload("A", 0, text("v1"));
        committed(service.delete(new DeleteRequest(doc, OptionalLong.of(1), "A")));
        FileVersion retry = committed(service.delete(new DeleteRequest(doc, OptionalLong.of(1), "A")));
        assertThat(retry.version()).isEqualTo(2);
    }

    @Test
    void creating_over_a_tombstone_continues_the_version_chain() throws IOException {
        upload("A", 0, text("v1"));
        service.delete(new DeleteRequest(doc, OptionalLong.of(1), "A"));

        WriteOutcome outcome = upload("B", 0, text("reborn"));

        FileVersion v3 = committed(outcome);
        assertThat(v3.version()).isEqualTo(3);
        assertThat(((WriteOutcome.Committed) outcome).created()).isTrue();
        assertThat(service.history(doc)).extracting(FileVersion::version).containsExactly(3L, 2L, 1L);
    }

    @Test
    void restore_makes_an_old_version_the_new_head() throws IOException {
        upload("A", 0, text("first draft"));
        upload("A", 1, text("second draft"));

        FileVersion v3 = committed(service.restore(new RestoreRequest(doc, 1, 2, "A")));

        assertThat(v3.version()).isEqualTo(3);
        assertThat(contentOf(v3)).isEqualTo(text("first draft"));
        assertThat(v3.content()).isEqualTo(service.version(doc, 1).orElseThrow().content());
    }

    @Test
    void restore_checks_the_expected_version_and_the_version_exists() throws IOException {
        upload("A", 0, text("first"));
        upload("A", 1, text("second"));
        assertThat(service.restore(new RestoreRequest(doc, 1, 1, "A"))).isInstanceOf(WriteOutcome.Conflict.class);
        assertThat(service.restore(new RestoreRequest(doc, 9, 2, "A"))).isInstanceOf(WriteOutcome.NotFound.class);
        assertThat(service.restore(new RestoreRequest(doc, 2, 2, "A"))).isInstanceOf(WriteOutcome.Unchanged.class);
    }

    @Test
    void restoring_a_delete_is_rejected_but_restoring_content_after_a_delete_works() throws IOException {
        upload("A", 0, text("precious"));
        service.delete(new DeleteRequest(doc, OptionalLong.of(1), "A"));
        assertThat(service.restore(new RestoreRequest(doc, 2, 2, "A"))).isInstanceOf(WriteOutcome.Rejected.class);

        FileVersion undeleted = committed(service.restore(new RestoreRequest(doc, 1, 2, "A")));
        assertThat(undeleted.version()).isEqualTo(3);
        assertThat(contentOf(undeleted)).isEqualTo(text("precious"));
    }

    @Test
    void the_feed_reports_every_write_including_deletes() throws IOException {
        upload("A", 0, text("v1"));
        upload("A", 1, text("v2"));
        service.delete(new DeleteRequest(doc, OptionalLong.of(2), "A"));
        assertThat(service.changes(0, 100).changes())
                .extracting(c -> c.version().version() + (c.version().deleted() ? "x" : ""))
                .containsExactly("1", "2", "3x");
        assertThat(service.latestCursor()).isEqualTo(3);
    }
}
