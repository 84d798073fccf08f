package dev.syncr.core;

import dev.syncr.core.chunk.RunningHash;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link RunningHash}es of uploads under way, server-wide, each under its namespace and the name its client gave
 * it. Bounded: a few per namespace (an account's own oldest go first), a few hundred in all, none idle for long.
 * Losing one only costs its commit a read-back, so a bound is never a refusal.
 */
final class RunningHashes {

    static final int PER_NAMESPACE = 8;
    static final int ALL = 512;
    static final Duration IDLE = Duration.ofMinutes(10);

    private record Key(Namespace namespace, String upload) {
    }

    private record Entry(RunningHash hash, long lastUsed) {
    }

    /** Least recently used first. */
    private final LinkedHashMap<Key, Entry> uploads = new LinkedHashMap<>(64, 0.75f, true);

    /** The running hash of {@code upload} in {@code namespace}, begun now if there is none. */
    synchronized RunningHash of(Namespace namespace, String upload) {
        long now = System.nanoTime();
        forgetIdle(now);
        Key key = new Key(namespace, upload);
        Entry entry = uploads.get(key);
        if (entry == null) {
            makeRoomIn(namespace);
            entry = new Entry(new RunningHash(), now);
        }
        uploads.put(key, new Entry(entry.hash(), now));
        return entry.hash();
    }

    /** Takes {@code upload}'s running hash away for its commit; empty when there is none (any more). */
    synchronized Optional<RunningHash> take(Namespace namespace, String upload) {
        return Optional.ofNullable(uploads.remove(new Key(namespace, upload))).map(Entry::hash);
    }

    private void forgetIdle(long now) {
        Iterator<Entry> eldest = uploads.values().iterator();
        while (eldest.hasNext()) {
            if (now - eldest.next().lastUsed() < IDLE.toNanos()) {
                return;
            }
            eldest.remove();
        }
    }

    private void makeRoomIn(Namespace namespace) {
        long mine = uploads.keySet().stream().filter(k -> k.namespace().equals(namespace)).count();
        Iterator<Map.Entry<Key, Entry>> eldest = uploads.entrySet().iterator();
        while (eldest.hasNext() && (mine >= PER_NAMESPACE || uploads.size() >= ALL)) {
            Key key = eldest.next().getKey();
            if (mine >= PER_NAMESPACE && !key.namespace().equals(namespace)) {
                continue; // over its own share: its own oldest go, not anyone else's
            }
            eldest.remove();
            if (key.namespace().equals(namespace)) {
                mine--;
            }
        }
    }
}
