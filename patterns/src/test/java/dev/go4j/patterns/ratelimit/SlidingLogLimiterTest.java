package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The exact sliding log: the contract, then tables at fixed instants. */
class SlidingLogLimiterTest extends WindowLimiterContract {

    @Override
    RateLimiter create(int perSecond, int burst, Clock clock) {
        return new SlidingLogLimiter(burst, Duration.ofNanos(1_000_000_000L * burst / perSecond), clock);
    }

    /** Every permit taken at one instant leaves the window together, exactly a window later. */
    @Override
    Duration backAfterFullBurst(int permits) {
        return WINDOW;
    }

    /**
     * Go's table habit, at fixed instants (ms since creation), for a log of 3 per second: each row asks
     * for {@code n} permits at {@code t} and says whether they are granted.
     */
    @Test
    void grantsFollowTheExactWindowAtEachInstant() {
        Object[][] table = {
                {0L, 1, true},      // empty window
                {100L, 1, true},
                {900L, 1, true},    // grants at 0, 100, 900: full
                {999L, 1, false},   // the grant at 0 leaves at 1000, not before
                {1000L, 2, false},  // only the grant at 0 has left: room for 1
                {1000L, 1, true},   // takes the slot it freed
                {1099L, 1, false},
                {1100L, 1, true},   // the grant at 100 has left
                {1900L, 3, false},  // 900 has left, 1000 and 1100 have not
                {2100L, 3, true},   // all three have left
                {2100L, 0, true},   // zero is always granted
                {3099L, 3, false},
                {3100L, 3, true},
        };
        SlidingLogLimiter log = new SlidingLogLimiter(3, Duration.ofSeconds(1), clock);
        long now = 0;
        for (Object[] row : table) {
            long t = (long) row[0];
            clock.advance(Duration.ofMillis(t - now));
            now = t;
            assertThat(log.tryAcquire((int) row[1])).as("at %d ms take %d", t, row[1]).isEqualTo(row[2]);
        }
    }

    /** The defining property, against a brute-force log of every grant: never more than limit in any window. */
    @Test
    void neverMoreThanTheLimitInAnySlidingWindowAndNeverRefusesWhatFits() {
        int limit = 7;
        long windowNanos = 1_000_000;
        SlidingLogLimiter log = new SlidingLogLimiter(limit, Duration.ofNanos(windowNanos), clock);
        ArrayDeque<Long> grants = new ArrayDeque<>(); // every permit in the last window
        SplittableRandom random = new SplittableRandom(7);
        long now = 0;
        for (int i = 0; i < 100_000; i++) {
            int n = random.nextInt(limit + 1);
            while (!grants.isEmpty() && now - grants.peekFirst() >= windowNanos) {
                grants.pollFirst();
            }
            boolean fits = grants.size() + n <= limit;
            assertThat(log.tryAcquire(n)).as("step %d at %d ns, n=%d", i, now, n).isEqualTo(fits);
            if (fits) {
                for (int k = 0; k < n; k++) {
                    grants.addLast(now);
                }
            }
            long step = random.nextLong(0, windowNanos / 3);
            clock.advance(Duration.ofNanos(step));
            now += step;
        }
    }

    @Test
    void blockingAcquireWaitsForTheExactGrantThatMustLeave() throws Exception {
        SlidingLogLimiter log = new SlidingLogLimiter(3, Duration.ofSeconds(1), clock);
        assertThat(log.tryAcquire()).isTrue();          // t=0
        clock.advance(Duration.ofMillis(200));
        assertThat(log.tryAcquire(2)).isTrue();         // t=200, full
        Call call = Call.start(() -> log.acquire(2));   // the 2nd newest grant (200) must leave: at 1200
        call.awaitParked();
        clock.advance(Duration.ofMillis(800));          // t=1000: the grant at 0 left, not enough
        assertThat(call.returned()).isNotDone();
        clock.advance(Duration.ofMillis(199));
        assertThat(call.returned()).isNotDone();
        clock.advance(Duration.ofMillis(1));            // t=1200
        call.get();
        assertThat(log.tryAcquire()).as("2 taken at 1200 plus none: one left").isTrue();
        assertThat(log.tryAcquire()).isFalse();
    }

    @Test
    void waitExceedsDeadlineIsJudgedOnTheComputedWait() throws Exception {
        SlidingLogLimiter log = new SlidingLogLimiter(1, Duration.ofSeconds(1), clock);
        assertThat(log.tryAcquire()).isTrue();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(999), clock)) {
            assertThatThrownBy(() -> log.acquire(ctx, 1)).isInstanceOf(WaitExceedsDeadlineException.class);
        }
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(1000), clock)) {
            Call call = Call.start(() -> log.acquire(ctx, 1));
            call.awaitParked();
            clock.advance(Duration.ofSeconds(1));
            call.get();
        }
    }

    @Test
    void badConstructorArgumentsAreRejectedNamingThem() {
        assertThatThrownBy(() -> new SlidingLogLimiter(0, Duration.ofSeconds(1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> new SlidingLogLimiter(1, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> new SlidingLogLimiter(1, Duration.ofSeconds(-1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> new SlidingLogLimiter(1, null, clock))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> new SlidingLogLimiter(1, Duration.ofSeconds(1), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
    }

    @Test
    void describesItself() {
        SlidingLogLimiter log = new SlidingLogLimiter(5, Duration.ofMillis(500), clock);
        assertThat(log).hasToString("SlidingLogLimiter[limit=5, window=PT0.5S]");
        assertThat(log.limit()).isEqualTo(5);
        assertThat(log.window()).isEqualTo(Duration.ofMillis(500));
    }
}
