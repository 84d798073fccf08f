package dev.syncr.api;

import java.util.List;

/** {@code GET /changes}: a page of the feed; pass {@code cursor} back to read on. */
public record Changes(List<ChangeEntry> changes, long cursor, boolean hasMore) {
}
