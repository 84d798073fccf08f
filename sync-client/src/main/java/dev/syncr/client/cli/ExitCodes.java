package dev.syncr.client.cli;

/** What {@code syncr} exits with, so scripts can tell outcomes apart. */
public final class ExitCodes {

    public static final int OK = 0;
    /** Anything unexpected. */
    public static final int FAILED = 1;
    /** A bad flag, argument or file id, or a request the server refused as malformed. */
    public static final int BAD_INPUT = 2;
    /** The write lost to a newer version on the server (409/412). */
    public static final int CONFLICT = 3;
    /** No such file or version. */
    public static final int NOT_FOUND = 4;
    /** The server could not be reached (or kept failing). */
    public static final int UNAVAILABLE = 5;
    /** The server needs a token, or refused the one given (revoked, or for another server): log in again. */
    public static final int NOT_AUTHORIZED = 6;
    /**
     * A sync pass ran but left some paths alone (a folder it could not read, a name this file system cannot hold):
     * everything else is in sync, those paths are untouched on both sides.
     */
    public static final int PARTIAL = 7;

    private ExitCodes() {
    }
}
