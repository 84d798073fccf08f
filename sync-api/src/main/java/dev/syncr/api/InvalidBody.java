package dev.syncr.api;

/**
 * A request body that parsed but says something impossible (a missing field, a negative version). Thrown by the
 * request records themselves, so what a body must hold is written once, beside its fields; the server answers 400
 * with {@link #code()}.
 */
public final class InvalidBody extends IllegalArgumentException {

    private final String code;

    private InvalidBody(String code, String message) {
        super(message);
        this.code = code;
    }

    public static InvalidBody missing(String field, String what) {
        return new InvalidBody("missing_field", field + " is required" + (what.isEmpty() ? "" : " (" + what + ")"));
    }

    public static InvalidBody invalid(String message) {
        return new InvalidBody("bad_request", message);
    }

    /** {@code missing_field} or {@code bad_request}. */
    public String code() {
        return code;
    }

    static void requireVersion(String field, Long value) {
        if (value != null && value < 0) {
            throw invalid(field + " must be a whole number, 0 or more");
        }
    }
}
