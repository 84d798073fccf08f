package dev.syncr.server.api;

import dev.syncr.core.Namespace;
import dev.syncr.server.http.Request;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-polls when this server commits something: only those of the namespace that changed, so one account's
 * busy writing does not wake (and make re-read the store) every other account's waiting devices. Commits made
 * through other server processes are noticed by the long-poll's periodic re-check instead, so the signal is an
 * optimization, never the source of truth.
 */
public final class ChangeSignal {

    /** One namespace's waiters; dropped when nobody waits, so the map holds only namespaces being watched. */
    private static final class Waiters {
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        long generation;
        int waiting;
    }

    private final Map<Namespace, Waiters> namespaces = new ConcurrentHashMap<>();
    private volatile boolean everyone;

    /** Wakes the long-polls of the caller's namespace: another protocol's handler has committed something there. */
    public void committed(Request request) {
        fire(request.caller().namespace());
    }

    /** What a handler runs once it has committed something in the caller's namespace. */
    Runnable onCommit(Request request) {
        Namespace namespace = request.caller().namespace();
        return () -> fire(namespace);
    }

    /** Something in {@code namespace} was committed. */
    void fire(Namespace namespace) {
        Waiters w = namespaces.get(namespace);
        if (w != null) {
            signal(w);
        }
    }

    /** Wakes every long-poll (the server is stopping). */
    public void fireAll() {
        everyone = true;
        namespaces.values().forEach(ChangeSignal::signal);
    }

    private static void signal(Waiters w) {
        w.lock.lock();
        try {
            w.generation++;
            w.changed.signalAll();
        } finally {
            w.lock.unlock();
        }
    }

    long generation(Namespace namespace) {
        Waiters w = namespaces.get(namespace);
        if (w == null) {
            return 0;
        }
        w.lock.lock();
        try {
            return w.generation;
        } finally {
            w.lock.unlock();
        }
    }

    /** Waits until {@code namespace}'s generation moves past {@code seen} or the time is up. */
    void awaitAfter(Namespace namespace, long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Waiters w = namespaces.compute(namespace, (k, existing) -> {
            Waiters waiters = existing == null ? new Waiters() : existing;
            waiters.waiting++;
            return waiters;
        });
        w.lock.lock();
        try {
            while (w.generation == seen && !everyone) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                w.changed.awaitNanos(left);
            }
        } finally {
            w.lock.unlock();
            namespaces.computeIfPresent(namespace, (k, waiters) -> --waiters.waiting == 0 ? null : waiters);
        }
    }
}
