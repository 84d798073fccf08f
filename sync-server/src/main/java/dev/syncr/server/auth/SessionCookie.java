package dev.syncr.server.auth;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.HttpCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * A browser's sign-in: a device token like any other (revocable with {@code syncr token revoke}, listed as "Web
 * browser"), carried in an {@code HttpOnly; SameSite=Strict} cookie so page scripts never hold it. A request that
 * the cookie authenticates and that changes something must also carry {@code X-Syncr-CSRF}: a value derived from the
 * token that only a page of this origin can read (from {@code GET /auth/session}), so another site cannot borrow the
 * cookie, even in a browser that ignores SameSite.
 */
final class SessionCookie {

    static final String COOKIE = "syncr_session";
    /**
     * The name over HTTPS: a browser takes a {@code __Host-} cookie only if it is Secure, for this host alone and the
     * whole path, so no subdomain or plain-HTTP page can plant or shadow it.
     */
    static final String HOST_COOKIE = "__Host-" + COOKIE;
    static final String CSRF_HEADER = "X-Syncr-CSRF";

    private SessionCookie() {
    }

    /** The session token from the request's cookies, if it has one (over HTTPS only the {@code __Host-} one). */
    static Optional<String> token(HttpCall call) {
        String name = call.https() ? HOST_COOKIE : COOKIE;
        for (String pair : call.header("Cookie").orElse("").split(";")) {
            String p = pair.strip();
            if (p.startsWith(name + "=") && p.length() > name.length() + 1) {
                return Optional.of(p.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** One-way, so the value the page can read never reveals the token the cookie hides. */
    static String csrf(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("syncr-csrf\0" + token).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Refuses a state-changing request that the cookie authenticates but that lacks this session's CSRF value. */
    static void checkCsrf(HttpCall call, String token) {
        if (call.readOnly()) {
            return;
        }
        String sent = call.header(CSRF_HEADER).orElse("");
        if (!MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                csrf(token).getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "csrf_failed", "a signed-in browser's change must carry " + CSRF_HEADER
                    + " (reload the page); nothing was changed");
        }
    }

    static String cookie(HttpCall call, String token) {
        return name(call) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" + secure(call);
    }

    static String cleared(HttpCall call) {
        return name(call) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + secure(call);
    }

    private static String name(HttpCall call) {
        return call.https() ? HOST_COOKIE : COOKIE;
    }

    /**
     * Secure when the browser reached us over HTTPS: our own TLS, or a TLS-terminating proxy that says so. Believing
     * the header costs nothing: a client that claims HTTPS over plain HTTP only gets a cookie its browser will not
     * send back over plain HTTP.
     */
    private static String secure(HttpCall call) {
        return call.https() ? "; Secure" : "";
    }
}
