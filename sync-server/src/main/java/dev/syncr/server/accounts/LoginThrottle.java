package dev.syncr.server.accounts;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brute-force brakes for password logins (OWASP ASVS 6.3): an account is locked for a while after
 * {@code perAccount} consecutive failures, and an address after {@code perAddress} failures across all accounts
 * (one address trying one password against many names). Failures are forgotten a lockout's length after the last
 * one. Unknown user names are counted like real ones, so a lockout does not reveal which names exist.
 *
 * <p>Counts live in this process: several server processes each allow their own budget, which multiplies an
 * attacker's rate by the number of processes but not more.
 */
final class LoginThrottle {

    /** Beyond this many tracked names and addresses, expired entries are swept on every failure. */
    private static final int SWEEP_ABOVE = 10_000;

    private final int perAccount;
    private final int perAddress;
    private final Duration lockout;
    private final InstantSource clock;
    private final Map<String, Failures> accounts = new ConcurrentHashMap<>();
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();

    LoginThrottle(int perAccount, int perAddress, Duration lockout, InstantSource clock) {
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** Failures so far and, once locked, until when. */
    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    /** How long this attempt must wait, or empty if it may go ahead. */
    Optional<Duration> wait(String account, String address) {
        Instant now = clock.instant();
        Duration wait = max(waitOf(accounts, account, now), waitOf(addresses, address, now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    void failed(String account, String address) {
        Instant now = clock.instant();
        count(accounts, account, perAccount, now);
        count(addresses, address, perAddress, now);
        if (accounts.size() + addresses.size() > SWEEP_ABOVE) {
            accounts.values().removeIf(f -> expired(f, now));
            addresses.values().removeIf(f -> expired(f, now));
        }
    }

    /** A success ends the account's run of failures; the address keeps its count (its budget spans accounts). */
    void succeeded(String account) {
        accounts.remove(account);
    }

    private Duration waitOf(Map<String, Failures> map, String key, Instant now) {
        Failures f = map.get(key);
        if (f == null || f.lockedUntil() == null) {
            return Duration.ZERO;
        }
        if (!now.isBefore(f.lockedUntil())) {
            map.remove(key, f); // the lockout has passed: a fresh start
            return Duration.ZERO;
        }
        return Duration.between(now, f.lockedUntil());
    }

    private void count(Map<String, Failures> map, String key, int limit, Instant now) {
        map.compute(key, (k, f) -> {
            int count = f == null || expired(f, now) ? 1 : f.count() + 1;
            return new Failures(count, now, count >= limit ? now.plus(lockout) : null);
        });
    }

    private boolean expired(Failures f, Instant now) {
        Instant end = f.lockedUntil() != null ? f.lockedUntil() : f.last().plus(lockout);
        return !now.isBefore(end);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
