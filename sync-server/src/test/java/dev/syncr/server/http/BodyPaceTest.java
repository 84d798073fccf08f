package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BodyPaceTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void a_body_may_start_slowly_but_not_stay_slow() {
        BodyPace pace = new BodyPace(1024, Duration.ofSeconds(30));
        assertThat(pace.tooSlow(0, 29 * SECOND)).as("within the grace, anything goes").isFalse();
        assertThat(pace.tooSlow(1, 59 * SECOND)).as("a byte a minute").isTrue();
        assertThat(pace.tooSlow(30 * 1024, 60 * SECOND)).as("1 KiB/s since the grace ended").isFalse();
        assertThat(pace.tooSlow(29 * 1024, 60 * SECOND)).isTrue();
        assertThat(new BodyPace(0, Duration.ofSeconds(30)).tooSlow(0, 3600 * SECOND)).as("0: off").isFalse();
    }
}
