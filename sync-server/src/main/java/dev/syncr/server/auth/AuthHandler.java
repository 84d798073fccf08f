package dev.syncr.server.auth;

import dev.syncr.api.ApiJson;
import dev.syncr.api.DeviceTokenIssued;
import dev.syncr.api.Login;
import dev.syncr.api.WebSession;
import dev.syncr.server.accounts.AccountException;
import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.accounts.Caller;
import dev.syncr.server.accounts.DeviceToken;
import dev.syncr.server.accounts.LoginResult;
import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Json;
import dev.syncr.server.http.Request;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /auth/login} (a password for a new device token) and {@code POST /auth/logout} (revoke the token the
 * request came with: a device unlinking itself); for the web page, {@code /auth/session}: GET says who is signed in
 * (and the CSRF value), POST signs in with a cookie, DELETE signs out (see {@link SessionCookie}).
 */
public final class AuthHandler {

    /** A login body is a name and a password; nothing legitimate is near this size. */
    private static final long MAX_BODY = 16 * 1024;

    private final Accounts accounts;
    private final Authenticator authenticator;

    public AuthHandler(Accounts accounts, Authenticator authenticator) {
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    /** {@code POST /auth/login}: a device token for a name and password. */
    public void login(Request r) throws IOException {
        HttpCall call = r.call();
        Login login = Json.readBody(call, MAX_BODY, Login.class,
                "send Content-Type: application/json with {\"username\": ..., \"password\": ..., \"label\": ...}");
        LoginResult.LoggedIn in = check(call, () -> accounts.login(login.username(), login.password(), login.label(),
                call.remoteAddress()), () -> Authenticator.unauthorized(call, "wrong user name or password"));
        DeviceToken token = in.token().details();
        call.respondJson(201, new DeviceTokenIssued(in.token().token(), token.id(), token.user().value(),
                token.label(), ApiJson.time(token.createdAt())));
    }

    /** {@code POST /auth/logout}: revokes the token the request came with (a device unlinking itself). */
    public void logout(Request r) throws IOException {
        if (r.caller().tokenId() == null) {
            throw ApiException.badRequest("this server runs without accounts; there is no token to log out");
        }
        accounts.revoke(r.caller());
        r.call().respondEmpty(204);
    }

    /** {@code GET /auth/session}: who the page is signed in as, and the CSRF value its writes carry. */
    public void session(Request r) throws IOException {
        HttpCall call = r.call();
        Optional<String> token = SessionCookie.token(call);
        Optional<Caller> caller = token.flatMap(accounts::authenticate);
        if (caller.isPresent()) {
            call.respondJson(200, new WebSession(true, false, caller.get().user().value(),
                    SessionCookie.csrf(token.get())));
        } else {
            if (token.isPresent()) {
                call.responseHeaders().add("Set-Cookie", SessionCookie.cleared(call));
            }
            call.respondJson(200, new WebSession(false, authenticator.openMode(), null, null));
        }
    }

    /**
     * {@code POST /auth/session}: the page signs in with a cookie. JSON only: a form on another site cannot send it
     * without the browser asking this server first, so nobody can sign a visitor in to an account of theirs (login
     * CSRF).
     */
    public void signIn(Request r) throws IOException {
        HttpCall call = r.call();
        Login login = Json.readBody(call, MAX_BODY, Login.class,
                "sign-in takes application/json {\"username\": ..., \"password\": ...}");
        // no WWW-Authenticate on a refusal: the page's own form asked, the browser must not ask again in a dialog
        LoginResult.LoggedIn in = check(call, () -> accounts.signIn(login.username(), login.password(),
                call.remoteAddress()), () -> new ApiException(401, "unauthorized", "wrong user name or password"));
        String token = in.token().token();
        call.responseHeaders().add("Set-Cookie", SessionCookie.cookie(call, token));
        call.respondJson(200, new WebSession(true, false, in.token().details().user().value(),
                SessionCookie.csrf(token)));
    }

    /** {@code DELETE /auth/session}: signs the page out, revoking its session. */
    public void signOut(Request r) throws IOException {
        HttpCall call = r.call();
        Optional<String> token = SessionCookie.token(call);
        if (token.isPresent()) {
            Optional<Caller> caller = accounts.authenticate(token.get());
            if (caller.isPresent()) {
                SessionCookie.checkCsrf(call, token.get());
                accounts.revoke(caller.get());
            }
        }
        call.responseHeaders().add("Set-Cookie", SessionCookie.cleared(call));
        call.respondEmpty(204);
    }

    private interface Attempt {
        LoginResult run() throws AccountException;
    }

    /** A password check's result as the API answers it: the token, or the error that says why not. */
    private static LoginResult.LoggedIn check(HttpCall call, Attempt attempt, Supplier<ApiException> refused) {
        LoginResult result;
        try {
            result = attempt.run();
        } catch (AccountException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return switch (result) {
            case LoginResult.LoggedIn in -> in;
            case LoginResult.Refused wrong -> throw refused.get();
            case LoginResult.Throttled throttled -> throw Authenticator.throttled(call, throttled.retryAfter());
            case LoginResult.Busy busy -> throw Authenticator.busy(call, busy.retryAfter());
            case LoginResult.TooManyTokens many -> throw new ApiException(409, "too_many_tokens", "this account holds "
                    + many.limit() + " device tokens, the most allowed; revoke one (syncr token revoke, or the "
                    + "server's token revoke) and sign in again");
        };
    }
}
