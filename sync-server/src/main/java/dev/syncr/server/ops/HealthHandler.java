package dev.syncr.server.ops;

import com.sun.net.httpserver.HttpHandler;
import dev.syncr.server.auth.Authenticator;
import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.EventLog;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Request;
import dev.syncr.server.metrics.ServerMetrics;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** What an operator's tools ask: {@code /healthz} (alive), {@code /readyz} (stores answer) and {@code /metrics}. */
public final class HealthHandler {

    /** An outage lasts a while; asking sooner only adds load to a store that is recovering. */
    private static final int NOT_READY_RETRY_AFTER_SECONDS = 5;

    private final Readiness readiness;
    private final ServerMetrics metrics;
    private final HttpHandler metricsEndpoint;
    /** The bearer token /metrics asks for; empty: open like /healthz. */
    private final Optional<MetricsToken> metricsToken;

    public HealthHandler(Readiness readiness, ServerMetrics metrics, Optional<MetricsToken> metricsToken) {
        this.readiness = readiness;
        this.metrics = metrics;
        this.metricsEndpoint = metrics.handler();
        this.metricsToken = metricsToken;
    }

    /** {@code GET /healthz}: the process answers. */
    public void alive(Request r) throws IOException {
        r.call().respondJson(200, Map.of("status", "ok"));
    }

    /** {@code GET /readyz}: every store answers; a load balancer sends no traffic while one does not. */
    public void ready(Request r) throws IOException {
        Map<String, String> problems = readiness.problems();
        if (problems.isEmpty()) {
            r.call().respondJson(200, Map.of("status", "ready"));
            return;
        }
        // why goes to the operator (the log, /metrics), never to whoever asks: a store's error may name hosts,
        // users or paths
        EventLog.warn("not ready: " + problems, "event", "not_ready");
        problems.keySet().forEach(metrics::notReady);
        r.call().responseHeaders().set("Retry-After", String.valueOf(NOT_READY_RETRY_AFTER_SECONDS));
        throw new ApiException(503, "not_ready", "not ready; the server's log says why");
    }

    /**
     * {@code GET /metrics}: no file, user or token is in any series (see {@link ServerMetrics}); an operator may
     * still keep the counts private with --metrics-token-file.
     */
    public void metrics(Request r) throws IOException {
        HttpCall call = r.call();
        if (metricsToken.isPresent() && !metricsToken.get().matches(call.header("Authorization").orElse(""))) {
            throw Authenticator.unauthorized(call, "/metrics needs the token of --metrics-token-file");
        }
        metricsEndpoint.handle(call.exchange());
    }
}
