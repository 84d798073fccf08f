package dev.syncr.server.auth;

import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.accounts.Caller;
import dev.syncr.server.accounts.PasswordAccess;
import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.Authentication;
import dev.syncr.server.http.HttpCall;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Who a request comes from: a device token as {@code Authorization: Bearer TOKEN}, or as the password of HTTP Basic
 * with its user's name (for curl -u and tools that only know Basic), or, for a file manager that can hold nothing
 * better, Basic with the account's own password (throttled like a login). With no users at all, and only where the
 * operator allowed it (a loopback address, or --insecure-no-auth), a request without credentials is the open local
 * mode's {@link Caller#OPEN}. A browser signed in to the web page sends its token as a cookie instead (see
 * {@link SessionCookie}). Asked on every request, so a user added or a token revoked by another process counts
 * at once.
 */
public final class Authenticator implements Authentication {

    static final String CHALLENGE_BEARER = "Bearer realm=\"syncr\"";
    static final String CHALLENGE_BASIC = "Basic realm=\"syncr\", charset=\"UTF-8\"";

    private final Accounts accounts;
    private final boolean openModeAllowed;

    public Authenticator(Accounts accounts, boolean openModeAllowed) {
        this.accounts = accounts;
        this.openModeAllowed = openModeAllowed;
    }

    /** No users, and the operator allows requests without credentials: the page opens without a sign-in. */
    boolean openMode() {
        return openModeAllowed && !accounts.anyUsers();
    }

    @Override
    public Caller authenticate(HttpCall call) {
        Optional<String> header = call.header("Authorization");
        if (header.isEmpty()) {
            Optional<String> session = SessionCookie.token(call);
            if (session.isPresent()) {
                Caller caller = accounts.authenticate(session.get()).orElseThrow(() -> unauthorized(call,
                        "your session has ended (signed out or revoked); sign in again"));
                SessionCookie.checkCsrf(call, session.get());
                return caller;
            }
            if (openModeAllowed && !accounts.anyUsers()) {
                OpenModeGuard.check(call);
                return Caller.OPEN;
            }
            throw unauthorized(call, "credentials required: send Authorization: Bearer TOKEN (syncr login, or "
                    + "token create on the server)");
        }
        String value = header.get().strip();
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        String credentials = space < 0 ? "" : value.substring(space + 1).strip();
        Optional<Caller> caller = switch (scheme) {
            case "bearer" -> accounts.authenticate(credentials);
            case "basic" -> {
                // a browser that once answered the Basic challenge sends these by itself, from any site's page
                OpenModeGuard.refuseCrossSite(call);
                yield basic(call, credentials);
            }
            default -> throw unauthorized(call, "unsupported Authorization scheme; use Bearer TOKEN, or Basic with "
                    + "the user name and a token");
        };
        return caller.orElseThrow(() -> unauthorized(call, "the token or password is not valid here (revoked, "
                + "mistyped, or for another server or user)"));
    }

    /**
     * Basic: the user's name with a device token, or, for a client that cannot do better (a file manager mounting
     * WebDAV), with the account's password, checked and throttled like a login.
     */
    private Optional<Caller> basic(HttpCall call, String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String user = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        Optional<Caller> byToken = accounts.authenticate(user, secret);
        if (byToken.isPresent() || Accounts.looksLikeToken(secret)) {
            return byToken;
        }
        return switch (accounts.passwordAccess(user, secret, PASSWORD_DEVICE, call.remoteAddress())) {
            case PasswordAccess.Allowed allowed -> Optional.of(allowed.caller());
            case PasswordAccess.Refused refused -> Optional.empty();
            case PasswordAccess.Throttled throttled -> throw throttled(call, throttled.retryAfter());
            case PasswordAccess.Busy busy -> throw busy(call, busy.retryAfter());
        };
    }

    /** What writes made with the account password (no device token, so no device name) are recorded under. */
    static final String PASSWORD_DEVICE = "password sign-in";

    /** Too many failed password checks for the account or from the address: 429, and when to try again. */
    static ApiException throttled(HttpCall call, java.time.Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        call.responseHeaders().set("Retry-After", Long.toString(seconds));
        return new ApiException(429, "too_many_requests", "too many failed logins; try again in " + seconds + " s");
    }

    /** Every password check the server runs at once is busy: 503, and when to try again. */
    static ApiException busy(HttpCall call, java.time.Duration retryAfter) {
        call.responseHeaders().set("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
        return new ApiException(503, "busy", "the server is checking as many passwords as it can at once; try again");
    }

    /** A 401 with both challenges: the message never repeats what was sent. */
    public static ApiException unauthorized(HttpCall call, String message) {
        call.responseHeaders().add("WWW-Authenticate", CHALLENGE_BEARER);
        // a page's script handles a 401 itself; the Basic challenge would make the browser pop up its own dialog
        if (call.header("Sec-Fetch-Mode").map(mode -> mode.equals("navigate")).orElse(true)) {
            call.responseHeaders().add("WWW-Authenticate", CHALLENGE_BASIC);
        }
        return new ApiException(401, "unauthorized", message);
    }
}
