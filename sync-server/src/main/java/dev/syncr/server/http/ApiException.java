package dev.syncr.server.http;

import dev.syncr.api.ApiError;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the server refuses, with the status, a stable machine-readable code and a message a person can act on.
 * Rendered as {@code {"error": code, "message": message, …details}}.
 */
public final class ApiException extends RuntimeException {

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

    /** A method the route does not take; {@code allowed} is also the answer's {@code Allow} header. */
    public static ApiException methodNotAllowed(String allowed) {
        return new ApiException(405, "method_not_allowed", "method not allowed here; use " + allowed);
    }

    public static ApiException invalidFileId(dev.syncr.core.InvalidFileIdException e) {
        return new ApiException(400, "invalid_file_id", "invalid file id: " + e.reason());
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
