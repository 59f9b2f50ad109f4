package dev.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Timeout arithmetic: no overflow at the extremes of {@link Duration} and of {@code long}. */
class DurationsTest {

    @Test
    void toNanosSaturatesAtTheEndsOfLong() {
        assertThat(Durations.toNanos(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), "d")).isEqualTo(Long.MAX_VALUE);
        assertThat(Durations.toNanos(Duration.ofSeconds(Long.MIN_VALUE), "d")).isEqualTo(Long.MIN_VALUE);
        assertThat(Durations.toNanos(Duration.ofMillis(-3), "d")).isEqualTo(-3_000_000L);
        assertThatThrownBy(() -> Durations.toNanos(null, "timeout")).isInstanceOf(NullPointerException.class).hasMessage("timeout");
    }

    @Test
    void hugeDeadlineStaysAheadOfEveryLaterReading() {
        long deadline = Durations.deadline(Long.MAX_VALUE);
        long remaining = deadline - System.nanoTime();
        assertThat(remaining).as("compared by subtraction, the deadline is ~146 years ahead")
                .isPositive()
                .isGreaterThan(Durations.MAX_TIMEOUT - Duration.ofMinutes(10).toNanos());
    }

    @Test
    void saturatedAddClampsInsteadOfWrapping() {
        assertThat(Durations.saturatedAdd(Long.MAX_VALUE - 1, 5)).isEqualTo(Long.MAX_VALUE);
        assertThat(Durations.saturatedAdd(Long.MIN_VALUE + 1, -5)).isEqualTo(Long.MIN_VALUE);
        assertThat(Durations.saturatedAdd(40, 2)).isEqualTo(42);
    }
}
