package dev.syncr.server.http;

import java.time.Duration;

/**
 * The slowest a request body may arrive, on average, once a grace period has passed: besides the per-read timeout
 * (which a client beats by sending a byte just before it), so that a client trickling a byte a minute cannot hold an
 * upload's memory and permits for hours. The default, 1 KiB/s after 30 s, is far below any real connection's pace.
 */
public record BodyPace(long bytesPerSecond, Duration grace) {

    public static final BodyPace DEFAULT = new BodyPace(1024, Duration.ofSeconds(30));

    public BodyPace {
        if (bytesPerSecond < 0 || grace.isNegative()) {
            throw new IllegalArgumentException("a body pace is not negative");
        }
    }

    /** Whether {@code bytes} read in {@code elapsedNanos} since the body began is too slow. */
    boolean tooSlow(long bytes, long elapsedNanos) {
        long beyondGrace = elapsedNanos - grace.toNanos();
        return beyondGrace > 0 && bytes < bytesPerSecond * beyondGrace / 1_000_000_000L;
    }
}
