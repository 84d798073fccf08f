package dev.syncr.server.accounts;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Where password checks run: a few platform threads of their own, with a short queue in front. Each Argon2id check
 * holds its whole memory (19 MiB by default) and a core for tens of milliseconds; run on the request's virtual
 * thread, a few hundred parallel logins (wrong names included: they check a decoy) would take every carrier thread,
 * so that even {@code /healthz} waited, and all the memory they ask for. Here at most a quarter of the heap and all
 * but one core go to checks; the request's virtual thread waits without holding a carrier, and a login that finds the
 * queue full is answered {@code 503} with {@code Retry-After} at once.
 */
final class PasswordChecks {

    /** What a login turned away is told: the queue drains in well under this. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    /** Logins waiting for a check beyond the ones running: a few seconds of work on a small machine. */
    private static final int QUEUE = 64;

    private final ThreadPoolExecutor pool;

    private PasswordChecks(int threads) {
        this.pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(QUEUE, true),
                Thread.ofPlatform().daemon().name("syncr-password-check-", 0).factory(),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** As many threads as a quarter of {@code maxHeapBytes} holds checks, and all cores but one; at least one. */
    static PasswordChecks forHeap(Passwords passwords, long maxHeapBytes) {
        long byHeap = maxHeapBytes / 4 / (passwords.memoryKiB() * 1024L);
        int byCores = Runtime.getRuntime().availableProcessors() - 1;
        return new PasswordChecks((int) Math.max(1, Math.min(byHeap, byCores)));
    }

    /** Runs {@code check} on the pool and waits for it; empty when the pool is full (turn the login away). */
    <T> java.util.Optional<T> run(Supplier<T> check) {
        Future<T> result;
        try {
            result = pool.submit(check::get);
        } catch (RejectedExecutionException full) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(result.get());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking a password", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
