package dev.syncr.api;

/**
 * One file's outcome in a batch, as it would have been answered alone.
 *
 * @param status         {@code created}, {@code updated}, {@code unchanged}, {@code conflict}, {@code hash_mismatch}
 *                       or {@code rejected}
 * @param version        the version it is at now (committed or unchanged)
 * @param currentVersion on a conflict: the server's head (0: none)
 * @param message        on a conflict, a mismatch or a rejection: what happened
 */
public record BatchOutcome(String fileId, String status, Long version, String contentHash, Long currentVersion,
                           String message) {
}
