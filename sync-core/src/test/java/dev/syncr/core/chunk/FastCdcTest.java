package dev.syncr.core.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The chunker's format (golden cut points: changing them would re-chunk every stored file) and its promises: sizes
 * within bounds, boundaries independent of how the stream is read, and an edit that changes only the chunks around
 * it.
 */
public class FastCdcTest {

    public static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i += 8) {
            long word = random.nextLong();
            for (int j = 0; j < 8 && i + j < size; j++) {
                data[i + j] = (byte) (word >>> (8 * j));
            }
        }
        return data;
    }

    static Manifest manifest(byte[] data) throws IOException {
        return Chunker.manifest(new ByteArrayInputStream(data));
    }

    static List<Integer> sizes(Manifest m) {
        return m.chunks().stream().map(ChunkRef::size).toList();
    }

    @Test
    void a_claimed_content_hash_changes_only_the_manifests_content_hash() throws IOException {
        byte[] data = random(3 * 1024 * 1024 + 17, 11);
        Manifest hashed = manifest(data);
        String claim = "ab".repeat(32);
        Manifest claimed = Chunker.chunk(new ByteArrayInputStream(data), (chunk, offset, bytes, from) -> { }, claim);
        assertThat(hashed.contentHash()).isEqualTo(ContentHash.of(data));
        assertThat(claimed.contentHash()).isEqualTo(claim);
        assertThat(claimed.chunks()).isEqualTo(hashed.chunks());
        assertThat(claimed.size()).isEqualTo(hashed.size());
        assertThat(claimed.crc32c()).isEqualTo(hashed.crc32c());
    }

    @Test
    void golden_cut_points_of_a_fixed_input() throws IOException {
        assertThat(FastCdc.GEAR[0]).isEqualTo(GEAR_0);
        assertThat(FastCdc.GEAR[255]).isEqualTo(GEAR_255);
        Manifest m = manifest(random(16 * 1024 * 1024, 42));
        assertThat(sizes(m)).isEqualTo(GOLDEN_SIZES);
        assertThat(m.chunks().getFirst().hash()).isEqualTo(GOLDEN_FIRST_HASH);
    }

    @Test
    void every_chunk_but_the_last_is_within_bounds_and_sizes_centre_on_the_average() throws IOException {
        Manifest m = manifest(random(64 * 1024 * 1024, 7));
        List<Integer> sizes = sizes(m);
        assertThat(sizes.subList(0, sizes.size() - 1)).allSatisfy(size ->
                assertThat(size).isBetween(FastCdc.MIN_SIZE + 1, FastCdc.MAX_SIZE));
        double average = m.size() / (double) sizes.size();
        assertThat(average).isBetween(FastCdc.AVERAGE_SIZE * 0.6, FastCdc.AVERAGE_SIZE * 1.6);
        assertThat(m.size()).isEqualTo(64L * 1024 * 1024);
        assertThat(m.contentHash()).isEqualTo(ContentHash.of(random(64 * 1024 * 1024, 7)));
    }

    @Test
    void boundaries_never_depend_on_how_the_stream_is_read() throws IOException {
        byte[] data = random(12 * 1024 * 1024 + 12345, 3);
        Manifest whole = manifest(data);
        SplittableRandom sizes = new SplittableRandom(9);
        InputStream dribble = new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + sizes.nextInt(70_000)));
            }
        };
        List<Long> offsets = new ArrayList<>();
        Manifest dribbled = Chunker.chunk(dribble, (chunk, offset, bytes, from) -> {
            assertThat(ContentHash.of(Arrays.copyOfRange(bytes, from, from + chunk.size())))
                    .isEqualTo(chunk.hash());
            assertThat(Arrays.copyOfRange(bytes, from, from + chunk.size()))
                    .isEqualTo(Arrays.copyOfRange(data, (int) offset, (int) offset + chunk.size()));
            offsets.add(offset);
        });
        assertThat(dribbled).isEqualTo(whole);
        assertThat(offsets).hasSize(whole.chunks().size()).startsWith(0L);
    }

    @Test
    void cutting_without_the_whole_hashes_gives_the_same_chunks_at_the_same_offsets() throws IOException {
        byte[] data = random(6 * 1024 * 1024 + 99, 13);
        List<String> chunked = new ArrayList<>();
        Manifest manifest = Chunker.chunk(new ByteArrayInputStream(data), (chunk, offset, bytes, from) ->
                chunked.add(chunk + "@" + offset));
        List<String> cut = new ArrayList<>();
        Chunker.cut(new ByteArrayInputStream(data), (chunk, offset, bytes, from) -> cut.add(chunk + "@" + offset));
        assertThat(cut).hasSize(manifest.chunks().size()).isEqualTo(chunked);
        CRC32C crc = new CRC32C();
        crc.update(data);
        assertThat(manifest.crc32c()).as("the whole's CRC-32C, beside its hash").hasValue(crc.getValue());
    }

    @Test
    void the_scanner_fed_everything_at_once_finds_the_streamed_boundaries() throws IOException {
        byte[] data = random(16 * 1024 * 1024, 42);
        FastCdc.Scanner scanner = new FastCdc.Scanner();
        List<Integer> sizes = new ArrayList<>();
        for (int offset = 0; offset < data.length; ) {
            int taken = scanner.feed(data, offset, data.length);
            int length = taken < 0 ? data.length - offset : taken;
            sizes.add(length);
            offset += length;
        }
        assertThat(sizes).isEqualTo(GOLDEN_SIZES);
    }

    @Test
    void an_insert_or_delete_near_the_start_changes_only_the_chunks_around_it() throws IOException {
        byte[] data = random(40 * 1024 * 1024, 11);
        Manifest before = manifest(data);
        byte[] inserted = new byte[data.length + 100];
        System.arraycopy(data, 0, inserted, 0, 1000);
        System.arraycopy(random(100, 12), 0, inserted, 1000, 100);
        System.arraycopy(data, 1000, inserted, 1100, data.length - 1000);
        byte[] deleted = new byte[data.length - 5000];
        System.arraycopy(data, 0, deleted, 0, 300_000);
        System.arraycopy(data, 305_000, deleted, 300_000, data.length - 305_000);
        byte[] flipped = data.clone();
        flipped[20 * 1024 * 1024] ^= 1;
        for (byte[] edited : List.of(inserted, deleted, flipped)) {
            assertThat(newChunks(before, manifest(edited))).isBetween(1, 2);
        }
    }

    @Test
    void short_content_is_one_chunk_and_nothing_is_no_chunk() throws IOException {
        assertThat(manifest(new byte[0]).chunks()).isEmpty();
        assertThat(manifest(new byte[0]).contentHash()).isEqualTo(ContentHash.of(new byte[0]));
        assertThat(sizes(manifest(random(1, 1)))).containsExactly(1);
        assertThat(sizes(manifest(random(FastCdc.MIN_SIZE, 1)))).containsExactly(FastCdc.MIN_SIZE);
        byte[] zeros = new byte[9 * 1024 * 1024]; // no boundary ever fires in a run of zeros: cut at the maximum
        assertThat(sizes(manifest(zeros))).containsExactly(FastCdc.MAX_SIZE, FastCdc.MAX_SIZE, 1024 * 1024);
    }

    private static int newChunks(Manifest before, Manifest after) {
        Set<String> known = new HashSet<>();
        before.chunks().forEach(c -> known.add(c.hash()));
        return (int) after.chunks().stream().filter(c -> !known.contains(c.hash())).count();
    }

    // Pinned on 2026-11-25 from this implementation; if one of these changes, stored chunks stop matching.
    static final long GEAR_0 = 5779305799481818702L;
    static final long GEAR_255 = 4084539524026234883L;
    static final List<Integer> GOLDEN_SIZES = List.of(1055965, 1200407, 1169225, 1192942, 1647784, 1549461, 1076743,
            1483589, 1304727, 1132097, 1457601, 1140726, 1123546, 242403);
    static final String GOLDEN_FIRST_HASH = "fa08a0816b9bcc7413acbc6469351dad09b48e30dbe980c16fe6aba593f6d50f";
}
