package dev.syncr.server.accounts;

import java.time.Duration;

/** How a login with a user name and password ended. */
public sealed interface LoginResult {

    /** Right name and password: a new device token. */
    record LoggedIn(IssuedToken token) implements LoginResult {
    }

    /** Wrong password or no such user; deliberately not told apart. */
    record Refused() implements LoginResult {
    }

    /** Too many failures for this account or from this address; nothing was checked. */
    record Throttled(Duration retryAfter) implements LoginResult {
    }

    /** The password was right, but the user holds as many device tokens as allowed: revoke one first. */
    record TooManyTokens(int limit) implements LoginResult {
    }

    /** Every password check the server runs at once is busy (each holds memory); nothing was checked. */
    record Busy(Duration retryAfter) implements LoginResult {
    }
}
