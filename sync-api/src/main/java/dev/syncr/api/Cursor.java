package dev.syncr.api;

/** {@code GET /changes/latest}. *
 * <p>{@code store_id} names the store the cursor belongs to (see {@code MetadataStore#storeId}).
 */
public record Cursor(long cursor, String storeId) {
}
