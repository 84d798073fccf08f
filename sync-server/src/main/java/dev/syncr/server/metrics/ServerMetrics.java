package dev.syncr.server.metrics;

import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.DoubleSupplier;

/**
 * What an operator sees at {@code /metrics}, in the Prometheus text format. Every series is labelled by route
 * template, outcome or backend, never by a file id, a user or a token: the number of series stays small and nothing
 * private leaks into a monitoring system. One registry per server, so two servers in one JVM (tests) count apart.
 */
public final class ServerMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("syncr_http_requests")
            .help("HTTP requests answered, by route template, method and status")
            .labelNames("route", "method", "status").register(registry);
    private final Histogram duration = Histogram.builder().name("syncr_http_request_duration_seconds")
            .help("Time from a request's headers to its last response byte, by route template and method")
            .labelNames("route", "method")
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
            .register(registry);
    private final Counter bytesIn = Counter.builder().name("syncr_http_request_body_bytes")
            .help("Request body bytes read, by route template").labelNames("route").register(registry);
    private final Counter bytesOut = Counter.builder().name("syncr_http_response_body_bytes")
            .help("Response body bytes sent, by route template").labelNames("route").register(registry);
    private final Counter writes = Counter.builder().name("syncr_writes")
            .help("Writes by outcome: committed, unchanged, conflict, merged, kept_both, rejected")
            .labelNames("outcome").register(registry);
    private final Histogram storeCalls = Histogram.builder().name("syncr_store_operation_duration_seconds")
            .help("Metadata database calls and content store operations, by backend and operation")
            .labelNames("backend", "operation")
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30)
            .register(registry);

    private final Counter notReady = Counter.builder().name("syncr_readiness_failures")
            .help("Readiness checks a store failed, by store; the reasons are in the log (event=not_ready)")
            .labelNames("store").register(registry);

    public ServerMetrics() {
        JvmMetrics.builder().register(registry);
    }

    /** The {@code /metrics} endpoint (the client library's handler, on our own server). */
    public HttpHandler handler() {
        return new MetricsHandler(registry);
    }

    public void request(String route, String method, int status, long nanos, long in, long out) {
        requests.labelValues(route, method, Integer.toString(status)).inc();
        duration.labelValues(route, method).observe(nanos / 1e9);
        if (in > 0) {
            bytesIn.labelValues(route).inc(in);
        }
        if (out > 0) {
            bytesOut.labelValues(route).inc(out);
        }
    }

    /** A write's outcome, as {@code Outcomes} names it. */
    public void write(String outcome) {
        writes.labelValues(outcome).inc();
    }

    /** A store that failed a readiness check ("metadata database", "content store"). */
    public void notReady(String store) {
        notReady.labelValues(store).inc();
    }

    public void storeCall(String backend, String operation, long nanos) {
        storeCalls.labelValues(backend, operation).observe(nanos / 1e9);
    }

    /** A value read at each scrape (long-poll waiters, pool connections in use). */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsDouble()))
                .register(registry);
    }
}
