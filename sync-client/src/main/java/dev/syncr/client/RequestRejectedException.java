package dev.syncr.client;

/** The server refused a request as malformed or not allowed (a 4xx other than a conflict or not-found). */
public class RequestRejectedException extends RuntimeException {

    private final int status;
    private final String error;

    public RequestRejectedException(int status, String error, String message) {
        super(message + " (HTTP " + status + (error == null ? "" : ", " + error) + ")");
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    /** The server's machine-readable error code, like {@code invalid_file_id}. */
    public String error() {
        return error;
    }
}
