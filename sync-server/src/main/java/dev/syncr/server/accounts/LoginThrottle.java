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
 * <p>An attempt is counted as a failure when it starts ({@link #reserve}), before its password is checked, and taken
 * back when the password proves right: so parallel guesses cannot all pass a check made before any of them failed,
 * and an account gets at most its budget of guesses per lockout, however they are sent.
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

    /**
     * Counts an attempt that is about to check a password as failed, unless the account or the address is locked:
     * then how long to wait, and nothing is counted. Each key's check and count are one atomic step.
     */
    synchronized Optional<Duration> reserve(String account, String address) {
        Instant now = clock.instant();
        Duration wait = max(waitOf(accounts, account, now), waitOf(addresses, address, now));
        if (!wait.isZero()) {
            return Optional.of(wait);
        }
        count(accounts, account, perAccount, now);
        count(addresses, address, perAddress, now);
        if (accounts.size() + addresses.size() > SWEEP_ABOVE) {
            accounts.values().removeIf(f -> expired(f, now));
            addresses.values().removeIf(f -> expired(f, now));
        }
        return Optional.empty();
    }

    /**
     * The password was right: the account's run of failures ends, and the address's count loses this attempt (its
     * budget spans accounts, so earlier failures stay).
     */
    synchronized void succeeded(String account, String address) {
        accounts.remove(account);
        uncount(addresses, address, perAddress);
    }

    /** The password could not be checked at all (the server was busy): the attempt is not held against anyone. */
    synchronized void notChecked(String account, String address) {
        uncount(accounts, account, perAccount);
        uncount(addresses, address, perAddress);
    }

    /** Takes back one attempt {@link #reserve} counted; a lock stays only if the count still reaches the limit. */
    private static void uncount(Map<String, Failures> map, String key, int limit) {
        map.computeIfPresent(key, (k, f) -> f.count() <= 1 ? null
                : new Failures(f.count() - 1, f.last(), f.count() - 1 >= limit ? f.lockedUntil() : null));
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
