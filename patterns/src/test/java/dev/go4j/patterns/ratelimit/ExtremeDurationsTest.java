package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link Duration} argument of the rate limiters takes the longest Durations there are — far
 * past the 292 years a {@code long} of nanoseconds holds — without overflowing: each saturates (a
 * window or idle time that long means "never", as Go's {@code time.Duration} tops out at 292 years),
 * and the most negative ones are refused by name where the argument must be positive. One test per
 * argument.
 */
class ExtremeDurationsTest {

    private static final Duration CENTURY = Duration.ofDays(365L * 100);

    static Duration[] extreme() {
        return new Duration[] {
                Duration.ofDays(365_000), Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)};
    }

    private static final Duration MOST_NEGATIVE = Duration.ofSeconds(Long.MIN_VALUE);

    private final ManualClock clock = new ManualClock();

    @ParameterizedTest
    @MethodSource("extreme")
    void slidingWindowLimiterWindowSaturates(Duration window) throws Exception {
        checkWindowLimiter(new SlidingWindowLimiter(2, window, clock), window);
        assertThatThrownBy(() -> new SlidingWindowLimiter(2, MOST_NEGATIVE, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must be positive");
    }

    @ParameterizedTest
    @MethodSource("extreme")
    void slidingLogLimiterWindowSaturates(Duration window) throws Exception {
        checkWindowLimiter(new SlidingLogLimiter(2, window, clock), window);
        assertThatThrownBy(() -> new SlidingLogLimiter(2, MOST_NEGATIVE, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must be positive");
    }

    private void checkWindowLimiter(WindowLimiter l, Duration window) throws Exception {
        assertThat(l.window()).as("saturated at the longest long of nanoseconds")
                .isEqualTo(window.compareTo(Duration.ofNanos(Long.MAX_VALUE)) > 0 ? Duration.ofNanos(Long.MAX_VALUE) : window);
        assertThat(l.tryAcquire(2)).isTrue();
        assertThat(l.tryAcquire()).isFalse();
        clock.advance(CENTURY);
        assertThat(l.tryAcquire()).as("a century later the window is still the first one").isFalse();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofHours(1), clock)) {
            assertThatThrownBy(() -> l.acquire(ctx, 1)).as("the wait passes any deadline: refused at once")
                    .isInstanceOf(WaitExceedsDeadlineException.class);
        }
        assertThat(l.toString()).contains("window=");
    }

    @ParameterizedTest
    @MethodSource("extreme")
    void keyedRateLimiterIdleTimeSaturates(Duration idleTime) {
        try (KeyedRateLimiter<String> keyed = new KeyedRateLimiter<>(
                k -> new AtomicTokenBucket(1, 1, clock), 10, idleTime, clock)) {
            assertThat(keyed.tryAcquire("a")).isTrue();
            clock.advance(CENTURY);
            assertThat(keyed.cleanUp()).as("idle for a century, but not for the idle time").isZero();
            assertThat(keyed.size()).isEqualTo(1);
            assertThat(keyed.toString()).contains("idle=");
        }
        assertThatThrownBy(() -> new KeyedRateLimiter<String>(k -> new AtomicTokenBucket(1, 1, clock), 10,
                MOST_NEGATIVE, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTime must be positive");
    }

    @ParameterizedTest
    @MethodSource("extreme")
    void limitEveryIntervalGivesATinyFiniteLimit(Duration interval) {
        Limit limit = Limit.every(interval);
        assertThat(limit.isInf()).isFalse();
        assertThat(limit.perSecond()).isPositive().isLessThan(1e-10);
        Limiter l = new Limiter(limit, 1, clock);
        assertThat(l.allow()).as("the burst is there at once").isTrue();
        assertThat(l.allow()).isFalse();
        clock.advance(CENTURY);
        assertThat(l.allow()).as("the next event is centuries away").isFalse();
    }

    @Test
    void limitEveryMostNegativeIntervalIsInfLikeGo() {
        assertThat(Limit.every(MOST_NEGATIVE)).as("Go: Every(d <= 0) is Inf").isEqualTo(Limit.INF);
    }
}
