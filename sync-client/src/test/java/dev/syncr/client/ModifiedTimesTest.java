package dev.syncr.client;

import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class ModifiedTimesTest {

    private static final long SECOND = 1_796_661_587_000L; // a stamp on a whole second

    @Test
    void a_stamp_with_a_fraction_of_a_second_is_racy_for_a_tenth_of_a_second() {
        long stamp = SECOND + 163;
        assertThat(ModifiedTimes.racy(stamp, stamp)).isTrue();
        assertThat(ModifiedTimes.racy(stamp, stamp + 99)).isTrue();
        assertThat(ModifiedTimes.racy(stamp, stamp + 100)).isFalse();
    }

    @Test
    void a_stamp_on_a_whole_second_is_racy_for_two_seconds() {
        assertThat(ModifiedTimes.racy(SECOND, SECOND + 150)).isTrue();
        assertThat(ModifiedTimes.racy(SECOND, SECOND + 1_999)).isTrue();
        assertThat(ModifiedTimes.racy(SECOND, SECOND + 2_000)).isFalse();
    }

    @Test
    void a_stamp_ahead_of_the_clock_is_racy() {
        assertThat(ModifiedTimes.racy(SECOND + 5_163, SECOND)).isTrue();
        assertThat(ModifiedTimes.racy(-1_000, -1_000 + 150)).as("before 1970, on a whole second").isTrue();
        assertThat(ModifiedTimes.racy(-1_163, -1_163 + 150)).isFalse();
    }
}
