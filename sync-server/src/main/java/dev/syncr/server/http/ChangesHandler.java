package dev.syncr.server.http;

import dev.syncr.api.Changes;
import dev.syncr.api.Cursor;
import dev.syncr.api.LongPoll;
import dev.syncr.core.ChangePage;
import dev.syncr.core.Namespace;
import dev.syncr.core.SyncService;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The change feed: {@code GET /changes?cursor=C&limit=L}, {@code GET /changes/latest} and
 * {@code GET /changes/longpoll?cursor=C&timeout=S}. Long-polls park a virtual thread, not a platform thread.
 */
final class ChangesHandler {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final int DEFAULT_TIMEOUT_SECONDS = 30;
    private static final int MAX_TIMEOUT_SECONDS = 300;
    /** How often a long-poll re-reads the store, to see commits made through other server processes. */
    private static final long RECHECK_MILLIS = 500;

    private final SyncService service;
    /** Whose commits answer this long-poll. */
    private final Namespace namespace;
    private final ChangeSignal signal;
    private final LongPollLimit longPolls;
    /** Whose long-polls count together: an account (however many tokens it has), or an address in the open mode. */
    private final String pollerKey;
    /** True once the server is stopping: a long-poll then answers at once. */
    private final BooleanSupplier draining;

    ChangesHandler(SyncService service, Namespace namespace, ChangeSignal signal, LongPollLimit longPolls,
                   String pollerKey, BooleanSupplier draining) {
        this.service = service;
        this.namespace = namespace;
        this.signal = signal;
        this.longPolls = longPolls;
        this.pollerKey = pollerKey;
        this.draining = draining;
    }

    void handle(HttpCall call) throws IOException {
        if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
            call.responseHeaders().set("Allow", "GET, HEAD");
            throw FilesHandler.methodNotAllowed("GET");
        }
        switch (call.rawPath()) {
            case "/changes", "/changes/" -> list(call);
            case "/changes/latest" -> call.respondJson(200, new Cursor(service.latestCursor(), service.storeId()));
            case "/changes/longpoll" -> longPoll(call);
            default -> throw ApiException.notFound("no such endpoint: " + HttpCall.abbreviate(call.rawPath()));
        }
    }

    private void list(HttpCall call) throws IOException {
        long cursor = call.queryLong("cursor", 0, Long.MAX_VALUE).orElse(0);
        int limit = (int) call.queryLong("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
        ChangePage page = service.changes(cursor, limit);
        call.respondJson(200, new Changes(page.changes().stream().map(Views::change).toList(),
                page.cursor(), page.hasMore(), service.storeId()));
    }

    private void longPoll(HttpCall call) throws IOException {
        long cursor = call.queryLong("cursor", 0, Long.MAX_VALUE).orElse(0);
        long timeoutMillis = 1000 * call.queryLong("timeout", 0, MAX_TIMEOUT_SECONDS).orElse(DEFAULT_TIMEOUT_SECONDS);
        if (!longPolls.tryAcquire(pollerKey)) {
            call.responseHeaders().set("Retry-After", Long.toString(DEFAULT_TIMEOUT_SECONDS));
            throw new ApiException(429, "too_many_requests", "at most " + LongPollLimit.PER_CALLER
                    + " long-polls may be open at once per account; close one first");
        }
        try {
            awaitChange(call, cursor, timeoutMillis);
        } finally {
            longPolls.release(pollerKey);
        }
    }

    private void awaitChange(HttpCall call, long cursor, long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            long seen = signal.generation(namespace);
            // this namespace's newest position: another user's commit wakes the loop but does not answer it
            long latest = service.latestCursor();
            if (latest > cursor) {
                call.respondJson(200, new LongPoll(true, latest, service.storeId()));
                return;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || draining.getAsBoolean()) {
                call.respondJson(200, new LongPoll(false, latest, service.storeId()));
                return;
            }
            try {
                signal.awaitAfter(namespace, seen, Math.min(left, RECHECK_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "shutting_down", "the server is shutting down");
            }
        }
    }
}
