package dev.syncr.server.http;

import dev.syncr.api.ApiJson;
import dev.syncr.api.DeviceTokenIssued;
import dev.syncr.api.Login;
import dev.syncr.api.WebSession;
import dev.syncr.server.accounts.AccountException;
import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.accounts.Caller;
import dev.syncr.server.accounts.DeviceToken;
import dev.syncr.server.accounts.LoginResult;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code POST /auth/login} (a password for a new device token) and {@code POST /auth/logout} (revoke the token the
 * request came with: a device unlinking itself); for the web page, {@code /auth/session}: GET says who is signed in
 * (and the CSRF value), POST signs in with a cookie, DELETE signs out (see {@link SessionCookie}).
 */
final class AuthHandler {

    /** A login body is a name and a password; nothing legitimate is near this size. */
    private static final long MAX_BODY = 16 * 1024;

    private final Accounts accounts;
    private final Authenticator authenticator;

    AuthHandler(Accounts accounts, Authenticator authenticator) {
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    void handle(HttpCall call) throws IOException {
        if (call.rawPath().equals("/auth/session")) {
            session(call);
            return;
        }
        if (!call.method().equals("POST")) {
            call.responseHeaders().set("Allow", "POST");
            throw FilesHandler.methodNotAllowed("POST");
        }
        switch (call.rawPath()) {
            case "/auth/login" -> login(call);
            case "/auth/logout" -> logout(call);
            default -> throw ApiException.notFound("no such endpoint: " + HttpCall.abbreviate(call.rawPath()));
        }
    }

    private void login(HttpCall call) throws IOException {
        Login login = Json.readBody(call, MAX_BODY, Login.class,
                "send Content-Type: application/json with {\"username\": ..., \"password\": ..., \"label\": ...}");
        LoginResult result;
        try {
            result = accounts.login(login.username(), login.password(), login.label(), call.remoteAddress());
        } catch (AccountException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        switch (result) {
            case LoginResult.LoggedIn in -> {
                DeviceToken token = in.token().details();
                call.responseHeaders().set("Cache-Control", "no-store");
                call.respondJson(201, new DeviceTokenIssued(in.token().token(), token.id(), token.user().value(),
                        token.label(), ApiJson.time(token.createdAt())));
            }
            case LoginResult.Refused refused -> throw Authenticator.unauthorized(call, "wrong user name or password");
            case LoginResult.Throttled throttled -> throw throttled(call, throttled);
            case LoginResult.Busy busy -> throw busy(call, busy);
            case LoginResult.TooManyTokens many -> throw new ApiException(409, "too_many_tokens", "this account holds "
                    + many.limit() + " device tokens, the most allowed; revoke one (syncr token revoke, or the "
                    + "server's token revoke) and sign in again");
        }
    }

    private void session(HttpCall call) throws IOException {
        call.responseHeaders().set("Cache-Control", "no-store");
        switch (call.method()) {
            case "GET", "HEAD" -> {
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
            case "POST" -> signIn(call);
            case "DELETE" -> {
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
            default -> {
                call.responseHeaders().set("Allow", "GET, HEAD, POST, DELETE");
                throw FilesHandler.methodNotAllowed("GET, POST or DELETE");
            }
        }
    }

    /**
     * JSON only: a form on another site cannot send it without the browser asking this server first, so nobody
     * can sign a visitor in to an account of theirs (login CSRF).
     */
    private void signIn(HttpCall call) throws IOException {
        Login login = Json.readBody(call, MAX_BODY, Login.class,
                "sign-in takes application/json {\"username\": ..., \"password\": ...}");
        LoginResult result;
        try {
            result = accounts.signIn(login.username(), login.password(), call.remoteAddress());
        } catch (AccountException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        switch (result) {
            case LoginResult.LoggedIn in -> {
                String token = in.token().token();
                call.responseHeaders().add("Set-Cookie", SessionCookie.cookie(call, token));
                call.respondJson(200, new WebSession(true, false, in.token().details().user().value(),
                        SessionCookie.csrf(token)));
            }
            // no WWW-Authenticate here: a page's own form said it, the browser must not ask again in a dialog
            case LoginResult.Refused refused -> throw new ApiException(401, "unauthorized",
                    "wrong user name or password");
            case LoginResult.Throttled throttled -> throw throttled(call, throttled);
            case LoginResult.Busy busy -> throw busy(call, busy);
            case LoginResult.TooManyTokens many -> throw new ApiException(409, "too_many_tokens", "this account holds "
                    + many.limit() + " device tokens, the most allowed; revoke one (syncr token revoke, or the "
                    + "server's token revoke) and sign in again");
        }
    }

    private static ApiException busy(HttpCall call, LoginResult.Busy busy) {
        call.responseHeaders().set("Retry-After", Long.toString(Math.max(1, busy.retryAfter().toSeconds())));
        return new ApiException(503, "busy", "the server is checking as many passwords as it can at once; try again");
    }

    private static ApiException throttled(HttpCall call, LoginResult.Throttled throttled) {
        long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
        call.responseHeaders().set("Retry-After", Long.toString(seconds));
        return new ApiException(429, "too_many_requests", "too many failed logins; try again in " + seconds + " s");
    }

    private void logout(HttpCall call) throws IOException {
        Caller caller = authenticator.authenticate(call);
        if (caller.tokenId() == null) {
            throw ApiException.badRequest("this server runs without accounts; there is no token to log out");
        }
        accounts.revoke(caller);
        call.respondEmpty(204);
    }
}
