package dev.syncr.server.api;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Request;
import dev.syncr.api.Changes;
import dev.syncr.api.Cursor;
import dev.syncr.api.LongPoll;
import dev.syncr.core.share.Tree;
import dev.syncr.core.Namespace;
import java.io.IOException;

/**
 * The change feed: {@code GET /changes?cursor=C&limit=L}, {@code GET /changes/latest} and
 * {@code GET /changes/longpoll?cursor=C&timeout=S}. Long-polls park a virtual thread, not a platform thread.
 */
public final class ChangesHandler {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final int DEFAULT_TIMEOUT_SECONDS = 30;
    private static final int MAX_TIMEOUT_SECONDS = 300;
    /** How often a long-poll re-reads the store, to see commits made through other server processes. */
    private static final long RECHECK_MILLIS = 500;

    private final ChangeSignal signal;
    private final LongPollLimit longPolls;
    /** True once the server is stopping: a long-poll then answers at once. */
    private volatile boolean draining;

    public ChangesHandler(ChangeSignal signal, LongPollLimit longPolls) {
        this.signal = signal;
        this.longPolls = longPolls;
    }

    /**
     * The server is stopping: open long-polls answer now ("nothing new", so clients poll again, elsewhere or after
     * the restart) instead of holding the shutdown for their whole timeout.
     */
    public void drain() {
        draining = true;
        signal.fireAll();
    }

    /** {@code GET /changes/latest}. */
    public void latest(Request r) throws IOException {
        r.call().respondJson(200, new Cursor(r.tree().latestCursor(), r.tree().storeId()));
    }

    /** {@code GET /changes}. */
    public void list(Request r) throws IOException {
        HttpCall call = r.call();
        Tree service = r.tree();
        long cursor = call.queryLong("cursor", 0, Long.MAX_VALUE).orElse(0);
        int limit = (int) call.queryLong("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
        Tree.Page page = service.changes(cursor, limit);
        call.respondJson(200, new Changes(page.entries().stream().map(Views::change).toList(),
                page.cursor(), page.hasMore(), service.storeId()));
    }

    /** {@code GET /changes/longpoll}. */
    public void longPoll(Request r) throws IOException {
        HttpCall call = r.call();
        // whose long-polls count together: an account (however many tokens it has), or an address in the open mode
        String pollerKey = r.caller().user() != null ? "user:" + r.caller().user().value()
                : "address:" + call.remoteAddress();
        long cursor = call.queryLong("cursor", 0, Long.MAX_VALUE).orElse(0);
        long timeoutMillis = 1000 * call.queryLong("timeout", 0, MAX_TIMEOUT_SECONDS).orElse(DEFAULT_TIMEOUT_SECONDS);
        if (!longPolls.tryAcquire(pollerKey)) {
            call.responseHeaders().set("Retry-After", Long.toString(DEFAULT_TIMEOUT_SECONDS));
            throw new ApiException(429, "too_many_requests", "at most " + LongPollLimit.PER_CALLER
                    + " long-polls may be open at once per account; close one first");
        }
        try {
            awaitChange(call, r.tree(), r.caller().namespace(), cursor, timeoutMillis);
        } finally {
            longPolls.release(pollerKey);
        }
    }

    /** Answers once {@code namespace} has news past {@code cursor}, or at the deadline. */
    private void awaitChange(HttpCall call, Tree service, Namespace namespace, long cursor, long timeoutMillis)
            throws IOException {
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
            if (left <= 0 || draining) {
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
