package dev.syncr.api;

/**
 * A conflict the server recorded when a write lost and its content was kept as a conflicted copy.
 *
 * @param status        {@code open} or {@code resolved}
 * @param winnerVersion the version of {@code file_id} that won the race
 * @param copyVersion   the copy's version holding the losing content
 * @param resolution    how it was resolved ({@code original}, {@code copy}, {@code both}, {@code content})
 */
public record ConflictView(long id, String fileId, long baseVersion, long winnerVersion, String copyId,
                           long copyVersion, String clientId, String createdAt, String status, String resolution,
                           String resolvedAt, String resolvedBy) {
}
