package dev.syncr.core.gc;

import dev.syncr.core.BlobStore;
import dev.syncr.core.MetadataStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reclaims content no version references (blobs and chunks in the blob store, and inline content in the database):
 * mark (which stored keys do versions reference, directly or through a
 * manifest) and sweep (delete the rest once older than the grace period), safe beside live uploads and other server
 * processes. What keeps it safe is {@link MetadataStore#startReclaim}: a chunk is deleted only after the reclaim has
 * announced itself and found no reference and no hold newer than the grace period; an upload takes its hold before it
 * looks for reclaims (see {@code ChunkStore.store}), so one of the two always sees the other.
 *
 * <pre>{@code
 * GarbageCollector.Report report = new GarbageCollector(metadata, blobs, Clock.systemUTC(), Duration.ofDays(1))
 *         .collect(false);
 * }</pre>
 */
public final class GarbageCollector {

    /** Keys looked up in the database at once. */
    private static final int BATCH = 1000;

    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final Clock clock;
    private final Duration grace;

    /**
     * @param metadata the store as opened (all namespaces are looked at)
     * @param grace    how old unreferenced content must be before it goes: longer than any upload takes from its
     *                 first chunk to its commit
     */
    public GarbageCollector(MetadataStore metadata, BlobStore blobs, Clock clock, Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        this.metadata = metadata;
        this.blobs = blobs;
        this.clock = clock;
        this.grace = grace;
    }

    /** What one collection saw and did. */
    public record Report(long blobs, long referenced, long young, long reclaimed, long bytesReclaimed,
                         long keptForUploads, long stagingSwept, MetadataStore.InlineReclaim inline, boolean dryRun) {

        @Override
        public String toString() {
            return (dryRun ? "would reclaim " : "reclaimed ") + reclaimed + " blob(s), " + bytesReclaimed
                    + " bytes, and " + inline.contents() + " inline content(s), " + inline.bytes() + " bytes; kept "
                    + referenced + " referenced, " + young + " younger than the grace period, " + keptForUploads
                    + " held by uploads; " + blobs + " blob(s) in all; " + stagingSwept + " staging leftover(s) swept";
        }
    }

    public Report collect(boolean dryRun) throws IOException {
        Instant now = clock.instant();
        Instant staleBefore = now.minus(grace);
        Tally tally = new Tally(dryRun);
        List<BlobStore.StoredBlob> batch = new ArrayList<>();
        blobs.forEachBlob(blob -> {
            batch.add(blob);
            if (batch.size() == BATCH) {
                sweep(batch, staleBefore, now, tally);
                batch.clear();
            }
        });
        sweep(batch, staleBefore, now, tally);
        int swept = dryRun ? 0 : blobs.sweepStaging(staleBefore);
        MetadataStore.InlineReclaim inline = metadata.reclaimInline(staleBefore, dryRun);
        return new Report(tally.blobs, tally.referenced, tally.young, tally.reclaimed, tally.bytes, tally.kept, swept,
                inline, dryRun);
    }

    private static final class Tally {
        final boolean dryRun;
        long blobs;
        long referenced;
        long young;
        long reclaimed;
        long bytes;
        long kept;

        Tally(boolean dryRun) {
            this.dryRun = dryRun;
        }
    }

    private void sweep(List<BlobStore.StoredBlob> batch, Instant staleBefore, Instant now, Tally tally)
            throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        Set<String> referenced = metadata.referencedKeys(batch.stream().map(BlobStore.StoredBlob::key).toList());
        for (BlobStore.StoredBlob blob : batch) {
            tally.blobs++;
            if (referenced.contains(blob.key())) {
                tally.referenced++;
            } else if (blob.modified().isAfter(staleBefore)) {
                tally.young++;
            } else if (tally.dryRun) {
                tally.reclaimed++;
                tally.bytes += blob.size();
            } else {
                String hash = blob.key().substring(blob.key().lastIndexOf('/') + 1);
                if (!metadata.startReclaim(hash, staleBefore, now)) {
                    tally.kept++;
                    continue;
                }
                try {
                    blobs.delete(blob.key());
                    tally.reclaimed++;
                    tally.bytes += blob.size();
                } finally {
                    metadata.endReclaim(hash);
                }
            }
        }
    }
}
