package dev.syncr.api;

/** {@code GET /changes/latest}. */
public record Cursor(long cursor) {
}
