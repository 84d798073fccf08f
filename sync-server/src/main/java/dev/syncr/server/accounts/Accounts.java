package dev.syncr.server.accounts;

import dev.syncr.core.Namespace;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Users, passwords and device tokens: the one service both the admin commands and the HTTP edge use. A request is
 * authenticated by a token (never a password: a password costs a slow hash, and a device's token can be revoked
 * alone); a password only buys a new token, through {@link #login}, behind a {@link LoginThrottle}.
 */
public final class Accounts {

    /** A token's last use is written at most this often, so authentication is a read, not a write, per request. */
    public static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    public static final int MAX_LABEL_LENGTH = 64;
    static final int FAILURES_PER_ACCOUNT = 20;
    static final int FAILURES_PER_ADDRESS = 100;

    private final AccountStore store;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final PasswordChecks checks;
    private final TokenPolicy sessions;
    /** The quota of a user who has none of their own ({@code Long.MAX_VALUE}: none); see {@link #defaultQuota}. */
    private volatile long defaultQuota = Long.MAX_VALUE;
    private final InstantSource clock;
    private final RecentPasswords recent = new RecentPasswords();
    /**
     * Checked against when the user does not exist, so an unknown name costs the same time as a wrong password. Made
     * off the start-up path (a hash is tens of milliseconds, more on a small machine) and ready long before a login.
     */
    private final java.util.concurrent.CompletableFuture<String> decoyHash;

    public Accounts(AccountStore store, Passwords passwords, Duration lockout, InstantSource clock) {
        this(store, passwords, lockout, clock, TokenPolicy.DEFAULT);
    }

    public Accounts(AccountStore store, Passwords passwords, Duration lockout, InstantSource clock,
                    TokenPolicy sessions) {
        this.sessions = sessions;
        this.store = store;
        this.passwords = passwords;
        this.clock = clock;
        this.throttle = new LoginThrottle(FAILURES_PER_ACCOUNT, FAILURES_PER_ADDRESS, lockout, clock);
        this.checks = PasswordChecks.forHeap(passwords, Runtime.getRuntime().maxMemory());
        this.decoyHash = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> passwords.hash(TokenSecret.randomHex(16)), Thread.ofVirtual()::start);
    }

    // ---- secrets of links ----------------------------------------------------------------------------------------

    /** A new link token (shown once) and what is kept of it. */
    public record LinkSecret(String token, String tokenHash) {
    }

    public static LinkSecret newLinkSecret() {
        String token = TokenSecret.randomHex(20); // 160 bits
        return new LinkSecret(token, TokenSecret.sha256(token));
    }

    /** What is kept of a link token someone presents. */
    public static String linkTokenHash(String token) {
        return TokenSecret.sha256(token);
    }

    /** A link's password, hashed like an account's. */
    public String hashLinkPassword(String password) {
        return passwords.hash(password);
    }

    /**
     * Checks a link's password, throttled per link and per address like a login (so guessing a link's password is as
     * slow as guessing an account's), on the same bounded pool of password checks.
     *
     * @return the login result's words: {@code LoggedIn} is never returned; {@code Refused}, {@code Throttled},
     *         {@code Busy}, or empty when the password is right
     */
    public Optional<LoginResult> checkLinkPassword(String linkId, String address, String password, String hash) {
        String key = "link:" + linkId;
        Optional<Duration> wait = throttle.reserve(key, address);
        if (wait.isPresent()) {
            return Optional.of(new LoginResult.Throttled(wait.get()));
        }
        Optional<Boolean> right = checks.run(() -> passwords.verify(password, hash));
        if (right.isEmpty()) {
            throttle.notChecked(key, address);
            return Optional.of(new LoginResult.Busy(PasswordChecks.RETRY_AFTER));
        }
        if (right.get()) {
            throttle.succeeded(key, address);
            return Optional.empty();
        }
        return Optional.of(new LoginResult.Refused());
    }

    // ---- users ---------------------------------------------------------------------------------------------------

    /**
     * Adds a user with a new, empty home namespace, or, with {@code adopt}, an existing namespace nobody owns (the
     * open local mode's files, or those of a removed user).
     */
    public User addUser(UserName name, String password, Optional<Namespace> adopt) {
        PasswordPolicy.check(name, password);
        Namespace home = adopt.orElseGet(() -> new Namespace("home-" + TokenSecret.randomHex(10)));
        Instant now = clock.instant();
        if (!store.addUser(name, passwords.hash(password), home, now)) {
            throw new AccountException("user '" + name + "' already exists");
        }
        return new User(name, home, now);
    }

    /**
     * Sets a user's password and ends every browser session of theirs (whoever signed in with the old one is out);
     * with {@code revokeDevices}, every device token too. Returns how many were revoked.
     */
    public int changePassword(UserName name, String password, boolean revokeDevices) {
        PasswordPolicy.check(name, password);
        if (!store.setPasswordHash(name, passwords.hash(password))) {
            throw noSuchUser(name);
        }
        return store.revokeAll(name, revokeDevices);
    }

    /** Removes a user and every token of theirs at once; returns the user, whose home namespace keeps its files. */
    public User removeUser(UserName name) {
        User user = store.user(name).orElseThrow(() -> noSuchUser(name));
        if (!store.removeUser(name)) {
            throw noSuchUser(name);
        }
        return user;
    }

    /** The user of that name, if there is one. */
    public Optional<User> user(UserName name) {
        return users().stream().filter(u -> u.name().equals(name)).findFirst();
    }

    public List<User> users() {
        return store.users();
    }

    public boolean anyUsers() {
        return store.anyUsers();
    }

    /** Sets the quota of users who have none of their own (--default-quota); {@code Long.MAX_VALUE}: none. */
    public void defaultQuota(long bytes) {
        this.defaultQuota = bytes;
    }

    // ---- quotas --------------------------------------------------------------------------------------------------

    /** Sets a user's storage quota in bytes; empty: back to the server's default. */
    public void setQuota(UserName name, java.util.OptionalLong quotaBytes) {
        if (quotaBytes.isPresent() && quotaBytes.getAsLong() < 0) {
            throw new AccountException("a quota is 0 bytes or more");
        }
        if (!store.setQuota(name, quotaBytes.isPresent() ? quotaBytes.getAsLong() : null)) {
            throw noSuchUser(name);
        }
    }

    /** The quota that applies to a user: their own, else the server's default ({@code Long.MAX_VALUE}: none). */
    public long quota(UserName name) {
        if (store.user(name).isEmpty()) {
            throw noSuchUser(name);
        }
        return quotaOf(store.quota(name).orElse(null));
    }

    private long quotaOf(Long own) {
        return own != null ? own : defaultQuota;
    }

    // ---- tokens --------------------------------------------------------------------------------------------------

    public IssuedToken createToken(UserName user, String label) {
        if (store.user(user).isEmpty()) {
            throw noSuchUser(user);
        }
        return issue(user, label);
    }

    /**
     * A device token for a device a signed-in user let in (a login flow): empty when the user is gone or holds as
     * many tokens as allowed.
     */
    public Optional<IssuedToken> issueForDevice(UserName user, String label) {
        if (store.user(user).isEmpty()) {
            return Optional.empty();
        }
        return tryIssue(user, label, false);
    }

    private IssuedToken issue(UserName user, String label) {
        return issue(user, label, false);
    }

    /** A new token, or empty when the user holds as many device tokens as allowed (sessions would have made room). */
    private Optional<IssuedToken> tryIssue(UserName user, String label, boolean session) {
        String token = TokenSecret.newToken();
        DeviceToken details = new DeviceToken(TokenSecret.newId(), user, checkLabel(label), clock.instant(), null);
        if (!store.addToken(details, TokenSecret.sha256(token), session, sessions.maxPerUser())) {
            return Optional.empty();
        }
        return Optional.of(new IssuedToken(token, details));
    }

    private IssuedToken issue(UserName user, String label, boolean session) {
        return tryIssue(user, label, session).orElseThrow(() -> new AccountException("user '" + user + "' holds "
                + sessions.maxPerUser() + " device tokens, the most allowed (--max-tokens-per-user); revoke some "
                + "(token list, token revoke)"));
    }

    public List<DeviceToken> tokens(UserName user) {
        if (store.user(user).isEmpty()) {
            throw noSuchUser(user);
        }
        return store.tokens(user);
    }

    public void revokeToken(String id) {
        if (!store.revokeToken(id, null)) {
            throw new AccountException("no token with id '" + id + "' (see: token list NAME)");
        }
    }

    /** Revokes the token a caller authenticated with (a device logging out); false if it was already gone. */
    public boolean revoke(Caller caller) {
        return caller.tokenId() != null && store.revokeToken(caller.tokenId(), caller.user());
    }

    /** The caller a token stands for, or empty if it is malformed, unknown or revoked. */
    public Optional<Caller> authenticate(String token) {
        if (!TokenSecret.wellFormed(token)) {
            return Optional.empty();
        }
        return store.tokenBySecret(TokenSecret.sha256(token)).filter(match -> {
            if (match.session() && sessions.ended(match.createdAt(), match.lastUsedAt(), clock.instant())) {
                store.revokeToken(match.tokenId(), null); // over: gone for good, like a sign-out
                return false;
            }
            return true;
        }).map(match -> {
            Instant now = clock.instant();
            if (match.lastUsedAt() == null || match.lastUsedAt().plus(LAST_USED_PRECISION).isBefore(now)) {
                store.touch(match.tokenId(), now);
            }
            return new Caller(match.user(), match.tokenId(), match.home(), match.label(),
                    quotaOf(match.quotaBytes()));
        });
    }

    /** Whether a secret has a device token's shape (then it is never tried as a password). */
    public static boolean looksLikeToken(String secret) {
        return TokenSecret.wellFormed(secret);
    }

    /** As {@link #authenticate(String)}, for HTTP Basic: the token must also be that user's. */
    public Optional<Caller> authenticate(String user, String token) {
        return authenticate(token).filter(caller -> caller.user().value().equals(user.strip()
                .toLowerCase(Locale.ROOT)));
    }

    // ---- login ---------------------------------------------------------------------------------------------------

    /** Checks a password and, if right, issues a new device token labelled {@code label}. */
    public LoginResult login(String user, String password, String label, String address) {
        return login(user, password, label, address, false);
    }

    /** As {@link #login}, for a browser: the token is a session, which ends by itself (see {@link TokenPolicy}). */
    public LoginResult signIn(String user, String password, String address) {
        return login(user, password, "Web browser", address, true);
    }

    private LoginResult login(String user, String password, String label, String address, boolean session) {
        String account = user == null ? "" : user.strip().toLowerCase(Locale.ROOT);
        if (account.length() > 64) {
            account = account.substring(0, 64);
        }
        String checkedLabel = checkLabel(label);
        Optional<Duration> wait = throttle.reserve(account, address);
        if (wait.isPresent()) {
            return new LoginResult.Throttled(wait.get());
        }
        String key = account;
        Optional<LoginResult> result = checks.run(() -> check(key, password, checkedLabel, address, session));
        if (result.isEmpty()) {
            throttle.notChecked(key, address);
            return new LoginResult.Busy(PasswordChecks.RETRY_AFTER);
        }
        return result.get();
    }

    private LoginResult check(String account, String password, String checkedLabel, String address,
                              boolean session) {
        UserName name = null;
        Optional<String> hash = Optional.empty();
        try {
            name = new UserName(account);
            hash = store.passwordHash(name);
        } catch (AccountException malformed) {
            // not a possible name: answered like an unknown one
        }
        boolean right = passwords.verify(password == null ? "" : password, hash.orElseGet(decoyHash::join))
                && hash.isPresent();
        if (!right) {
            return new LoginResult.Refused(); // counted as failed when it started
        }
        throttle.succeeded(account, address);
        if (passwords.outdated(hash.get())) {
            store.setPasswordHash(name, passwords.hash(password));
        }
        return tryIssue(name, checkedLabel, session).<LoginResult>map(LoginResult.LoggedIn::new)
                .orElseGet(() -> new LoginResult.TooManyTokens(sessions.maxPerUser()));
    }

    /**
     * The caller a user's own password stands for, for a client that can only send it with every request (WebDAV
     * over Basic): throttled and checked on the bounded pool like a login, and remembered for a few minutes once
     * right (see {@link RecentPasswords}). Writes are recorded under {@code device}.
     */
    public PasswordAccess passwordAccess(String user, String password, String device, String address) {
        String account = user == null ? "" : user.strip().toLowerCase(Locale.ROOT);
        UserName name;
        try {
            name = new UserName(account);
        } catch (AccountException malformed) {
            return new PasswordAccess.Refused();
        }
        Optional<String> stored = store.passwordHash(name);
        String given = password == null ? "" : password;
        if (stored.isPresent() && recent.known(account, given, stored.get(), clock.instant())) {
            return callerOf(name, device);
        }
        Optional<Duration> wait = throttle.reserve(account, address);
        if (wait.isPresent()) {
            return new PasswordAccess.Throttled(wait.get());
        }
        Optional<Boolean> right = checks.run(() -> passwords.verify(given, stored.orElseGet(decoyHash::join))
                && stored.isPresent());
        if (right.isEmpty()) {
            throttle.notChecked(account, address);
            return new PasswordAccess.Busy(PasswordChecks.RETRY_AFTER);
        }
        if (!right.get()) {
            return new PasswordAccess.Refused(); // counted as failed when it started
        }
        throttle.succeeded(account, address);
        recent.remember(account, given, stored.get(), clock.instant());
        return callerOf(name, device);
    }

    private PasswordAccess callerOf(UserName name, String device) {
        return store.user(name).<PasswordAccess>map(u -> new PasswordAccess.Allowed(new Caller(name, null, u.home(),
                device, quotaOf(store.quota(name).orElse(null))))).orElseGet(PasswordAccess.Refused::new);
    }

    private static String checkLabel(String label) {
        String l = label == null || label.isBlank() ? "device" : label.strip();
        if (l.length() > MAX_LABEL_LENGTH || l.chars().anyMatch(Character::isISOControl)) {
            throw new AccountException("a token label is at most " + MAX_LABEL_LENGTH + " printable characters");
        }
        return l;
    }

    private static AccountException noSuchUser(UserName name) {
        return new AccountException("no user '" + name + "' (see: user list)");
    }
}
