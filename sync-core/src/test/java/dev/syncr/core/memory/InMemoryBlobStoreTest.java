package dev.syncr.core.memory;

import dev.syncr.core.BlobStore;
import dev.syncr.core.BlobStoreContract;

class InMemoryBlobStoreTest extends BlobStoreContract {

    @Override
    protected BlobStore createStore() {
        return new InMemoryBlobStore();
    }
}
