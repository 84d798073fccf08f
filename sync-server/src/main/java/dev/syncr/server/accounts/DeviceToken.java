package dev.syncr.server.accounts;

import java.time.Instant;

/**
 * What the server knows of one device's credential: never the token itself, which only its holder has.
 *
 * @param id         short and public: how {@code token list} shows it and {@code token revoke} names it
 * @param lastUsedAt when it last authenticated a request (to within {@link Accounts#LAST_USED_PRECISION}), or null
 */
public record DeviceToken(String id, UserName user, String label, Instant createdAt, Instant lastUsedAt) {
}
