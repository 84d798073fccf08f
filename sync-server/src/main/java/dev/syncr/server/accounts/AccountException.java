package dev.syncr.server.accounts;

/**
 * An account request that cannot be carried out as asked (a taken or malformed name, a weak password, an unknown
 * token id); the message says what to change and is safe to show to whoever asked.
 */
public final class AccountException extends RuntimeException {

    public AccountException(String message) {
        super(message, null, false, false);
    }
}
