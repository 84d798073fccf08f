package dev.syncr.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.memory.InMemoryBlobStore;
import dev.syncr.core.memory.InMemoryMetadataStore;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Storing a chunk another account holds must cost what storing a new one costs, or its time would tell the caller
 * that someone stores that content. Checked by what reaches the blob store, not by a clock.
 */
class ChunkTimingTest {

    @Test
    void a_chunk_someone_else_holds_is_written_like_a_new_one_and_only_a_callers_own_is_skipped() throws Exception {
        InMemoryBlobStore real = new InMemoryBlobStore();
        List<String> calls = new CopyOnWriteArrayList<>();
        BlobStore recording = (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(),
                new Class<?>[] {BlobStore.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("put")) {
                        calls.add(method.getName());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        SyncService server = new SyncService(new InMemoryMetadataStore(), recording);
        byte[] chunk = new byte[300 * 1024];
        new Random(5).nextBytes(chunk);
        String hash = ContentHash.of(chunk);

        server.in(new Namespace("alice")).putChunk(hash, new ByteArrayInputStream(chunk));
        server.in(new Namespace("bob")).putChunk(hash, new ByteArrayInputStream(chunk));
        server.in(new Namespace("alice")).putChunk(hash, new ByteArrayInputStream(chunk));

        assertThat(calls).as("new for alice, someone else's for bob: both written; alice's own again: skipped")
                .containsExactly("put", "put", "putIfAbsent");
    }
}
