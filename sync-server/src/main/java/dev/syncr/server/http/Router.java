package dev.syncr.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.syncr.core.InvalidFileIdException;
import dev.syncr.core.StoreException;
import dev.syncr.core.StoreOverloadedException;
import dev.syncr.core.SyncService;
import dev.syncr.server.metrics.ServerMetrics;
import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.accounts.Caller;
import java.io.IOException;
import java.util.Map;

/**
 * The one {@link HttpHandler}: routes by path and turns every failure into a JSON error. A client's mistake is a
 * 4xx that says what to fix; a store that is down is a 503; anything else is a 500 whose details go to the log,
 * never to the client.
 */
public final class Router implements HttpHandler {

    /** A connection usually frees up within a request's time; clients add jitter so they do not return together. */
    static final int OVERLOADED_RETRY_AFTER_SECONDS = 1;
    /** An outage lasts longer than overload; asking sooner only adds load to a store that is recovering. */
    static final int UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

    private final long maxUploadBytes;
    /** Unscoped: handlers never get it, only a view of it in the caller's namespace (see {@link #route}). */
    private final SyncService service;
    private final ChangeSignal signal = new ChangeSignal();
    private final DocsHandler docs = new DocsHandler();
    private final WebPage page = new WebPage();
    private final LongPollLimit longPolls = new LongPollLimit();
    private final Authenticator authenticator;
    private final AuthHandler auth;
    private final ReadDeadlines deadlines;
    private final ServerMetrics metrics;
    private final HttpHandler metricsEndpoint;
    private final Readiness readiness;
    private volatile BodyPace bodyPace = BodyPace.DEFAULT;
    /** The bearer token /metrics asks for, or null: open like /healthz. */
    private volatile MetricsToken metricsToken;
    private volatile boolean draining;

    /**
     * @param openModeAllowed whether a server with no users may serve requests without credentials (bound to
     *                        loopback, or told so with --insecure-no-auth)
     */
    public Router(SyncService service, long maxUploadBytes, Accounts accounts, boolean openModeAllowed,
                  ReadDeadlines deadlines, ServerMetrics metrics, Readiness readiness) {
        this.maxUploadBytes = maxUploadBytes;
        this.deadlines = deadlines;
        this.metrics = metrics;
        this.metricsEndpoint = metrics.handler();
        this.readiness = readiness;
        metrics.gauge("syncr_long_polls_waiting", "Long-polls open now, waiting for a change", longPolls::total);
        metrics.gauge("syncr_chunk_uploads_in_progress", "Chunk uploads holding one of the server's chunk buffers now",
                service::chunkUploadsInProgress);
        this.service = service;
        this.authenticator = new Authenticator(accounts, openModeAllowed);
        this.auth = new AuthHandler(accounts, authenticator);
    }

    /**
     * The server is stopping: open long-polls answer now ("nothing new", so clients poll again, elsewhere or after
     * the restart) instead of holding the shutdown for their whole timeout.
     */
    public void drain() {
        draining = true;
        signal.fireAll();
    }

    @Override
    public void handle(HttpExchange exchange) {
        ReadDeadlines.Watch watch = deadlines.current();
        if (watch.exitIo()) {
            return; // cut off while its headers were read: the connection is gone
        }
        long started = System.nanoTime();
        HttpCall call = new HttpCall(exchange, maxUploadBytes, watch, metrics, bodyPace);
        // on every answer: no type guessing (a download is never run as a page) and no address leaks to links;
        // nothing kept by a browser's or a proxy's cache unless a handler says it may be (chunks, the page's files)
        call.responseHeaders().set("X-Content-Type-Options", "nosniff");
        call.responseHeaders().set("Referrer-Policy", "no-referrer");
        call.responseHeaders().set("Cache-Control", "no-store");
        if (call.https()) {
            call.responseHeaders().set("Strict-Transport-Security", "max-age=31536000");
        }
        try {
            if (draining) {
                // a request that arrives on a kept-alive connection while stopping: refused before it starts, so
                // the client retries (elsewhere, or after the restart) and nothing is left half-done
                call.responseHeaders().set("Connection", "close");
                call.responseHeaders().set("Retry-After", String.valueOf(UNAVAILABLE_RETRY_AFTER_SECONDS));
                throw new ApiException(503, "shutting_down", "the server is restarting; nothing was changed, "
                        + "retry shortly");
            }
            route(call);
        } catch (ApiException e) {
            fail(call, e);
        } catch (InvalidFileIdException e) {
            fail(call, FileRoute.invalidId(e));
        } catch (StoreOverloadedException e) {
            // Busy, not broken: every database connection was in use for the whole --db-wait.
            EventLog.warn("server overloaded", "event", "overloaded", "path", call.rawPath(), "reason", e.getMessage());
            call.responseHeaders().set("Retry-After", String.valueOf(OVERLOADED_RETRY_AFTER_SECONDS));
            fail(call, new ApiException(503, "overloaded", "the server is busy; nothing was changed, retry after "
                    + OVERLOADED_RETRY_AFTER_SECONDS + " s"));
        } catch (StoreException e) {
            EventLog.warn("store unavailable", "event", "store_unavailable", "path", call.rawPath(),
                    "reason", e.getMessage());
            call.responseHeaders().set("Retry-After", String.valueOf(UNAVAILABLE_RETRY_AFTER_SECONDS));
            fail(call, new ApiException(503, "store_unavailable", "storage is unavailable right now; "
                    + "nothing was changed, retry shortly"));
        } catch (IOException e) {
            if (!call.responded()) {
                EventLog.warn("blob storage failed", "event", "blob_store_failed", "path", call.rawPath(),
                        "reason", e.toString());
                call.responseHeaders().set("Retry-After", String.valueOf(UNAVAILABLE_RETRY_AFTER_SECONDS));
                fail(call, new ApiException(503, "store_unavailable", "content storage is unavailable right now; "
                        + "nothing was changed, retry shortly"));
            }
        } catch (RuntimeException e) {
            EventLog.error("request failed", e, "event", "internal_error", "method", call.method(), "path",
                    call.rawPath());
            fail(call, new ApiException(500, "internal_error", "the server failed to handle this request; "
                    + "it has been logged"));
        } finally {
            call.close();
            metrics.request(RouteTemplate.of(call.rawPath()), RouteTemplate.method(call.method()), call.status(),
                    System.nanoTime() - started, call.bytesIn(), call.bytesOut());
        }
    }

    /**
     * The one place where a request gets access to files: the caller is authenticated, and the handlers are made for
     * this call over the service seen in the caller's namespace, so no handler can reach another namespace's files.
     * Only the docs, the health check and login are open.
     */
    private void route(HttpCall call) throws IOException {
        String path = call.rawPath();
        if (path.equals("/files") || path.startsWith("/files/")) {
            Caller caller = authenticator.authenticate(call);
            call.defaultClientId(caller.device()); // curl's writes are named after the device, not "anonymous"
            new FilesHandler(serviceFor(caller), () -> signal.fire(caller.namespace())).handle(call);
        } else if (path.equals("/changes") || path.startsWith("/changes/")) {
            Caller caller = authenticator.authenticate(call);
            String poller = caller.user() != null ? "user:" + caller.user().value() : "address:" + call.remoteAddress();
            new ChangesHandler(service.in(caller.namespace()), caller.namespace(), signal, longPolls, poller,
                    () -> draining).handle(call);
        } else if (path.equals("/batch")) {
            Caller caller = authenticator.authenticate(call);
            call.defaultClientId(caller.device());
            new BatchHandler(serviceFor(caller), () -> signal.fire(caller.namespace())).handle(call);
        } else if (path.equals("/conflicts") || path.startsWith("/conflicts/")) {
            Caller caller = authenticator.authenticate(call);
            call.defaultClientId(caller.device());
            new ConflictsHandler(serviceFor(caller), () -> signal.fire(caller.namespace()))
                    .handle(call);
        } else if (path.startsWith("/chunks/")) {
            Caller caller = authenticator.authenticate(call);
            new ChunksHandler(service.in(caller.namespace())).handle(call);
        } else if (path.equals("/account")) {
            FilesHandler.requireMethod(call, "GET");
            Caller caller = authenticator.authenticate(call);
            call.respondJson(200, new dev.syncr.api.AccountInfo(caller.user() == null ? null : caller.user().value(),
                    service.in(caller.namespace()).usage(),
                    caller.quotaBytes() == SyncService.NO_QUOTA ? null : caller.quotaBytes()));
        } else if (path.startsWith("/auth/")) {
            auth.handle(call);
        } else if (path.equals("/docs") || path.startsWith("/docs/") || path.equals("/openapi.json")) {
            docs.handle(call);
        } else if (path.equals("/healthz")) {
            call.respondJson(200, Map.of("status", "ok"));
        } else if (path.equals("/readyz")) {
            Map<String, String> problems = readiness.problems();
            if (problems.isEmpty()) {
                call.respondJson(200, Map.of("status", "ready"));
            } else {
                // why goes to the operator (the log, /metrics), never to whoever asks: a store's error may name
                // hosts, users or paths
                EventLog.warn("not ready: " + problems, "event", "not_ready");
                problems.keySet().forEach(metrics::notReady);
                call.responseHeaders().set("Retry-After", String.valueOf(UNAVAILABLE_RETRY_AFTER_SECONDS));
                throw new ApiException(503, "not_ready", "not ready; the server's log says why");
            }
        } else if (path.equals("/metrics")) {
            // no file, user or token is in any series (see ServerMetrics); an operator may still keep the counts
            // private with --metrics-token-file
            if (metricsToken != null && !metricsToken.matches(call.header("Authorization").orElse(""))) {
                throw Authenticator.unauthorized(call, "/metrics needs the token of --metrics-token-file");
            }
            metricsEndpoint.handle(call.exchange());
        } else if (path.equals("/") && WebPage.wantsPage(call)) {
            FilesHandler.requireMethod(call, "GET");
            page.page(call);
        } else if (path.startsWith("/ui/")) {
            page.asset(call);
        } else if (path.equals("/")) {
            call.respondJson(200, Map.of("name", "syncr", "docs", "/docs", "files", "/files/", "page", "/"));
        } else {
            throw ApiException.notFound("no such endpoint: " + HttpCall.abbreviate(path) + " (see /docs)");
        }
    }

    /** The service as a caller may use it: their namespace, their quota. */
    private SyncService serviceFor(Caller caller) {
        return service.in(caller.namespace()).withQuota(caller.quotaBytes());
    }

    /** How slowly a request body may arrive (see {@link BodyPace}). */
    public void bodyPace(BodyPace pace) {
        this.bodyPace = pace;
    }

    /** Makes /metrics answer only requests carrying {@code token} as a bearer token. */
    public void requireMetricsToken(MetricsToken token) {
        this.metricsToken = token;
    }

    private static void fail(HttpCall call, ApiException e) {
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
