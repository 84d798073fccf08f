package dev.syncr.client;

import dev.syncr.core.FileId;
import java.util.List;

/** One committed change in the server's feed. */
public record RemoteChange(long cursor, FileId id, long version, boolean deleted, String contentHash, long size,
                           String clientId) {

    /**
     * A page of the feed; pass {@code cursor} back to read on. {@code storeId} names the server's store (null from a
     * server too old to say): a different one than before means the cursor is meaningless there.
     */
    public record Page(List<RemoteChange> changes, long cursor, boolean hasMore, String storeId) {
    }
}
