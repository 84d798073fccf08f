package dev.syncr.client;

import dev.syncr.core.FileId;
import java.util.List;

/**
 * One entry of the server's feed: a committed version, or a shared folder that appeared in this account's tree at
 * {@code id} ({@link #mounted}) or left it ({@link #unmounted}).
 *
 * @param mount {@code mounted} or {@code unmounted}; null for a version
 */
public record RemoteChange(long cursor, FileId id, long version, boolean deleted, String contentHash, long size,
                           String clientId, String mount) {

    public RemoteChange(long cursor, FileId id, long version, boolean deleted, String contentHash, long size,
                        String clientId) {
        this(cursor, id, version, deleted, contentHash, size, clientId, null);
    }

    public boolean mounted() {
        return "mounted".equals(mount);
    }

    public boolean unmounted() {
        return "unmounted".equals(mount);
    }

    /**
     * A page of the feed; pass {@code cursor} back to read on. {@code storeId} names the server's store (null from a
     * server too old to say): a different one than before means the cursor is meaningless there.
     */
    public record Page(List<RemoteChange> changes, long cursor, boolean hasMore, String storeId) {
    }
}
