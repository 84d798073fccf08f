package dev.syncr.server.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most a few long-polls open per account, however many tokens it made (per address in the open mode): a device
 * needs one, a few devices and tabs a few more; an account that opens thousands only ties up sockets and wake-ups, so
 * the surplus is turned away with a 429.
 */
public final class LongPollLimit {

    static final int PER_CALLER = 16;

    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    /** Claims a slot, or returns false when the caller already holds all of theirs. */
    boolean tryAcquire(String caller) {
        boolean[] granted = {false};
        open.compute(caller, (k, n) -> {
            int held = n == null ? 0 : n;
            if (held >= PER_CALLER) {
                return n;
            }
            granted[0] = true;
            return held + 1;
        });
        return granted[0];
    }

    /** Long-polls open now, over every caller. */
    public double total() {
        return open.values().stream().mapToInt(Integer::intValue).sum();
    }

    void release(String caller) {
        open.computeIfPresent(caller, (k, n) -> n <= 1 ? null : n - 1);
    }
}
