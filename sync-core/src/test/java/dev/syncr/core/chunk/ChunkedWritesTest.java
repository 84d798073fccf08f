package dev.syncr.core.chunk;

import dev.syncr.core.BlobStore;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.memory.InMemoryBlobStore;
import dev.syncr.core.memory.InMemoryMetadataStore;

class ChunkedWritesTest extends ChunkedWritesContract {

    @Override
    protected MetadataStore createMetadata() {
        return new InMemoryMetadataStore();
    }

    @Override
    protected BlobStore createBlobs() {
        return new InMemoryBlobStore();
    }
}
