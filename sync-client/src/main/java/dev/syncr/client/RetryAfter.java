package dev.syncr.client;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait before the next try: the server's {@code Retry-After}, our own backoff, and jitter. */
final class RetryAfter {

    /** A server asking for more than this is treated as asking for this: a client must not hang for hours. */
    static final Duration LONGEST = Duration.ofSeconds(60);

    private RetryAfter() {
    }

    /** The server's {@code Retry-After} (seconds or an HTTP date), if it sent a usable one. */
    static Optional<Duration> of(HttpHeaders headers) {
        return headers.firstValue("Retry-After").flatMap(RetryAfter::parse);
    }

    static Optional<Duration> parse(String value) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(min(Duration.ofSeconds(seconds), LONGEST));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(min(until.isNegative() ? Duration.ZERO : until, LONGEST));
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /**
     * At least what the server asked for, and at least half of our backoff step, plus a random share of the step:
     * many clients turned away at once come back spread out instead of together.
     */
    static Duration pause(Duration backoff, Duration serverAsked) {
        long step = Math.max(1, backoff.toMillis());
        long jitter = ThreadLocalRandom.current().nextLong(step / 2 + 1);
        long floor = serverAsked.isZero() ? step / 2 : serverAsked.toMillis();
        return Duration.ofMillis(floor + jitter);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
