package dev.syncr.server.accounts;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a browser's sign-in lasts, and how many tokens a user may have. A session ends by itself (OWASP ASVS 3.3)
 * after {@code idle} without a request, or {@code lifetime} after it began, whichever comes first; the defaults are
 * Nextcloud's: a day idle, fifteen days in all. A device's token (syncr login, token create) is not a session: it
 * lasts until revoked. A user holds at most {@code maxPerUser} tokens (so nobody can pile up credentials, or the
 * long-polls and rows that come with them); at the limit, a new one pushes out the user's least recently used
 * browser session, and with none left to push out, it is refused.
 */
public record TokenPolicy(Duration idle, Duration lifetime, int maxPerUser) {

    public static final TokenPolicy DEFAULT = new TokenPolicy(Duration.ofDays(1), Duration.ofDays(15), 100);

    public TokenPolicy {
        if (idle.isNegative() || idle.isZero() || lifetime.isNegative() || lifetime.isZero() || maxPerUser < 1) {
            throw new IllegalArgumentException("session limits and the token limit must be positive");
        }
    }

    /** Whether a session begun at {@code created} and last used at {@code lastUsed} (null: never) has ended. */
    boolean ended(Instant created, Instant lastUsed, Instant now) {
        Instant active = lastUsed == null ? created : lastUsed;
        // last use is recorded to within Accounts.LAST_USED_PRECISION: an idle limit is honoured to within that
        return !now.isBefore(created.plus(lifetime)) || !now.isBefore(active.plus(idle)
                .plus(Accounts.LAST_USED_PRECISION));
    }
}
