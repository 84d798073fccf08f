package dev.syncr.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.syncr.server.accounts.Caller;
import dev.syncr.server.metrics.ServerMetrics;
import java.util.List;
import java.util.Map;

/**
 * The one way a request enters: the one {@link HttpHandler}. Each call passes the same steps: read deadline,
 * headers every answer carries, refusal while stopping, the route table ({@link Routes}: 404, 405), authentication
 * for an account's endpoint, the service scoped to the caller's namespace, the handler, and on any failure one JSON
 * error ({@link Failures}); then metrics.
 */
public final class Router implements HttpHandler {

    private final Routes routes;
    private final Authentication authentication;
    /** The caller's view of the stores: handlers never get more (see {@link #request}). */
    private final Trees trees;
    private final long maxUploadBytes;
    private final ReadDeadlines deadlines;
    private final ServerMetrics metrics;
    private volatile BodyPace bodyPace = BodyPace.DEFAULT;
    private volatile boolean draining;

    public Router(List<Endpoint> endpoints, Authentication authentication, Trees trees, long maxUploadBytes,
                  ReadDeadlines deadlines, ServerMetrics metrics) {
        this.routes = new Routes(endpoints);
        this.authentication = authentication;
        this.trees = trees;
        this.maxUploadBytes = maxUploadBytes;
        this.deadlines = deadlines;
        this.metrics = metrics;
    }

    /** The server is stopping: a request that arrives now (on a kept-alive connection) is refused before it starts. */
    public void drain() {
        draining = true;
    }

    /** How slowly a request body may arrive (see {@link BodyPace}). */
    public void bodyPace(BodyPace pace) {
        this.bodyPace = pace;
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
        String route = "other";
        try {
            if (draining) {
                throw Failures.shuttingDown(call);
            }
            Routes.Match match = routes.find(call);
            route = match.template();
            match.endpoint().handler().handle(request(call, match));
        } catch (Exception e) {
            Failures.answer(call, e);
        } finally {
            // counted before the exchange ends: a client that has its answer finds it counted in the next scrape
            metrics.request(route, routes.methodLabel(call.method()), call.status(), System.nanoTime() - started,
                    call.bytesIn(), call.bytesOut());
            call.close();
        }
    }

    /**
     * The one place where a request gets access to files: the caller is authenticated and gets their tree (their
     * home and the shared folders they are in, with their role in each), so no handler can reach anything else.
     */
    private Request request(HttpCall call, Routes.Match match) {
        if (match.endpoint().access() == Endpoint.Access.OPEN) {
            return new Request(call, null, null, match.params());
        }
        Caller caller = authentication.authenticate(call);
        call.defaultClientId(caller.device()); // curl's writes are named after the device, not "anonymous"
        return new Request(call, caller, trees.of(caller, call), Map.copyOf(match.params()));
    }
}
