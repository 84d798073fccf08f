package dev.syncr.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.BlobStore;
import dev.syncr.core.BlobStoreContract;
import dev.syncr.core.ContentHash;
import dev.syncr.server.S3TestServer;
import java.io.InputStream;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The blob contract against a real S3 API (S3Proxy in-process), one fresh bucket per test. */
class S3BlobStoreTest extends BlobStoreContract {

    static S3TestServer s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Override
    protected BlobStore createStore() throws Exception {
        return S3BlobStore.connect(s3.endpoint(), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, "us-east-1",
                "t-" + UUID.randomUUID());
    }

    @Test
    void content_larger_than_one_part_streams_as_a_multipart_upload() throws Exception {
        long size = 40L * 1024 * 1024 + 123; // three 16 MiB parts
        var source = new dev.syncr.core.StreamingTest.GeneratedContent(size);
        String key;
        try (var staged = store.stage(source)) {
            staged.publish();
            key = staged.ref().storageKey();
            assertThat(staged.ref().size()).isEqualTo(size);
            assertThat(staged.ref().hash()).isEqualTo(source.hash());
        }
        var digest = ContentHash.newDigest();
        try (InputStream in = new java.security.DigestInputStream(store.open(key), digest)) {
            assertThat(in.transferTo(java.io.OutputStream.nullOutputStream())).isEqualTo(size);
        }
        assertThat(java.util.HexFormat.of().formatHex(digest.digest())).isEqualTo(source.hash());
    }
}
