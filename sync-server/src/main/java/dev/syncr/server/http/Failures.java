package dev.syncr.server.http;

import dev.syncr.core.InvalidFileIdException;
import dev.syncr.core.StoreException;
import dev.syncr.core.StoreOverloadedException;
import dev.syncr.core.share.LockedException;
import dev.syncr.core.share.ReadOnlyException;
import java.io.IOException;

/**
 * What a failed request is answered: a client's mistake is the 4xx its {@link ApiException} says; a store that is
 * busy or down is a 503 with {@code Retry-After}, so clients come back; anything else is a 500 whose details go to
 * the log, never to the client. In every case the body is one JSON error and nothing was changed.
 */
final class Failures {

    /** A connection usually frees up within a request's time; clients add jitter so they do not return together. */
    static final int OVERLOADED_RETRY_AFTER_SECONDS = 1;
    /** An outage lasts longer than overload; asking sooner only adds load to a store that is recovering. */
    static final int UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

    private Failures() {
    }

    /** Answers {@code failure} unless the call has answered already (the client then gets nothing more). */
    static void answer(HttpCall call, Exception failure) {
        ApiException error = switch (failure) {
            case ApiException e -> e;
            case InvalidFileIdException e -> ApiException.invalidFileId(e);
            case ReadOnlyException e -> new ApiException(403, "read_only", e.getMessage()).with("file_id",
                    e.id().value());
            case LockedException e -> new ApiException(423, "locked", e.getMessage()).with("file_id", e.id().value());
            case StoreOverloadedException e -> {
                // busy, not broken: every database connection was in use for the whole --db-wait
                EventLog.warn("server overloaded", "event", "overloaded", "path", call.rawPath(),
                        "reason", e.getMessage());
                yield retryLater(call, OVERLOADED_RETRY_AFTER_SECONDS, new ApiException(503, "overloaded",
                        "the server is busy; nothing was changed, retry after " + OVERLOADED_RETRY_AFTER_SECONDS
                                + " s"));
            }
            case StoreException e -> unavailable(call, "store_unavailable", e.getMessage(),
                    "storage is unavailable right now");
            case IOException e -> unavailable(call, "blob_store_failed", e.toString(),
                    "content storage is unavailable right now");
            default -> {
                EventLog.error("request failed", failure, "event", "internal_error", "method", call.method(), "path",
                        call.rawPath());
                yield new ApiException(500, "internal_error", "the server failed to handle this request; "
                        + "it has been logged");
            }
        };
        send(call, error);
    }

    /** The server is stopping: refused before it starts, so the client retries elsewhere or after the restart. */
    static ApiException shuttingDown(HttpCall call) {
        call.responseHeaders().set("Connection", "close");
        return retryLater(call, UNAVAILABLE_RETRY_AFTER_SECONDS, new ApiException(503, "shutting_down",
                "the server is restarting; nothing was changed, retry shortly"));
    }

    private static ApiException unavailable(HttpCall call, String event, String reason, String message) {
        if (!call.responded()) {
            EventLog.warn(message, "event", event, "path", call.rawPath(), "reason", reason);
        }
        return retryLater(call, UNAVAILABLE_RETRY_AFTER_SECONDS, new ApiException(503, "store_unavailable",
                message + "; nothing was changed, retry shortly"));
    }

    private static ApiException retryLater(HttpCall call, int seconds, ApiException error) {
        call.responseHeaders().set("Retry-After", String.valueOf(seconds));
        return error;
    }

    private static void send(HttpCall call, ApiException e) {
        if (call.responded()) {
            return;
        }
        try {
            if (e.status() == 413 || e.code().equals("invalid_multipart") || e.code().equals("incomplete_body")) {
                // the rest of the body was not read; do not try to reuse this connection for another request
                call.responseHeaders().set("Connection", "close");
            }
            call.respondJson(e.status(), e.body());
        } catch (IOException ignored) {
            // the client has gone; nothing left to tell it
        }
    }
}
