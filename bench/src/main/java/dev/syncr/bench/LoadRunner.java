package dev.syncr.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/** Runs one operation from C threads for a warm-up and then a measured period, recording latencies. */
final class LoadRunner {

    /** One operation; returns whether it counted as a success (a commit, a read). */
    interface Op {
        boolean run(int client, long iteration) throws Exception;
    }

    /** What a measured period did. */
    record Measurement(long attempts, long successes, double seconds, Histogram latencyMicros) {

        double attemptsPerSecond() {
            return attempts / seconds;
        }

        double successesPerSecond() {
            return successes / seconds;
        }

        double p50Millis() {
            return latencyMicros.getValueAtPercentile(50) / 1000.0;
        }

        double p99Millis() {
            return latencyMicros.getValueAtPercentile(99) / 1000.0;
        }

        /** Both periods as one: what two rounds of the same operation did together. */
        Measurement plus(Measurement other) {
            Histogram latencies = latencyMicros.copy();
            latencies.add(other.latencyMicros);
            return new Measurement(attempts + other.attempts, successes + other.successes, seconds + other.seconds,
                    latencies);
        }
    }

    /** Iteration numbers are unique across every run in the process, so warm-up and measurement never collide. */
    private static final AtomicLong ITERATIONS = new AtomicLong();

    private LoadRunner() {
    }

    static Measurement run(int clients, Duration warmup, Duration measure, Op op) throws Exception {
        runFor(clients, warmup, op, null);
        return runFor(clients, measure, op, new Histogram(60_000_000L, 3));
    }

    /**
     * Two operations measured in alternating rounds after both warmed up, so that a machine whose speed drifts during
     * the run (a shared VPS, a thermally throttled board) slows both alike and their ratio stays meaningful.
     */
    static Measurement[] interleaved(int clients, Duration warmup, Duration measure, int rounds, Op first, Op second)
            throws Exception {
        runFor(clients, warmup, first, null);
        runFor(clients, warmup, second, null);
        Duration round = measure.dividedBy(rounds);
        Measurement a = null;
        Measurement b = null;
        for (int r = 0; r < rounds; r++) {
            Measurement x = runFor(clients, round, first, new Histogram(60_000_000L, 3));
            Measurement y = runFor(clients, round, second, new Histogram(60_000_000L, 3));
            a = a == null ? x : a.plus(x);
            b = b == null ? y : b.plus(y);
        }
        return new Measurement[] {a, b};
    }

    private static Measurement runFor(int clients, Duration duration, Op op, Histogram into) throws Exception {
        AtomicLong attempts = new AtomicLong();
        AtomicLong successes = new AtomicLong();
        List<Histogram> perThread = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int c = 0; c < clients; c++) {
            Histogram h = new Histogram(60_000_000L, 3);
            perThread.add(h);
            int client = c;
            Thread.ofPlatform().daemon().name("bench-client-" + c).start(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long i = ITERATIONS.incrementAndGet();
                        long t0 = System.nanoTime();
                        boolean ok = op.run(client, i);
                        h.recordValue(Math.min((System.nanoTime() - t0) / 1000, 59_999_999L));
                        attempts.incrementAndGet();
                        if (ok) {
                            successes.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a benchmark client failed: " + failures.getFirst(), failures.getFirst());
        }
        if (into != null) {
            perThread.forEach(into::add);
        }
        return new Measurement(attempts.get(), successes.get(), seconds, into);
    }
}
