package dev.syncr.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    @Test
    void reads_seconds_and_http_dates_and_ignores_nonsense() {
        assertThat(RetryAfter.parse("1")).contains(Duration.ofSeconds(1));
        assertThat(RetryAfter.parse(" 7 ")).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("86400")).as("capped").contains(RetryAfter.LONGEST);
        assertThat(RetryAfter.parse("-3")).isEmpty();
        assertThat(RetryAfter.parse("soon")).isEmpty();
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(RetryAfter.parse(inTenSeconds).orElseThrow()).isBetween(Duration.ofSeconds(8),
                Duration.ofSeconds(10));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusSeconds(10));
        assertThat(RetryAfter.parse(past)).contains(Duration.ZERO);
    }

    @Test
    void a_pause_honours_the_server_and_spreads_clients_out() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration asked = RetryAfter.pause(Duration.ofMillis(400), Duration.ofSeconds(1));
            assertThat(asked).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1200));
            Duration own = RetryAfter.pause(Duration.ofMillis(400), Duration.ZERO);
            assertThat(own).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            seen.add(own.toMillis());
        }
        assertThat(seen).as("jitter: not every client waits the same").hasSizeGreaterThan(10);
    }
}
