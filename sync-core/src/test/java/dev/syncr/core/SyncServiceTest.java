package dev.syncr.core;

import dev.syncr.core.memory.InMemoryBlobStore;
import dev.syncr.core.memory.InMemoryMetadataStore;
import org.junit.jupiter.api.Nested;

/** The service's rules on memory stores, with small contents and with chunked ones. */
class SyncServiceTest {

    @Nested
    class SmallContents extends SyncServiceContract {
        SmallContents() {
            super(0);
        }

        @Override
        protected MetadataStore createMetadata() {
            return new InMemoryMetadataStore();
        }

        @Override
        protected BlobStore createBlobs() {
            return new InMemoryBlobStore();
        }
    }

    @Nested
    class ChunkedContents extends SyncServiceContract {
        ChunkedContents() {
            super(CHUNKED);
        }

        @Override
        protected MetadataStore createMetadata() {
            return new InMemoryMetadataStore();
        }

        @Override
        protected BlobStore createBlobs() {
            return new InMemoryBlobStore();
        }
    }
}
