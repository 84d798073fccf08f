package dev.syncr.api;

import java.util.List;

/** {@code GET /changes}: a page of the feed; pass {@code cursor} back to read on. *
 * <p>{@code store_id} names the store the cursor belongs to (see {@code MetadataStore#storeId}).
 */
public record Changes(List<ChangeEntry> changes, long cursor, boolean hasMore, String storeId) {
}
