package dev.syncr.api;

/**
 * {@code GET /account}: who the caller is and what their files hold against their quota.
 *
 * @param username   null on a server without accounts
 * @param usageBytes what the live files hold, each distinct content counted once (history and deleted files do not
 *                   count)
 * @param quotaBytes what they may hold; null: no limit
 */
public record AccountInfo(String username, long usageBytes, Long quotaBytes) {
}
