package dev.syncr.core.gc;

import dev.syncr.core.TestStores;

class GarbageCollectorTest extends GarbageCollectorContract {

    GarbageCollectorTest() {
        super(TestStores.MEMORY);
    }
}
