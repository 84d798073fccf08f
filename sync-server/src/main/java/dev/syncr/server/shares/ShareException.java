package dev.syncr.server.shares;

/** A sharing request refused, with why: nothing changed. */
public final class ShareException extends RuntimeException {

    /** What kind of refusal, which the API answers with its status. */
    public enum Kind {
        /** Not there, or not visible to the caller (a share they are not in, an unknown user): 404. */
        NOT_FOUND,
        /** Visible, but only the owner may do it: 403. */
        NOT_OWNER,
        /** The request itself cannot be done as asked: 400. */
        REJECTED,
        /** A path already taken in the caller's tree: 409. */
        TAKEN
    }

    private final Kind kind;

    public ShareException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
