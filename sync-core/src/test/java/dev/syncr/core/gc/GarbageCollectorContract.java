package dev.syncr.core.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.BlobStore;
import dev.syncr.core.ContentHash;
import dev.syncr.core.ContentRef;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.RestoreRequest;
import dev.syncr.core.SyncService;
import dev.syncr.core.TestStores;
import dev.syncr.core.UploadRequest;
import dev.syncr.core.WriteOutcome;
import dev.syncr.core.chunk.ChunkRef;
import dev.syncr.core.chunk.Chunker;
import dev.syncr.core.chunk.FastCdcTest;
import dev.syncr.core.chunk.Manifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What garbage collection reclaims and what it must never touch, on a clock the test moves. A contract: run on memory
 * stores here and on SQLite + files and PostgreSQL + S3 by the server's tests. The clock starts at the real time,
 * since a real blob store stamps its blobs with it.
 */
public abstract class GarbageCollectorContract {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final TestStores stores;
    protected MetadataStore metadata;
    protected BlobStore blobs;
    SyncService service;
    GarbageCollector gc;

    protected GarbageCollectorContract(TestStores stores) {
        this.stores = stores;
    }

    @BeforeEach
    void openStores() throws Exception {
        metadata = stores.metadata();
        blobs = stores.blobs(clock);
        service = new SyncService(metadata, blobs, clock);
        gc = new GarbageCollector(metadata, blobs, clock, Duration.ofHours(1));
    }

    @AfterEach
    void closeStores() throws Exception {
        metadata.close();
    }

    private int blobCount() throws IOException {
        int[] count = {0};
        blobs.forEachBlob(blob -> count[0]++);
        return count[0];
    }

    WriteOutcome upload(String id, long expected, byte[] content) throws IOException {
        return service.upload(new UploadRequest(FileId.of(id), expected, new ByteArrayInputStream(content), "A"));
    }

    byte[] read(FileVersion v) throws IOException {
        try (InputStream in = service.open(v.content())) {
            return in.readAllBytes();
        }
    }

    @Test
    void only_content_no_version_references_and_older_than_the_grace_period_is_reclaimed() throws IOException {
        byte[] kept = FastCdcTest.random(3 * 1024 * 1024, 1);
        byte[] lost = FastCdcTest.random(3 * 1024 * 1024, 2);
        FileVersion v1 = ((WriteOutcome.Committed) upload("kept.bin", 0, kept)).version();
        assertThat(upload("kept.bin", 0, lost)).as("loses: its chunks stay, unreferenced")
                .isInstanceOf(WriteOutcome.Conflict.class);
        int all = blobCount();
        assertThat(gc.collect(false).reclaimed()).as("everything is younger than the grace period").isZero();

        now.set(now.get().plus(Duration.ofHours(2)));
        GarbageCollector.Report dry = gc.collect(true);
        assertThat(dry.reclaimed()).isPositive();
        assertThat(blobCount()).as("a dry run deletes nothing").isEqualTo(all);

        GarbageCollector.Report report = gc.collect(false);
        assertThat(report.reclaimed()).isEqualTo(dry.reclaimed());
        assertThat(report.bytesReclaimed()).isEqualTo(lost.length);
        assertThat(read(v1)).isEqualTo(kept);
        assertThat(new Fsck(metadata, blobs).check().clean()).isTrue();
        assertThat(gc.collect(false).reclaimed()).as("nothing left to reclaim").isZero();

        // the loser's chunks are missing again for its namespace: uploading them again works
        Manifest again = Chunker.manifest(new ByteArrayInputStream(lost));
        assertThat(service.missingChunks(again.chunks().stream().map(ChunkRef::hash).toList()))
                .hasSize(again.chunks().size());
        FileVersion v2 = ((WriteOutcome.Committed) upload("kept.bin", 1, lost)).version();
        assertThat(read(v2)).isEqualTo(lost);
    }

    @Test
    void a_chunk_held_again_recently_survives_even_when_its_bytes_are_old() throws IOException {
        byte[] content = FastCdcTest.random(2 * 1024 * 1024, 3);
        upload("a.bin", 0, content);
        // a chunk uploaded for a commit that never came: no version references its blob
        byte[] loser = FastCdcTest.random(64 * 1024, 4);
        String hash = ContentHash.of(loser);
        service.putChunk(hash, new ByteArrayInputStream(loser));
        assertThat(blobs.exists(ContentHash.storageKey(hash))).isTrue();
        now.set(now.get().plus(Duration.ofHours(2)));
        service.putChunk(hash, new ByteArrayInputStream(loser)); // held again just now, bytes unchanged (old)
        GarbageCollector.Report report = gc.collect(false);
        assertThat(report.keptForUploads()).as("only the hold keeps it: its bytes are old").isEqualTo(1);
        assertThat(service.openChunk(hash)).isPresent();
        assertThat(service.missingChunks(List.of(hash))).isEmpty();

        now.set(now.get().plus(Duration.ofHours(2)));
        assertThat(gc.collect(false).reclaimed()).as("once the hold is old too, it goes").isEqualTo(1);
    }

    /**
     * History pruning and a collection that run between a restore's read of the old version and its commit: the
     * restore either keeps the old content alive (collection runs after it renewed the holds) or finds it gone and
     * says so; it never commits a head whose chunks were reclaimed.
     */
    @Test
    void a_restore_racing_pruning_and_collection_never_points_at_reclaimed_chunks() throws IOException {
        for (String raceAt : List.of("version", "commit")) {
            String name = raceAt + ".bin";
            byte[] old = FastCdcTest.random(3 * 1024 * 1024, 11);
            byte[] current = FastCdcTest.random(3 * 1024 * 1024, raceAt.length());
            upload(name, 0, old);
            upload(name, 1, current);
            now.set(now.get().plus(Duration.ofDays(2)));
            java.util.concurrent.atomic.AtomicBoolean raced = new java.util.concurrent.atomic.AtomicBoolean();
            MetadataStore racing = (MetadataStore) java.lang.reflect.Proxy.newProxyInstance(
                    MetadataStore.class.getClassLoader(), new Class<?>[] {MetadataStore.class}, (proxy, method, args) -> {
                        if (method.getName().equals(raceAt) && raced.compareAndSet(false, true)) {
                            if (raceAt.equals("commit")) {
                                collectPruning();
                            } else {
                                Object answer = invoke(method, args);
                                collectPruning();
                                return answer;
                            }
                        }
                        return invoke(method, args);
                    });
            SyncService restoring = new SyncService(racing, blobs, clock);

            WriteOutcome outcome = restoring.restore(new RestoreRequest(FileId.of(name), 1, 2, "A"));

            assertThat(raced).as("the race ran").isTrue();
            FileVersion head = metadata.head(FileId.of(name)).orElseThrow();
            if (raceAt.equals("commit")) {
                assertThat(outcome).as("held before the collection: kept").isInstanceOf(WriteOutcome.Committed.class);
                assertThat(read(head)).isEqualTo(old);
            } else {
                assertThat(outcome).as("reclaimed before the restore held it").isInstanceOf(WriteOutcome.NotFound.class);
                assertThat(read(head)).isEqualTo(current);
            }
            assertThat(new Fsck(metadata, blobs).check().clean()).isTrue();
        }
    }

    private void collectPruning() throws IOException {
        metadata.pruneHistory(now.get().minus(Duration.ofDays(1)));
        gc.collect(false);
    }

    private Object invoke(java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(metadata, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void old_whole_blob_versions_and_chunked_ones_are_never_reclaimed() throws IOException {
        byte[] big = FastCdcTest.random(9 * 1024 * 1024, 5);
        FileVersion chunked = ((WriteOutcome.Committed) upload("big.bin", 0, big)).version();
        assertThat(chunked.content().chunked()).isTrue();
        byte[] whole = "a whole blob, as before chunks".getBytes();
        ContentRef stored = ContentRef.of(ContentHash.of(whole), whole.length);
        blobs.put(stored.storageKey(), whole, 0, whole.length);
        metadata.commit(new dev.syncr.core.CommitRequest(FileId.of("old.txt"), 0, stored, "old", now.get()));
        now.set(now.get().plus(Duration.ofDays(30)));
        assertThat(gc.collect(false).reclaimed()).isZero();
        assertThat(read(chunked)).isEqualTo(big);
        Fsck.Report fsck = new Fsck(metadata, blobs).check();
        assertThat(fsck.clean()).isTrue();
        assertThat(fsck.contents()).isEqualTo(2);
    }

    @Test
    void with_history_pruned_the_content_only_old_versions_referenced_is_freed_and_heads_stay() throws IOException {
        byte[] first = FastCdcTest.random(5 * 1024 * 1024, 7);
        byte[] second = FastCdcTest.random(5 * 1024 * 1024, 8);
        upload("doc.bin", 0, first);
        now.set(now.get().plus(Duration.ofDays(2)));
        FileVersion head = ((WriteOutcome.Committed) upload("doc.bin", 1, second)).version();
        now.set(now.get().plus(Duration.ofHours(2)));
        assertThat(gc.collect(false).reclaimed()).as("history keeps v1's content").isZero();

        assertThat(metadata.pruneHistory(now.get().minus(Duration.ofDays(1)))).isEqualTo(1);
        GarbageCollector.Report report = gc.collect(false);
        assertThat(report.bytesReclaimed()).isEqualTo(first.length);
        assertThat(read(head)).isEqualTo(second);
        assertThat(service.history(FileId.of("doc.bin"))).extracting(FileVersion::version).containsExactly(2L);
        assertThat(new Fsck(metadata, blobs).check().clean()).isTrue();
    }

    @Test
    void inline_content_only_pruned_versions_referenced_is_freed_and_the_head_stays_readable() throws IOException {
        upload("notes.txt", 0, "old notes".getBytes());
        FileVersion head = ((WriteOutcome.Committed) upload("notes.txt", 1, "new notes".getBytes())).version();
        now.set(now.get().plus(Duration.ofHours(2)));
        assertThat(gc.collect(false).inline()).as("history keeps the old version")
                .isEqualTo(new dev.syncr.core.MetadataStore.InlineReclaim(0, 0));

        metadata.pruneHistory(now.get().minus(Duration.ofHours(1)));
        GarbageCollector.Report report = gc.collect(false);
        assertThat(report.inline()).isEqualTo(new dev.syncr.core.MetadataStore.InlineReclaim(1, "old notes".length()));
        assertThat(report.toString()).contains("1 inline content(s), 9 bytes");
        assertThat(new String(read(head))).isEqualTo("new notes");
        assertThat(new Fsck(metadata, blobs).check().clean()).isTrue();
        assertThat(metadata.inlineContent(ContentHash.of("old notes".getBytes()))).isEmpty();
    }

    @Test
    void fsck_reports_a_missing_chunk() throws IOException {
        byte[] big = FastCdcTest.random(9 * 1024 * 1024, 6);
        upload("big.bin", 0, big);
        Manifest manifest = Chunker.manifest(new ByteArrayInputStream(big));
        blobs.delete(ContentHash.storageKey(manifest.chunks().get(1).hash()));
        assertThat(new Fsck(metadata, blobs).check().problems()).singleElement()
                .satisfies(p -> assertThat(p).contains("missing"));
    }
}
