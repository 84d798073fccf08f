package dev.syncr.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.CommitRequest;
import dev.syncr.core.ContentHash;
import dev.syncr.core.ContentRef;
import dev.syncr.core.FileId;
import dev.syncr.core.fs.FileSystemBlobStore;
import dev.syncr.server.SyncServer;
import dev.syncr.server.jdbc.JdbcMetadataStore;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data dir written before chunks existed (a version's content is one whole blob) keeps serving every version, and
 * the chunked client reads it (whole) and writes the next version as chunks.
 */
class WholeBlobUpgradeTest {

    @TempDir
    Path dir;

    @Test
    void whole_blob_versions_stay_readable_and_the_next_version_is_chunked() throws Exception {
        byte[] old = new byte[9 * 1024 * 1024];
        new SplittableRandom(2).nextBytes(old);
        FileId id = FileId.of("old/archive.bin");
        // as a server before chunks stored it: the whole content as one blob, committed by its key
        Files.createDirectories(dir);
        try (FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("blobs"));
             JdbcMetadataStore metadata = JdbcMetadataStore.open("jdbc:sqlite:" + dir.resolve("syncr.db"), null,
                     null)) {
            ContentRef ref = ContentRef.of(ContentHash.of(old), old.length);
            blobs.put(ref.storageKey(), old, 0, old.length);
            assertThat(ref.chunked()).isFalse();
            metadata.commit(new CommitRequest(id, 0, ref, "old-client", Instant.now()));
        }
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.toString());
             SyncClient client = new SyncClient(server.uri(), "new-client")) {
            Path copy = dir.resolve("copy.bin");
            assertThat(client.getFile(id, copy)).isPresent();
            assertThat(Files.readAllBytes(copy)).isEqualTo(old);

            byte[] edited = old.clone();
            edited[4 * 1024 * 1024] ^= 1;
            Files.write(copy, edited);
            assertThat(client.putFile(id, 1, copy)).isInstanceOf(WriteResult.Committed.class);
            ByteArrayOutputStream v1 = new ByteArrayOutputStream();
            assertThat(client.downloadVersion(id, 1, v1)).isPresent();
            assertThat(ContentHash.of(v1.toByteArray())).isEqualTo(ContentHash.of(old));
            Path again = dir.resolve("again.bin");
            assertThat(client.getFile(id, again).orElseThrow().version()).isEqualTo(2);
            assertThat(Files.readAllBytes(again)).isEqualTo(edited);
        }
    }
}
