package dev.syncr.core;

/** A string that cannot name a file; the message says why, in words a user can act on. */
public final class InvalidFileIdException extends IllegalArgumentException {

    private final String rejected;
    private final String reason;

    public InvalidFileIdException(String rejected, String reason) {
        super(reason);
        this.rejected = rejected;
        this.reason = reason;
    }

    public String rejected() {
        return rejected;
    }

    public String reason() {
        return reason;
    }
}
