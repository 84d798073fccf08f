package dev.syncr.core;

/**
 * Where a merged version came from: a write based on {@code base} that lost the race to {@code head}, merged with it
 * (3-way, over {@code base}) by the server. Both edits are in the merged version.
 */
public record Merge(long base, long head) {

    public Merge {
        if (base < 1 || head <= base) {
            throw new IllegalArgumentException("a merge joins a base and a later head: " + base + ", " + head);
        }
    }
}
