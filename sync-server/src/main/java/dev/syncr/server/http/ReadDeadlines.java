package dev.syncr.server.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Disconnects a client that stops sending (or stops reading) for longer than the read timeout, so a slow client —
 * one byte a second, or none — cannot hold a connection and its thread forever. The JDK server has no such limit that
 * spares long uploads ({@code sun.net.httpserver.maxReqTime} caps a whole request, so it would cut a large upload on
 * a slow line), so we time each blocking socket operation instead: the request line and headers, every read of the
 * body and every write of the response. A sweeper interrupts a thread blocked too long in one; the server's socket
 * channel is interruptible, so the interrupt closes the connection and the blocked call fails.
 *
 * <p>An interrupt must only ever hit socket I/O, never a file or database call that happens to run after it, so
 * each exchange's thread moves through {@code IO → BUSY} with compare-and-set and the sweeper may only claim
 * {@code IO}.
 */
public final class ReadDeadlines implements AutoCloseable {

    private static final int BUSY = 0;
    private static final int IO = 1;
    private static final int CUTTING = 2;
    private static final int CUT = 3;

    private final long timeoutNanos;
    private final Map<Thread, Watch> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    public ReadDeadlines(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("syncr-read-deadlines").factory());
        long period = Math.max(100, timeout.toMillis() / 4);
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** The server's executor, with each exchange watched from its first byte (the request line) on. */
    public Executor watching(Executor executor) {
        return task -> executor.execute(() -> {
            Watch watch = new Watch(Thread.currentThread());
            watches.put(watch.thread, watch);
            watch.enterIo();
            try {
                task.run();
            } finally {
                watches.remove(watch.thread);
                watch.settle();
            }
        });
    }

    /** The calling exchange's watch, or a no-op one when the server was started without deadlines. */
    Watch current() {
        Watch watch = watches.get(Thread.currentThread());
        return watch != null ? watch : Watch.NONE;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Watch watch : watches.values()) {
            if (watch.state.get() == IO && now - watch.since > timeoutNanos && watch.state.compareAndSet(IO, CUTTING)) {
                watch.thread.interrupt();
                watch.state.set(CUT);
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    /** One exchange's thread: in blocking socket I/O (and since when), or busy with anything else. */
    static final class Watch {

        static final Watch NONE = new Watch(null);

        private final Thread thread;
        private final AtomicInteger state = new AtomicInteger(BUSY);
        private volatile long since;

        private Watch(Thread thread) {
            this.thread = thread;
        }

        /** Before a blocking read or write of the client's socket. */
        void enterIo() {
            if (thread == null) {
                return;
            }
            since = System.nanoTime();
            state.set(IO);
        }

        /**
         * After it (in a finally): true if the client was cut off meanwhile, in which case the connection is closed
         * and the thread's interrupt has been cleared.
         */
        boolean exitIo() {
            if (thread == null || state.compareAndSet(IO, BUSY)) {
                return false;
            }
            settle();
            return true;
        }

        /** Waits out a cut in progress and clears its interrupt, so it cannot land on anything that follows. */
        private void settle() {
            while (state.get() == CUTTING) {
                Thread.onSpinWait();
            }
            if (state.get() == CUT) {
                Thread.interrupted();
            }
        }
    }
}
