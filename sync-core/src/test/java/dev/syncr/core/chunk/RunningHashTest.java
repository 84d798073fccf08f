package dev.syncr.core.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The whole content's hash taken as chunks arrive, in any order, from any number of threads. */
class RunningHashTest {

    final Random random = new Random(11);
    final List<byte[]> chunks = new ArrayList<>();
    final List<ChunkRef> refs = new ArrayList<>();
    final List<Long> offsets = new ArrayList<>();
    final Map<String, byte[]> stored = new HashMap<>();
    final ByteArrayOutputStream whole = new ByteArrayOutputStream();
    final RunningHash.Reader reader = c -> new ByteArrayInputStream(stored.get(c.hash()));

    RunningHashTest() {
        long offset = 0;
        for (int i = 0; i < 64; i++) {
            byte[] chunk = new byte[1 + random.nextInt(20_000)];
            random.nextBytes(chunk);
            chunks.add(chunk);
            refs.add(new ChunkRef(ContentHash.of(chunk), chunk.length));
            offsets.add(offset);
            offset += chunk.length;
            stored.put(refs.get(i).hash(), chunk);
            whole.writeBytes(chunk);
        }
    }

    private void arrive(RunningHash hash, int i) {
        hash.arrived(offsets.get(i), refs.get(i), chunks.get(i), 0, reader);
    }

    private void assertWhole(RunningHash.Prefix prefix) {
        assertThat(prefix.chunks()).isEqualTo(chunks.size());
        assertThat(HexFormat.of().formatHex(prefix.sha().digest())).isEqualTo(ContentHash.of(whole.toByteArray()));
        CRC32C crc = new CRC32C();
        crc.update(whole.toByteArray());
        assertThat(prefix.crc().getValue()).isEqualTo(crc.getValue());
    }

    @RepeatedTest(20)
    void chunks_arriving_in_any_order_on_many_threads_make_the_whole_contents_hash() throws Exception {
        RunningHash hash = new RunningHash();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            order.add(i);
            order.add(i); // and each sent twice, as a retry does
        }
        Collections.shuffle(order, random);
        try (ExecutorService streams = Executors.newFixedThreadPool(8)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i : order) {
                sent.add(streams.submit(() -> arrive(hash, i)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        assertWhole(hash.take(refs));
    }

    @Test
    void a_manifest_that_does_not_begin_with_the_chunks_fed_gets_nothing() {
        RunningHash hash = new RunningHash();
        for (int i = 0; i < chunks.size(); i++) {
            arrive(hash, i);
        }
        List<ChunkRef> other = new ArrayList<>(refs);
        Collections.swap(other, 3, 4);
        assertThat(hash.take(other).chunks()).isZero();

        RunningHash half = new RunningHash();
        for (int i = 0; i < chunks.size() / 2; i++) {
            arrive(half, i);
        }
        assertThat(half.take(refs).chunks()).as("the first half, the rest read back").isEqualTo(chunks.size() / 2);
    }

    @Test
    void an_upload_too_far_out_of_order_or_with_a_chunk_gone_is_given_up_at_what_was_fed() {
        RunningHash gone = new RunningHash();
        stored.remove(refs.get(1).hash());
        arrive(gone, 1);
        arrive(gone, 2);
        arrive(gone, 0); // feeds 0, then cannot read 1 back
        arrive(gone, 3);
        assertThat(gone.take(refs).chunks()).isEqualTo(1);
    }
}
