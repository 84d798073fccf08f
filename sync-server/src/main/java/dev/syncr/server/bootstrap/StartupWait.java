package dev.syncr.server.bootstrap;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Start-up's patience with its stores. A database or object store that is still starting (docker-compose order, a
 * reboot, a slow machine) is tried again with backoff until the deadline; each failed try is reported on one line
 * with its reason, and only when the time is up does start-up give up, with {@link StartupFailedException}.
 */
public final class StartupWait {

    /** A step of start-up that may fail because a store is not there yet. */
    interface Attempt<T> {
        T run() throws Exception;
    }

    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private final long deadlineNanos;
    private final Duration timeout;
    private final Consumer<String> report;

    StartupWait(Duration timeout, Consumer<String> report) {
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.report = report;
    }

    /**
     * Runs {@code attempt} until it succeeds or the deadline passes. {@link IllegalArgumentException} is a
     * configuration mistake that no wait will fix, so it is rethrown at once.
     */
    <T> T until(String what, Attempt<T> attempt) throws InterruptedException {
        Duration pause = FIRST_PAUSE;
        for (int tries = 1; ; tries++) {
            try {
                return attempt.run();
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    throw new StartupFailedException(what + " not reachable after " + seconds(timeout)
                            + " (--startup-timeout): " + reasonOf(e));
                }
                Duration sleep = Duration.ofNanos(Math.min(pause.toNanos(), left));
                report.accept("waiting for " + what + " (try " + tries + ", retrying in " + millis(sleep) + ", "
                        + seconds(Duration.ofNanos(left)) + " left): " + reasonOf(e));
                Thread.sleep(sleep);
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** The innermost message that says something (the root cause: "Connection refused"), on one line. */
    public static String reasonOf(Throwable e) {
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                reason = cause.getMessage();
            }
        }
        return reason.replaceAll("\\s*\\R\\s*", " ");
    }

    private static String seconds(Duration d) {
        return Math.max(0, Math.round(d.toMillis() / 1000.0)) + " s";
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    /** Start-up gave up; the message is the one line the operator sees. */
    static final class StartupFailedException extends RuntimeException {

        StartupFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
