package dev.syncr.api;

/** {@code GET /changes/longpoll}: whether something changed after the caller's cursor, and the latest cursor. */
public record LongPoll(boolean changes, long cursor) {
}
