package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.patterns.ratelimit.RateLimiterContract.Call;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The lock-free bucket's own behaviour: GCRA at fixed instants, and the edges of its packed state. */
@Timeout(60)
class AtomicTokenBucketTest {

    private final ManualClock clock = new ManualClock();

    /** One row: advance the clock by {@code advanceMs}, ask for {@code n}, expect {@code granted}. */
    record Step(long advanceMs, int n, boolean granted) {}

    private void play(RateLimiter l, Step... steps) {
        long at = 0;
        for (Step s : steps) {
            clock.advance(Duration.ofMillis(s.advanceMs()));
            at += s.advanceMs();
            assertThat(l.tryAcquire(s.n())).as("at %d ms, %d permits", at, s.n()).isEqualTo(s.granted());
        }
    }

    @Test
    void permitsAccrueContinuouslyOnePerIntervalLikeAllowN() {
        // rate 10/s (one per 100 ms), burst 3: x/time/rate's AllowN table, on GCRA.
        play(new AtomicTokenBucket(10, 3, clock),
                new Step(0, 3, true),      // starts full
                new Step(0, 1, false),
                new Step(99, 1, false),    // 0.99 of a permit
                new Step(1, 1, true),      // 100 ms: one
                new Step(150, 1, true),    // 250 ms: 1.5 -> take one, 0.5 left
                new Step(0, 1, false),
                new Step(50, 2, false),    // 300 ms: 1.0, not 2
                new Step(0, 1, true),
                new Step(1000, 4, false),  // more than the burst: never
                new Step(0, 3, true));     // idle: full again, no more
    }

    @Test
    void refusalWritesNothing() {
        AtomicTokenBucket l = new AtomicTokenBucket(10, 2, clock);
        assertThat(l.tryAcquire(2)).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(l.tryAcquire()).isFalse();
        }
        clock.advance(Duration.ofMillis(100));
        assertThat(l.tryAcquire()).as("a hundred refusals did not push the next permit back").isTrue();
    }

    @Test
    void hugeIdleTimeRefillsToTheBurstWithoutOverflow() {
        AtomicTokenBucket l = new AtomicTokenBucket(1e9, 1000, clock);
        assertThat(l.tryAcquire(1000)).isTrue();
        clock.advance(Duration.ofDays(365L * 200)); // 6.3e18 ns: most of a long
        assertThat(l.available()).isEqualTo(1000);
        assertThat(l.tryAcquire(1000)).isTrue();
        assertThat(l.tryAcquire()).isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(l.tryAcquire()).as("1e9/s: one per nanosecond").isTrue();
        assertThat(l.tryAcquire()).isFalse();
    }

    @Test
    void veryLowRateCountsYearsExactly() {
        double perYear = 1.0 / (365.0 * 24 * 3600);
        AtomicTokenBucket l = new AtomicTokenBucket(perYear, 2, clock);
        long interval = l.intervalNanos();
        assertThat(interval).isEqualTo(365L * 24 * 3600 * 1_000_000_000L);
        assertThat(l.tryAcquire(2)).isTrue();
        clock.advance(Duration.ofNanos(interval - 1));
        assertThat(l.tryAcquire()).isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(l.tryAcquire()).isTrue();
    }

    @Test
    void rateThatDoesNotDivideASecondIsServedSlowerNeverFaster() {
        AtomicTokenBucket l = new AtomicTokenBucket(3e8, 1, clock); // 3.33 ns -> 4 ns
        assertThat(l.tryAcquire()).isTrue();
        clock.advance(Duration.ofNanos(3));
        assertThat(l.tryAcquire()).isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(l.tryAcquire()).isTrue();
    }

    @Test
    void waitersAreServedInTheOrderTheyReservedAndTryAcquireCannotBarge() throws Exception {
        AtomicTokenBucket l = new AtomicTokenBucket(10, 1, clock);
        assertThat(l.tryAcquire()).isTrue();
        Call first = Call.start(() -> l.acquire());   // due at 100 ms
        first.awaitParked();
        Call second = Call.start(() -> l.acquire());  // due at 200 ms
        second.awaitParked();
        assertThat(l.available()).as("two permits owed").isEqualTo(-2);
        clock.advance(Duration.ofMillis(100));
        first.get();
        assertThat(second.returned()).isNotDone();
        assertThat(l.tryAcquire()).as("the permit of 100 ms went to the first waiter").isFalse();
        clock.advance(Duration.ofMillis(100));
        second.get();
        assertThat(l.tryAcquire()).isFalse();
    }

    @Test
    void aCanceledReservationHandsItsSlotToTheNextCaller() throws Exception {
        AtomicTokenBucket l = new AtomicTokenBucket(10, 1, clock);
        assertThat(l.tryAcquire()).isTrue();
        CancelableContext ctx = Context.withCancel(Context.background());
        Call waiter = Call.start(() -> l.acquire(ctx, 1));
        waiter.awaitParked();
        clock.advance(Duration.ofMillis(40));
        ctx.cancel();
        assertThat(waiter.failure()).isInstanceOf(ContextCanceledException.class);
        assertThat(l.tryAcquire()).as("not due yet, for anyone").isFalse();
        clock.advance(Duration.ofMillis(60));
        assertThat(l.tryAcquire()).as("the canceled slot is free at 100 ms").isTrue();
        assertThat(l.tryAcquire()).as("and only once").isFalse();
    }

    @Test
    void waitingReservationsCannotReachBeyond36Years() throws Exception {
        double rate = 1e-8; // one per 1e17 ns (3.2 years); burst 5 -> 5e17 ns per full reservation
        AtomicTokenBucket l = new AtomicTokenBucket(rate, 5, clock);
        assertThat(l.tryAcquire(5)).isTrue();
        CancelableContext[] ctx = {Context.withCancel(Context.background()), Context.withCancel(Context.background())};
        Call[] waiters = new Call[2];
        for (int i = 0; i < waiters.length; i++) {
            CancelableContext c = ctx[i];
            waiters[i] = Call.start(() -> l.acquire(c, 5));
            waiters[i].awaitParked(); // reservations reach 5e17, then 1e18 ns ahead
        }
        // 1.5e18 ns ahead > 2^60: the next reservation would risk overflow and is refused.
        assertThatThrownBy(() -> l.acquire(ctx[0], 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("2^60");
        for (int i = waiters.length - 1; i >= 0; i--) { // from the back: each is the last when cancelled
            ctx[i].cancel();
            assertThat(waiters[i].failure()).isInstanceOf(ContextCanceledException.class);
        }
        assertThat(l.available()).as("every reservation given back").isZero();
    }

    @Test
    void anInterruptedCallerTakesNothingAndDoesNotWait() throws Exception {
        AtomicTokenBucket l = new AtomicTokenBucket(10, 1, clock);
        assertThat(l.tryAcquire()).isTrue();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> l.acquire()).as("interrupted before: takes nothing")
                .isInstanceOf(InterruptedException.class);
        assertThat(l.available()).isZero();
    }

    @Test
    void onTheSystemClockABlockedAcquireIsWokenByTheClocksTimer() throws Exception {
        AtomicTokenBucket real = new AtomicTokenBucket(1000, 1); // one permit per millisecond
        assertThat(real.tryAcquire()).isTrue();
        Call waiter = Call.start(() -> real.acquire());
        waiter.get(); // within the helper's generous bound: the system clock's timer unparked it
        assertThat(waiter.returned()).isCompleted();
    }
}
