package dev.syncr.server.accounts;

import java.time.Duration;

/**
 * How a request signed with the account's own password (HTTP Basic from a client that cannot hold a device token)
 * ended: the caller, or why not. Checked and throttled exactly like a login.
 */
public sealed interface PasswordAccess {

    record Allowed(Caller caller) implements PasswordAccess {
    }

    /** Wrong password or no such user; deliberately not told apart. */
    record Refused() implements PasswordAccess {
    }

    /** Too many failures for this account or from this address; nothing was checked. */
    record Throttled(Duration retryAfter) implements PasswordAccess {
    }

    /** Every password check the server runs at once is busy; nothing was checked. */
    record Busy(Duration retryAfter) implements PasswordAccess {
    }
}
