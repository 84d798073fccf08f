package dev.syncr.client;

/** The server wants credentials this client did not send, or refused the ones it sent (revoked, mistyped). */
public final class NotAuthorizedException extends RequestRejectedException {

    public NotAuthorizedException(String error, String message) {
        super(401, error, message);
    }
}
