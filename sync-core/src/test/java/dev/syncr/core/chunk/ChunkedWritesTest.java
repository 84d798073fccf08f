package dev.syncr.core.chunk;

import dev.syncr.core.TestStores;

class ChunkedWritesTest extends ChunkedWritesContract {

    ChunkedWritesTest() {
        super(TestStores.MEMORY);
    }
}
