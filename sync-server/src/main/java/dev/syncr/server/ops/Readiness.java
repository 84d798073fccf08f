package dev.syncr.server.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the server can do its work now: each store answers a cheap question within a few seconds. {@code /healthz}
 * says the process is alive; {@code /readyz} says this, so a load balancer sends no traffic while the database or
 * the object store is down.
 */
public final class Readiness {

    /** One store's question; throwing (or taking too long) means not ready. */
    public interface Probe {
        void check() throws Exception;
    }

    private static final Duration PATIENCE = Duration.ofSeconds(3);

    private final Map<String, Probe> probes;

    /** @param probes by the name an operator sees ("metadata database", "content store") */
    public Readiness(Map<String, Probe> probes) {
        this.probes = new LinkedHashMap<>(probes);
    }

    /** The stores that did not answer, each with its reason; empty when ready. */
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        // not try-with-resources: closing waits for every probe, and a probe stuck in a call that ignores interrupts
        // would hold the answer past PATIENCE; shut down without waiting, the stuck thread ends on its own
        ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Map.Entry<String, Future<?>>> running = new ArrayList<>();
            probes.forEach((name, probe) -> running.add(Map.entry(name, checks.submit(() -> {
                probe.check();
                return null;
            }))));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            for (var check : running) {
                try {
                    check.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    check.getValue().cancel(true);
                    problems.put(check.getKey(), "no answer within " + PATIENCE.toSeconds() + " s");
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    problems.put(check.getKey(), cause.getMessage() != null ? cause.getMessage().lines().findFirst()
                            .orElse("") : cause.getClass().getSimpleName());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    problems.put(check.getKey(), "interrupted");
                }
            }
        } finally {
            checks.shutdownNow();
        }
        return problems;
    }
}
