package dev.syncr.api;

/** {@code GET /changes/longpoll}: whether something changed after the caller's cursor, and the latest cursor. *
 * <p>{@code store_id} names the store the cursor belongs to (see {@code MetadataStore#storeId}).
 */
public record LongPoll(boolean changes, long cursor, String storeId) {
}
