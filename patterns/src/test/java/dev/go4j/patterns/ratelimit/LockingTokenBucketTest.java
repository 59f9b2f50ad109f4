package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.patterns.ratelimit.RateLimiterContract.Call;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The locking bucket's own behaviour: fractional refill at fixed instants, and exact give-backs. */
@Timeout(60)
class LockingTokenBucketTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void tokensAccrueInFractionsAndAreCappedAtTheBurst() {
        LockingTokenBucket l = new LockingTokenBucket(10, 3, clock);
        assertThat(l.available()).as("starts full").isEqualTo(3.0);
        assertThat(l.tryAcquire(3)).isTrue();
        // at ms: tokens before the call, n, granted
        Object[][] table = {
            {50L, 0.5, 1, false},
            {100L, 1.0, 1, true},
            {250L, 1.5, 2, false},
            {300L, 2.0, 2, true},
            {10_000L, 3.0, 3, true},   // idle: capped at the burst
        };
        long at = 0;
        for (Object[] row : table) {
            long ms = (Long) row[0];
            clock.advance(Duration.ofMillis(ms - at));
            at = ms;
            assertThat(l.available()).as("tokens at %d ms", ms).isCloseTo((Double) row[1], offset(1e-9));
            assertThat(l.tryAcquire((Integer) row[2])).as("take %s at %d ms", row[2], ms).isEqualTo(row[3]);
        }
    }

    @Test
    void aBlockingAcquireReservesSoTheCountGoesNegativeLikeXTimeRate() throws Exception {
        LockingTokenBucket l = new LockingTokenBucket(10, 3, clock);
        assertThat(l.tryAcquire(3)).isTrue();
        Call waiter = Call.start(() -> l.acquire(2));
        waiter.awaitParked();
        assertThat(l.available()).isEqualTo(-2.0);
        assertThat(l.tryAcquire()).as("no barging ahead of the reservation").isFalse();
        clock.advance(Duration.ofMillis(199));
        assertThat(waiter.returned()).isNotDone();
        clock.advance(Duration.ofMillis(1));
        waiter.get();
        assertThat(l.available()).isEqualTo(0.0);
    }

    @Test
    void aCanceledReservationIsGivenBackExactly() throws Exception {
        LockingTokenBucket l = new LockingTokenBucket(10, 3, clock);
        assertThat(l.tryAcquire(3)).isTrue();
        CancelableContext ctx = Context.withCancel(Context.background());
        Call waiter = Call.start(() -> l.acquire(ctx, 3));
        waiter.awaitParked();
        clock.advance(Duration.ofMillis(150)); // -3 + 1.5
        ctx.cancel();
        assertThat(waiter.failure()).isInstanceOf(ContextCanceledException.class);
        assertThat(l.available()).as("as if the reservation had never been made").isEqualTo(1.5);
        assertThat(l.tryAcquire()).isTrue();
        assertThat(l.tryAcquire()).isFalse();
    }

    @Test
    void aCancelledWaitWithAWaiterBehindItGivesNothingBack() throws Exception {
        LockingTokenBucket l = new LockingTokenBucket(10, 1, clock);
        assertThat(l.tryAcquire()).isTrue();
        CancelableContext ctx = Context.withCancel(Context.background());
        Call first = Call.start(() -> l.acquire(ctx, 1));   // due at 100 ms
        first.awaitParked();
        Call second = Call.start(() -> l.acquire(1));       // due at 200 ms
        second.awaitParked();
        ctx.cancel();
        assertThat(first.failure()).isInstanceOf(ContextCanceledException.class);
        clock.advance(Duration.ofMillis(100));
        assertThat(l.tryAcquire()).as("100 ms: the second waiter's debt still stands").isFalse();
        assertThat(second.returned()).as("it keeps its due time").isNotDone();
        clock.advance(Duration.ofMillis(100));
        second.get();
        assertThat(l.tryAcquire()).as("200 ms: the second waiter's permit, not granted twice (burst 1)").isFalse();
        clock.advance(Duration.ofMillis(100));
        assertThat(l.tryAcquire()).as("300 ms: the next permit, one period after the last grant").isTrue();
        assertThat(l.tryAcquire()).isFalse();
    }

    @Test
    void hugeIdleTimeAndExtremeRatesStayExact() {
        LockingTokenBucket fast = new LockingTokenBucket(1e9, 1000, clock);
        assertThat(fast.tryAcquire(1000)).isTrue();
        clock.advance(Duration.ofNanos(1));
        assertThat(fast.tryAcquire()).as("1e9/s: one per nanosecond").isTrue();
        assertThat(fast.tryAcquire()).isFalse();
        clock.advance(Duration.ofDays(365L * 200));
        assertThat(fast.available()).isEqualTo(1000.0);
        LockingTokenBucket slow = new LockingTokenBucket(0.25, 1, clock); // one per 4 s
        assertThat(slow.tryAcquire()).isTrue();
        clock.advance(Duration.ofMillis(3999));
        assertThat(slow.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(slow.tryAcquire()).isTrue();
    }

    @Test
    void onTheSystemClockABlockedAcquireIsWokenByTheClocksTimer() throws Exception {
        LockingTokenBucket real = new LockingTokenBucket(1000, 1); // one permit per millisecond
        assertThat(real.tryAcquire()).isTrue();
        Call waiter = Call.start(() -> real.acquire());
        waiter.get(); // within the helper's generous bound: the system clock's timer unparked it
        assertThat(waiter.returned()).isCompleted();
    }
}
