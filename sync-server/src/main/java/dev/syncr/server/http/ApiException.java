package dev.syncr.server.http;

import dev.syncr.api.ApiError;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the server refuses, with the status, a stable machine-readable code and a message a person can act on.
 * Rendered as {@code {"error": code, "message": message, …details}}.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> details = new LinkedHashMap<>();

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    /** Adds a detail (a null one is left out); its name must be one of {@link ApiError}'s fields, so every error body is one documented shape. */
    public ApiException with(String key, Object value) {
        if (!ApiError.DETAILS.contains(key)) {
            throw new IllegalArgumentException("'" + key + "' is not a field of ApiError; add it there first");
        }
        if (value != null) {
            details.put(key, value);
        }
        return this;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", getMessage());
        body.putAll(details);
        return body;
    }
}
