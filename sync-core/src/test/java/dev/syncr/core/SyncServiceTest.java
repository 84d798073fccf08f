package dev.syncr.core;

import org.junit.jupiter.api.Nested;

/** The service's rules on memory stores, with small contents and with chunked ones. */
class SyncServiceTest {

    @Nested
    class SmallContents extends SyncServiceContract {
        SmallContents() {
            super(0, TestStores.MEMORY);
        }
    }

    @Nested
    class ChunkedContents extends SyncServiceContract {
        ChunkedContents() {
            super(CHUNKED, TestStores.MEMORY);
        }
    }
}
