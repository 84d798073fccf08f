package dev.syncr.server.accounts;

import java.time.Duration;
import java.time.Instant;

/**
 * When a browser's sign-in ends by itself (OWASP ASVS 3.3): after {@code idle} without a request, or {@code lifetime}
 * after it began, whichever comes first. The defaults are Nextcloud's: a day idle, fifteen days in all. A device's
 * token (syncr login, token create) is not a session: it lasts until revoked.
 */
public record SessionLimits(Duration idle, Duration lifetime) {

    public static final SessionLimits DEFAULT = new SessionLimits(Duration.ofDays(1), Duration.ofDays(15));

    public SessionLimits {
        if (idle.isNegative() || idle.isZero() || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("session limits must be positive");
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
