package dev.syncr.core.memory;

import dev.syncr.core.MetadataStore;
import dev.syncr.core.MetadataStoreContract;

class InMemoryMetadataStoreTest extends MetadataStoreContract {

    @Override
    protected MetadataStore createStore() {
        return new InMemoryMetadataStore();
    }
}
