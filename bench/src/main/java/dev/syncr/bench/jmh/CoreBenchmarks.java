package dev.syncr.bench.jmh;

import dev.syncr.core.ConflictNames;
import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import dev.syncr.core.chunk.Chunker;
import dev.syncr.core.chunk.FastCdc;
import dev.syncr.core.chunk.Manifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Core hot paths, each next to its floor: hashing a stream through {@link ContentHash} against a bare
 * {@link MessageDigest} over the same bytes, id validation, conflict naming.
 *
 * <p>Run: {@code java -cp bench/target/syncr-bench.jar org.openjdk.jmh.Main CoreBenchmarks}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class CoreBenchmarks {

    private byte[] megabyte;
    private byte[] sixteenMegabytes;

    @Setup
    public void setUp() {
        megabyte = new byte[1024 * 1024];
        new Random(1).nextBytes(megabyte);
        sixteenMegabytes = new byte[16 * 1024 * 1024];
        new Random(2).nextBytes(sixteenMegabytes);
    }

    /** Baseline for chunking: one SHA-256 over 16 MiB. */
    @Benchmark
    public byte[] rawDigestSixteenMegabytes() {
        MessageDigest digest = ContentHash.newDigest();
        digest.update(sixteenMegabytes);
        return digest.digest();
    }

    /**
     * The hashing a chunked upload cannot avoid: each chunk's SHA-256 (its id) and the whole content's (the seed's
     * content_hash), with no chunking.
     */
    @Benchmark
    public byte[] twoDigestsSixteenMegabytes() {
        MessageDigest whole = ContentHash.newDigest();
        MessageDigest part = ContentHash.newDigest();
        whole.update(sixteenMegabytes);
        part.update(sixteenMegabytes);
        part.digest();
        return whole.digest();
    }

    /** FastCDC cut points plus both hashes, streamed as an upload does. */
    @Benchmark
    public Manifest chunkAndHashSixteenMegabytes() throws IOException {
        return Chunker.manifest(new ByteArrayInputStream(sixteenMegabytes));
    }

    /**
     * The floor of chunking as such: the same cut points and both hashes straight over the array, with no stream to
     * copy from and no look-ahead buffer; what is left on top of {@link #twoDigestsSixteenMegabytes} is the Gear loop.
     */
    @Benchmark
    public byte[] cutInPlaceAndHashSixteenMegabytes() {
        MessageDigest whole = ContentHash.newDigest();
        MessageDigest part = ContentHash.newDigest();
        FastCdc.Scanner scanner = new FastCdc.Scanner();
        for (int offset = 0; offset < sixteenMegabytes.length; ) {
            int taken = scanner.feed(sixteenMegabytes, offset, sixteenMegabytes.length);
            int length = taken < 0 ? sixteenMegabytes.length - offset : taken;
            whole.update(sixteenMegabytes, offset, length);
            part.update(sixteenMegabytes, offset, length);
            part.digest();
            offset += length;
        }
        return whole.digest();
    }

    /** Baseline: SHA-256 of 1 MiB straight from the array. */
    @Benchmark
    public byte[] rawDigestOneMegabyte() {
        MessageDigest digest = ContentHash.newDigest();
        digest.update(megabyte);
        return digest.digest();
    }

    /** What an upload does: stream 1 MiB through the hashing stream (64 KiB reads). */
    @Benchmark
    public String hashingStreamOneMegabyte() throws IOException {
        ContentHash.Hashing hashing = ContentHash.hashing(new ByteArrayInputStream(megabyte));
        hashing.transferTo(OutputStream.nullOutputStream());
        return hashing.finish().hash();
    }

    @Benchmark
    public FileId validateTypicalId() {
        return FileId.of("projects/2026/reports/quarterly summary (final).docx");
    }

    @Benchmark
    public FileId nameConflictedCopy() {
        return ConflictNames.conflictedCopy(FileId.of("projects/2026/report.final.docx"), "Alice's laptop");
    }
}
