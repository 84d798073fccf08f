package dev.syncr.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.BlobStore;
import dev.syncr.core.BlobStoreContract;
import dev.syncr.server.S3TestServer;
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
    void a_staging_copy_left_by_an_earlier_version_is_swept_and_blobs_stay() throws Exception {
        byte[] half = "half an upload, staged before the crash".getBytes();
        store.put("staging-" + UUID.randomUUID(), half, 0, half.length); // as an earlier version staged uploads
        String kept = put("kept");
        assertThat(store.sweepStaging(java.time.Instant.now().plusSeconds(3600))).isEqualTo(1);
        assertThat(store.sweepStaging(java.time.Instant.now().plusSeconds(3600))).isZero();
        assertThat(store.exists(kept)).isTrue();
    }
}
