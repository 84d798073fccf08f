package dev.syncr.core.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.BlobStore;
import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.Namespace;
import dev.syncr.core.SyncService;
import dev.syncr.core.TestStores;
import dev.syncr.core.UploadRequest;
import dev.syncr.core.WriteOutcome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chunk protocol's rules in {@link SyncService}: upload, ask, commit, read, and who may use which chunk. A
 * contract: run on memory stores here and on SQLite + files and PostgreSQL + S3 by the server's tests.
 */
public abstract class ChunkedWritesContract {

    private final TestStores stores;
    protected MetadataStore metadata;
    protected BlobStore blobs;
    SyncService server;
    SyncService alice;
    SyncService bob;

    protected ChunkedWritesContract(TestStores stores) {
        this.stores = stores;
    }

    @BeforeEach
    void openStores() throws Exception {
        metadata = stores.metadata();
        blobs = stores.blobs(java.time.Clock.systemUTC());
        server = new SyncService(metadata, blobs);
        alice = server.in(new Namespace("alice"));
        bob = server.in(new Namespace("bob"));
    }

    @AfterEach
    void closeStores() throws Exception {
        metadata.close();
    }
    final FileId doc = FileId.of("big.bin");

    /** Chunks content as a client would and uploads the chunks the namespace is missing. */
    static Manifest upload(SyncService as, byte[] content) throws IOException {
        List<byte[]> pieces = new ArrayList<>();
        Manifest manifest = Chunker.chunk(new ByteArrayInputStream(content), (chunk, offset, data, from) -> {
            byte[] copy = new byte[chunk.size()];
            System.arraycopy(data, from, copy, 0, chunk.size());
            pieces.add(copy);
        });
        List<String> missing = as.missingChunks(manifest.chunks().stream().map(ChunkRef::hash).toList());
        for (int i = 0; i < manifest.chunks().size(); i++) {
            ChunkRef chunk = manifest.chunks().get(i);
            if (missing.contains(chunk.hash())) {
                assertThat(as.putChunk(chunk.hash(), new ByteArrayInputStream(pieces.get(i))))
                        .isEqualTo(new ChunkUpload.Stored(chunk));
            }
        }
        return manifest;
    }

    static byte[] read(SyncService as, FileVersion version, long offset, long length) throws IOException {
        try (InputStream in = as.open(version.content(), offset, length)) {
            return in.readAllBytes();
        }
    }

    @Test
    void content_committed_as_chunks_reads_back_whole_and_in_ranges_across_chunk_boundaries() throws IOException {
        byte[] content = FastCdcTest.random(6 * 1024 * 1024 + 77, 5);
        Manifest manifest = upload(alice, content);
        assertThat(manifest.chunks()).hasSizeGreaterThan(2);
        WriteOutcome outcome = alice.commitManifest(doc, 0, manifest, "A");
        FileVersion v1 = ((WriteOutcome.Committed) outcome).version();
        assertThat(v1.hash()).isEqualTo(ContentHash.of(content));
        assertThat(v1.content().chunked()).isTrue();
        assertThat(read(alice, v1, 0, -1)).isEqualTo(content);
        int boundary = manifest.chunks().getFirst().size();
        byte[] across = read(alice, v1, boundary - 10, 20);
        assertThat(across).isEqualTo(java.util.Arrays.copyOfRange(content, boundary - 10, boundary + 10));
        assertThat(alice.manifestOf(v1)).contains(manifest);

        assertThat(alice.commitManifest(doc, 0, manifest, "B")).as("the same content again")
                .isInstanceOf(WriteOutcome.Unchanged.class);
        assertThat(alice.commitManifest(doc, 0, upload(alice, new byte[] {9}), "B"))
                .isInstanceOf(WriteOutcome.Conflict.class);
    }

    @Test
    void a_namespace_cannot_use_a_chunk_it_has_not_uploaded_even_if_another_stored_it() throws IOException {
        byte[] content = FastCdcTest.random(3 * 1024 * 1024, 6);
        Manifest manifest = upload(alice, content);
        List<String> hashes = manifest.chunks().stream().map(ChunkRef::hash).toList();
        assertThat(bob.missingChunks(hashes)).as("what alice stores is missing for bob").isEqualTo(hashes);
        assertThat(bob.openChunk(hashes.getFirst())).isEmpty();
        WriteOutcome stolen = bob.commitManifest(doc, 0, manifest, "B");
        assertThat(stolen).isEqualTo(new WriteOutcome.MissingChunks(doc, hashes));
        assertThat(bob.metadata(doc)).isEmpty();

        assertThat(bob.putChunk(hashes.getFirst(), new ByteArrayInputStream(new byte[] {1, 2, 3})))
                .as("claiming alice's hash with other bytes").isInstanceOf(ChunkUpload.HashMismatch.class);
        assertThat(bob.missingChunks(hashes)).contains(hashes.getFirst());
        upload(bob, content); // with the real bytes bob may use them: he has them anyway
        assertThat(bob.commitManifest(doc, 0, manifest, "B")).isInstanceOf(WriteOutcome.Committed.class);
    }

    @Test
    void the_server_keeps_the_crc32c_of_the_bytes_it_stored_whoever_chunked_them() throws IOException {
        byte[] content = FastCdcTest.random(3 * 1024 * 1024 + 3, 9);
        CRC32C crc = new CRC32C();
        crc.update(content);
        Manifest chunked = upload(alice, content);
        assertThat(chunked.crc32c()).as("the chunker's").hasValue(crc.getValue());

        // a client declares no CRC: the server computes it from the bytes it reads back before committing
        Manifest declared = new Manifest(chunked.chunks(), chunked.contentHash(), chunked.size());
        FileVersion v1 = ((WriteOutcome.Committed) alice.commitManifest(doc, 0, declared, "A")).version();
        assertThat(alice.manifestOf(v1).orElseThrow().crc32c()).hasValue(crc.getValue());
        try (var whole = alice.openWhole(v1.content())) {
            assertThat(whole.crc32c()).hasValue(crc.getValue());
            assertThat(whole.bytes().readAllBytes()).isEqualTo(content);
        }

        // sent as one stream, the server chunks it itself
        FileVersion streamed = ((WriteOutcome.Committed) bob.upload(new UploadRequest(doc, 0,
                new ByteArrayInputStream(content), "B"))).version();
        try (var whole = bob.openWhole(streamed.content())) {
            assertThat(whole.crc32c()).hasValue(crc.getValue());
        }

        // content stored as one blob, a chunk or inline has no manifest to keep a CRC in: checked by its SHA-256
        FileVersion small = ((WriteOutcome.Committed) alice.upload(new UploadRequest(FileId.of("small.txt"), 0,
                new ByteArrayInputStream(new byte[] {1, 2, 3}), "A"))).version();
        try (var whole = alice.openWhole(small.content())) {
            assertThat(whole.crc32c()).isEmpty();
            assertThat(whole.bytes().readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void a_manifest_whose_content_hash_is_not_its_bytes_is_refused() throws IOException {
        Manifest real = upload(alice, FastCdcTest.random(1024 * 1024, 8));
        Manifest lying = new Manifest(real.chunks(), ContentHash.of(new byte[] {0}), real.size());
        assertThat(alice.commitManifest(doc, 0, lying, "A")).isInstanceOf(WriteOutcome.HashMismatch.class);
        assertThat(alice.metadata(doc)).isEmpty();
    }

    @Test
    void empty_and_oversized_chunks_are_refused_and_an_empty_file_commits() throws IOException {
        assertThat(alice.putChunk(ContentHash.of(new byte[0]), InputStream.nullInputStream()))
                .isEqualTo(new ChunkUpload.BadSize(0));
        byte[] tooBig = new byte[FastCdc.MAX_SIZE + 1];
        assertThat(alice.putChunk(ContentHash.of(tooBig), new ByteArrayInputStream(tooBig)))
                .isInstanceOf(ChunkUpload.BadSize.class);
        Manifest empty = Chunker.manifest(InputStream.nullInputStream());
        FileVersion v = ((WriteOutcome.Committed) alice.commitManifest(FileId.of("empty"), 0, empty, "A")).version();
        assertThat(read(alice, v, 0, -1)).isEmpty();
    }

    @Test
    void chunks_of_any_size_up_to_the_largest_are_stored_whole_however_the_bytes_arrive() throws IOException {
        // around the size the server reads into first (twice the average), and the largest allowed
        for (int size : new int[] {1, 2 * FastCdc.AVERAGE_SIZE - 1, 2 * FastCdc.AVERAGE_SIZE,
                2 * FastCdc.AVERAGE_SIZE + 1, FastCdc.MAX_SIZE}) {
            byte[] chunk = FastCdcTest.random(size, size);
            String hash = ContentHash.of(chunk);
            InputStream trickling = new java.io.FilterInputStream(new ByteArrayInputStream(chunk)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(len, 1000)); // as a slow connection hands them over
                }
            };
            assertThat(alice.putChunk(hash, trickling)).isEqualTo(new ChunkUpload.Stored(new ChunkRef(hash, size)));
            try (InputStream stored = alice.openChunk(hash).orElseThrow()) {
                assertThat(stored.readAllBytes()).isEqualTo(chunk);
            }
        }
    }

    @Test
    void an_edit_needs_only_the_chunks_around_it() throws IOException {
        byte[] content = FastCdcTest.random(12 * 1024 * 1024, 10);
        Manifest first = upload(alice, content);
        alice.commitManifest(doc, 0, first, "A");
        byte[] edited = content.clone();
        edited[6 * 1024 * 1024] ^= 0x55;
        Manifest second = Chunker.manifest(new ByteArrayInputStream(edited));
        assertThat(alice.missingChunks(second.chunks().stream().map(ChunkRef::hash).toList())).hasSizeBetween(1, 2);
    }
}
