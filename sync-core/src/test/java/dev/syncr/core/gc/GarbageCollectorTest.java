package dev.syncr.core.gc;

import dev.syncr.core.BlobStore;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.memory.InMemoryBlobStore;
import dev.syncr.core.memory.InMemoryMetadataStore;
import java.time.Clock;

class GarbageCollectorTest extends GarbageCollectorContract {

    @Override
    protected MetadataStore createMetadata() {
        return new InMemoryMetadataStore();
    }

    @Override
    protected BlobStore createBlobs(Clock clock) {
        return new InMemoryBlobStore(clock);
    }
}
