package dev.syncr.server.http;

import dev.syncr.api.ApiJson;
import dev.syncr.api.DeviceTokenIssued;
import dev.syncr.api.Login;
import dev.syncr.server.accounts.AccountException;
import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.accounts.Caller;
import dev.syncr.server.accounts.DeviceToken;
import dev.syncr.server.accounts.LoginResult;
import java.io.IOException;

/**
 * {@code POST /auth/login} (a password for a new device token) and {@code POST /auth/logout} (revoke the token the
 * request came with: a device unlinking itself).
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
        Login login = Json.read(call.body(MAX_BODY), Login.class);
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
            case LoginResult.Throttled throttled -> {
                long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
                call.responseHeaders().set("Retry-After", Long.toString(seconds));
                throw new ApiException(429, "too_many_requests", "too many failed logins; try again in " + seconds
                        + " s");
            }
        }
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
