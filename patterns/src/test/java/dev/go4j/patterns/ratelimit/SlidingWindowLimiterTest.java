package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The approximate sliding-window counter: the contract, then tables at fixed instants. */
class SlidingWindowLimiterTest extends WindowLimiterContract {

    @Override
    RateLimiter create(int perSecond, int burst, Clock clock) {
        return new SlidingWindowLimiter(burst, Duration.ofNanos(1_000_000_000L * burst / perSecond), clock);
    }

    /**
     * The counter weighs the previous window's BURST grants by the part of it still overlapped: at
     * {@code e} into the next window the estimate is {@code BURST * (1 - e / WINDOW)}, so {@code n}
     * permits fit once {@code e >= n * WINDOW / BURST = n * PERIOD}.
     */
    @Override
    Duration backAfterFullBurst(int permits) {
        return WINDOW.plus(PERIOD.multipliedBy(permits));
    }

    /**
     * The contract's rule, with its lower bound replaced. The upper bound {@code rate * t + burst}
     * holds unchanged. The contract's floor (90% of {@code rate * t}) does not: under saturation the
     * counter settles at {@code limit - 1} grants per window, not {@code limit} — with the previous
     * window full of {@code c} grants, the current one can reach only {@code c} if its last grant
     * comes at the window's very end ({@code c * (1 - e/w) + c <= limit} needs {@code e = w}). For a
     * limit of 5 that is 80% of the rate, and the exact rule here is: at least {@code (limit - 1) / limit}
     * of the rate minus one window's worth.
     */
    @Test
    @Override
    @DisplayName("grantsNeverExceedRateTimesElapsedPlusBurst, and under saturation the counter grants (limit - 1) per window")
    void grantsNeverExceedRateTimesElapsedPlusBurst() {
        SplittableRandom random = new SplittableRandom(42);
        long granted = 0;
        long elapsedNanos = 0;
        for (int step = 0; step < 5_000; step++) {
            int n = 1 + random.nextInt(3);
            if (limiter.tryAcquire(n)) {
                granted += n;
            }
            double bound = RATE * (elapsedNanos / 1e9) + BURST;
            assertThat((double) granted).as("after %d ns", elapsedNanos).isLessThanOrEqualTo(bound);
            long stepNanos = random.nextLong(1, PERIOD.toNanos() / 2);
            clock.advance(Duration.ofNanos(stepNanos));
            elapsedNanos += stepNanos;
        }
        double windows = elapsedNanos / (double) WINDOW.toNanos();
        assertThat((double) granted).as("a limiter that grants nothing is not a limiter")
                .isGreaterThanOrEqualTo((BURST - 1) * (windows - 1) * 0.95);
    }

    /**
     * Go's table habit, at fixed instants (ms since creation) for a counter of 4 per second: each row
     * asks for {@code n} permits at {@code t}, says whether they are granted; the comments give the estimate
     * {@code prev * (w - e) + (cur + n) * w} against {@code limit * w}, in ms, as the limiter computes it.
     */
    @Test
    void grantsFollowTheWeightedEstimateAtEachInstant() {
        Object[][] table = {
                {0L, 3, true},      // window 0: cur 0 -> 3
                {500L, 2, false},   // 3 + 2 > 4
                {999L, 1, true},    // cur 4: full
                {1000L, 1, false},  // window 1, e=0: 4 * 1000 + 1 * 1000 = 5000 > 4000
                {1249L, 1, false},  // 4 * 751 + 1000 = 4004 > 4000
                {1250L, 1, true},   // 4 * 750 + 1000 = 4000: exactly the limit, granted
                {1500L, 1, true},   // 4 * 500 + 2 * 1000 = 4000
                {1500L, 1, false},  // 4 * 500 + 3 * 1000 = 5000
                {1999L, 2, false},  // 4 * 1 + (2 + 2) * 1000 = 4004 > 4000, in integers: refused
        };
        SlidingWindowLimiter counter = new SlidingWindowLimiter(4, Duration.ofSeconds(1), clock);
        long now = 0;
        for (Object[] row : table) {
            long t = (long) row[0];
            clock.advance(Duration.ofMillis(t - now));
            now = t;
            assertThat(counter.tryAcquire((int) row[1])).as("at %d ms take %d", t, row[1]).isEqualTo(row[2]);
        }
        clock.advance(Duration.ofMillis(1));  // t=2000, window 2: prev = 2 (window 1), e = 0
        assertThat(counter.tryAcquire(2)).as("2 * 1.0 + 0 + 2 = 4").isTrue();
        assertThat(counter.tryAcquire(1)).isFalse();
        clock.advance(Duration.ofSeconds(2)); // t=4000: two windows later, everything forgotten
        assertThat(counter.tryAcquire(4)).isTrue();
    }

    @Test
    void overAdmitsAtMostLimitMinusOneWhenTheWindowEdgeIsStraddled() {
        // All of window 0's grants at its last nanosecond, then as many as possible through window 1:
        // the true sliding window (999.999999 ms, 1999.999999 ms] holds 2 * limit - 1 = 9 grants.
        int limit = 5;
        SlidingWindowLimiter counter = new SlidingWindowLimiter(limit, Duration.ofSeconds(1), clock);
        clock.advance(Duration.ofSeconds(1).minusNanos(1));
        assertThat(counter.tryAcquire(limit)).isTrue();
        int inWindowOne = 0;
        for (int ms = 0; ms < 1000; ms++) {
            clock.advance(Duration.ofMillis(1));
            if (counter.tryAcquire()) {
                inWindowOne++;
            }
        }
        assertThat(inWindowOne).as("grants in window 1 beside the %d at its edge", limit).isEqualTo(limit - 1);
    }

    @Test
    void blockingAcquireWaitsForTheComputedInstant() throws Exception {
        SlidingWindowLimiter counter = new SlidingWindowLimiter(4, Duration.ofSeconds(1), clock);
        assertThat(counter.tryAcquire(4)).isTrue();
        Call call = Call.start(() -> counter.acquire(2)); // window 1: 4 * (1 - e) + 2 <= 4 at e = 500 ms
        call.awaitParked();
        clock.advance(Duration.ofMillis(1499));
        assertThat(call.returned()).isNotDone();
        clock.advance(Duration.ofMillis(1));
        call.get();
        assertThat(counter.tryAcquire()).as("4 * 0.5 + 2 = 4: full").isFalse();
    }

    @Test
    void blockingAcquireOfTheWholeLimitWaitsOutTheNextWindow() throws Exception {
        SlidingWindowLimiter counter = new SlidingWindowLimiter(4, Duration.ofSeconds(1), clock);
        clock.advance(Duration.ofMillis(300));
        assertThat(counter.tryAcquire(1)).isTrue();
        Call call = Call.start(() -> counter.acquire(4)); // needs previous == 0: window 2, at t = 2000
        call.awaitParked();
        clock.advance(Duration.ofMillis(1699));
        assertThat(call.returned()).isNotDone();
        clock.advance(Duration.ofMillis(1));
        call.get();
    }

    @Test
    void fitsComparesExactlyIn128Bits() {
        long w = Long.MAX_VALUE;
        assertThat(SlidingWindowLimiter.fits(SlidingWindowLimiter.MAX_LIMIT, w, SlidingWindowLimiter.MAX_LIMIT, w)).isTrue();
        assertThat(SlidingWindowLimiter.fits(SlidingWindowLimiter.MAX_LIMIT, w, SlidingWindowLimiter.MAX_LIMIT - 1, w)).isFalse();
        assertThat(SlidingWindowLimiter.fits(3, w, 2, w - 1)).isFalse();
        assertThat(SlidingWindowLimiter.fits(0, w, 0, w)).isTrue();
    }

    @Test
    void worksWithTheLongestWindowAndTheLargestLimit() {
        SlidingWindowLimiter counter = new SlidingWindowLimiter(SlidingWindowLimiter.MAX_LIMIT,
                Duration.ofSeconds(Long.MAX_VALUE), clock);
        assertThat(counter.tryAcquire(SlidingWindowLimiter.MAX_LIMIT)).isTrue();
        assertThat(counter.tryAcquire()).isFalse();
    }

    @Test
    void badConstructorArgumentsAreRejectedNamingThem() {
        assertThatThrownBy(() -> new SlidingWindowLimiter(0, Duration.ofSeconds(1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> new SlidingWindowLimiter(SlidingWindowLimiter.MAX_LIMIT + 1, Duration.ofSeconds(1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> new SlidingWindowLimiter(1, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> new SlidingWindowLimiter(1, null, clock))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> new SlidingWindowLimiter(1, Duration.ofSeconds(1), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
    }

    @Test
    void describesItself() {
        SlidingWindowLimiter counter = new SlidingWindowLimiter(5, Duration.ofMillis(500), clock);
        assertThat(counter).hasToString("SlidingWindowLimiter[limit=5, window=PT0.5S]");
        assertThat(counter.limit()).isEqualTo(5);
        assertThat(counter.window()).isEqualTo(Duration.ofMillis(500));
    }
}
