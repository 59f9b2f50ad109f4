package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.patterns.ratelimit.RateLimiterContract.Call;
import dev.go4j.time.Clock;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go's {@code rate_test.go} tables for {@code AllowN}, {@code TokensAt}, {@code SetLimit}/{@code SetBurst},
 * the special limits and {@code WaitN}, at fixed instants {@code t(k)} = {@code k * 100ms} of a
 * {@link ManualClock}; plus the clock-under-the-lock rule (golang/go#65508, #71360) and bad input.
 */
@Timeout(60)
class LimiterTest {

    private static final long D = Duration.ofMillis(100).toNanos();
    private static final Duration LONG = Duration.ofSeconds(30);
    private final ManualClock clock = new ManualClock();

    private static long t(int k) {
        return k * D;
    }

    private Limiter limiter(double perSecond, int burst) {
        return new Limiter(Limit.of(perSecond), burst, clock);
    }

    /** One row of an allow table: {@code allowN(t(at), n) == ok}. */
    private record Allow(int at, int n, boolean ok) {}

    private static Allow a(int at, int n, boolean ok) {
        return new Allow(at, n, ok);
    }

    private static void run(Limiter lim, Allow... rows) {
        for (int i = 0; i < rows.length; i++) {
            Allow row = rows[i];
            assertThat(lim.allowN(t(row.at), row.n))
                    .as("step %d: allowN(t%d, %d)", i, row.at, row.n).isEqualTo(row.ok);
        }
    }

    // ---------------------------------------------------------------- allow tables

    @Test
    void burstOfOneGrantsOnePerPeriod() { // Go: TestLimiterBurst1
        run(limiter(10, 1),
                a(0, 1, true), a(0, 1, false), a(0, 1, false),
                a(1, 1, true), a(1, 1, false), a(1, 1, false),
                a(2, 2, false), // more than the burst: never
                a(2, 1, true), a(2, 1, false));
    }

    @Test
    void burstOfThreeRefillsToThreeAndNoMore() { // Go: TestLimiterBurst3
        run(limiter(10, 3),
                a(0, 2, true), a(0, 2, false), a(0, 1, true), a(0, 1, false),
                a(1, 4, false),
                a(2, 1, true), a(3, 1, true), a(4, 1, true), a(4, 1, true), a(4, 1, false), a(4, 1, false),
                a(9, 3, true), a(9, 0, true));
    }

    @Test
    void timeGoingBackwardsIsTakenAsTheLatestTimeAndNeverRecredited() { // Go: TestLimiterJumpBackwards
        run(limiter(10, 3),
                a(1, 1, true),
                a(0, 1, true), // t0 is taken as t1: two tokens were left
                a(0, 1, true),
                a(0, 1, false),
                a(0, 1, false),
                a(1, 1, false), // Go says true: it moved its clock back to t0 and re-credits t0..t1
                a(1, 1, false),
                a(2, 1, true),
                a(2, 1, false));
    }

    @Test
    void staleTimestampsNeverLetMoreThanRateTimesElapsedPlusBurstThrough() {
        Limiter lim = limiter(10, 3);
        int granted = 0;
        for (int k = 0; k < 200; k++) {
            // a caller with a fresh timestamp, then one whose timestamp is 5 periods stale
            granted += lim.allowN(t(k), 1) ? 1 : 0;
            granted += lim.allowN(t(Math.max(0, k - 5)), 1) ? 1 : 0;
        }
        assertThat(granted).as("10/s over 19.9 s plus a burst of 3").isLessThanOrEqualTo(199 + 3);
        assertThat(granted).isGreaterThanOrEqualTo(199);
    }

    @Test
    void zeroNIsGrantedUnlessTheBucketIsInDebt() { // Go's AllowN(t, 0)
        Limiter lim = limiter(10, 1);
        assertThat(lim.allowN(t(0), 1)).isTrue();
        assertThat(lim.allowN(t(0), 0)).isTrue();
        assertThat(lim.reserveN(t(0), 1).ok()).isTrue(); // one token owed
        assertThat(lim.allowN(t(0), 0)).as("Go: false while in debt").isFalse();
        assertThat(lim.tryAcquire(0)).as("the RateLimiter contract: zero is always granted").isTrue();
    }

    // ---------------------------------------------------------------- special limits and bursts

    @Test
    void zeroLimitGrantsOnlyTheInitialBurst() {
        Limiter lim = limiter(0, 3);
        run(lim, a(0, 2, true), a(9, 1, true), a(9, 1, false), a(100_000, 1, false));
        assertThat(lim.burst()).as("v0.3.0 shrank the burst; current Go does not").isEqualTo(3);
        assertThat(lim.tokensAt(t(1_000_000))).isZero();
    }

    @Test
    void zeroLimitFreshLimiterIsFullOnce() { // golang/go#68541
        Limiter lim = limiter(0, 1);
        assertThat(lim.allow()).isTrue();
        clock.advance(Duration.ofDays(365));
        assertThat(lim.allow()).isFalse();
    }

    @Test
    void infiniteLimitAllowsEverythingEvenWithZeroBurst() { // Go: TestWaitInf and Inf's doc
        Limiter lim = new Limiter(Limit.INF, 0, clock);
        run(lim, a(0, 1, true), a(0, 1_000, true), a(0, 1_000, true));
        Reservation r = lim.reserveN(t(0), 50);
        assertThat(r.ok()).isTrue();
        assertThat(r.delayFrom(t(0))).isZero();
        assertThat(lim.tryAcquire(7)).isTrue();
    }

    @Test
    void zeroBurstAllowsNothingUnderAFiniteLimit() {
        Limiter lim = limiter(10, 0);
        run(lim, a(0, 1, false), a(100, 1, false), a(100, 0, true));
        assertThat(lim.reserveN(t(100), 1).ok()).isFalse();
        assertThatThrownBy(() -> lim.waitN(Context.background(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate: Wait(n=1) exceeds limiter's burst 0");
    }

    // ---------------------------------------------------------------- tokens, setLimit, setBurst

    @Test
    void tokensAtReportsWithoutTaking() {
        Limiter lim = limiter(10, 2);
        assertThat(lim.tokensAt(t(0))).isEqualTo(2.0);
        assertThat(lim.allowN(t(0), 2)).isTrue();
        assertThat(lim.tokensAt(t(0))).isZero();
        assertThat(lim.tokensAt(t(1))).isCloseTo(1.0, within(1e-9));
        assertThat(lim.tokensAt(t(5))).isEqualTo(2.0);
        assertThat(lim.allowN(t(1), 1)).as("tokensAt took nothing").isTrue();
        assertThat(lim.tokensAt(t(0))).as("an earlier time is the latest time").isCloseTo(0.0, within(1e-9));
    }

    @Test
    void tokensReadsTheClock() {
        Limiter lim = limiter(10, 2);
        lim.allowN(clock.nanoTime(), 2);
        clock.advance(Duration.ofMillis(100));
        assertThat(lim.tokens()).isEqualTo(1.0);
        assertThat(lim).hasToString("Limiter[limit=10.0/s, burst=2, tokens=1.0]");
    }

    @Test
    void setLimitCountsThePastAtTheOldLimit() {
        Limiter lim = limiter(10, 1);
        assertThat(lim.allowN(t(0), 1)).isTrue();
        lim.setLimitAt(t(5), Limit.of(1)); // by t5 the bucket refilled (at 10/s) to its burst
        assertThat(lim.limit()).isEqualTo(Limit.of(1));
        run(lim, a(5, 1, true), a(6, 1, false), a(14, 1, false), a(15, 1, true));
    }

    @Test
    void setLimitNowReadsTheClock() {
        Limiter lim = limiter(10, 1);
        lim.allow();
        lim.setLimit(Limit.of(1));
        clock.advance(Duration.ofMillis(900));
        assertThat(lim.allow()).as("0.9 tokens at 1/s").isFalse();
        clock.advance(Duration.ofMillis(100));
        assertThat(lim.allow()).isTrue();
    }

    @Test
    void setBurstRaisesAndLowersTheCap() {
        Limiter lim = limiter(10, 1);
        assertThat(lim.allowN(t(0), 1)).isTrue();
        lim.setBurstAt(t(0), 3);
        assertThat(lim.burst()).isEqualTo(3);
        run(lim, a(9, 3, true), a(9, 1, false));
        lim.setBurstAt(t(9), 1);
        run(lim, a(20, 2, false), a(20, 1, true), a(20, 1, false));
        lim.setBurst(2);
        assertThat(lim.burst()).isEqualTo(2);
    }

    @Test
    void setLimitToInfiniteAndBack() {
        Limiter lim = limiter(10, 2);
        run(lim, a(0, 2, true), a(0, 1, false));
        lim.setLimitAt(t(0), Limit.INF);
        run(lim, a(0, 100, true));
        lim.setLimitAt(t(1), Limit.of(10));
        run(lim, a(1, 2, true), a(1, 1, false));
    }

    // ---------------------------------------------------------------- the clock is read under the lock

    /**
     * A clock whose next {@code nanoTime()} read, once armed, returns the time and then stalls until
     * released: the preemption between "read the clock" and "take the lock" that Go's limiter suffers.
     */
    private static final class StallingClock implements Clock {
        private final ManualClock base;
        private volatile boolean armed;
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        StallingClock(ManualClock base) {
            this.base = base;
        }

        @Override
        public Instant now() {
            return base.now();
        }

        @Override
        public long nanoTime() {
            long t = base.nanoTime();
            if (armed) {
                armed = false;
                stalled.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return t;
        }

        @Override
        public Scheduled schedule(Duration delay, Runnable task) {
            return base.schedule(delay, task);
        }
    }

    /** One shorthand call that takes a token now, as a boolean: was the token there at once? */
    private static boolean takeNow(Limiter lim, String call) throws Exception {
        return switch (call) {
            case "allow" -> lim.allow();
            case "tryAcquire" -> lim.tryAcquire(1);
            case "reserve" -> lim.reserve().delay().isZero();
            case "wait" -> {
                lim.wait(Context.background()); // returns at once when the token is there (no timer)
                yield true;
            }
            default -> throw new AssertionError(call);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"allow", "tryAcquire", "reserve", "wait"})
    void clockIsReadUnderTheLockSoAStaleReadingIsNeverAppliedAfterANewerOne(String call) throws Exception {
        StallingClock stalling = new StallingClock(clock);
        Limiter lim = new Limiter(Limit.of(10), 1, stalling);
        assertThat(lim.allow()).isTrue(); // t=0: the bucket is empty
        clock.advance(Duration.ofMillis(100));
        stalling.armed = true;
        BoolCall first = BoolCall.start(() -> takeNow(lim, call)); // reads 100 ms, then stalls
        assertThat(stalling.stalled.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofMillis(100));
        BoolCall second = BoolCall.start(() -> takeNow(lim, call)); // would read 200 ms
        await().atMost(LONG).until(() -> second.done() || second.thread.getState() == Thread.State.WAITING);
        assertThat(second.done())
                .as("the second caller must wait for the lock the first holds while it reads the clock")
                .isFalse();
        stalling.release.countDown();
        // In time order each caller finds the token of its period. Read outside the lock, the 200 ms
        // reading would be applied first and the 100 ms one after it: one of the two would be refused.
        assertThat(first.get()).isTrue();
        assertThat(second.get()).isTrue();
        assertThat(clock.pendingTimers()).isZero();
    }

    /** A boolean call on a virtual thread. */
    private record BoolCall(Thread thread, java.util.concurrent.CompletableFuture<Boolean> result) {
        interface Body {
            boolean run() throws Exception;
        }

        static BoolCall start(Body body) {
            var result = new java.util.concurrent.CompletableFuture<Boolean>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    result.complete(body.run());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            return new BoolCall(t, result);
        }

        boolean done() {
            return result.isDone();
        }

        boolean get() throws Exception {
            return result.get(LONG.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** A clock that moves forward by itself on every read: each caller sees a different, later time. */
    private static final class TickingClock implements Clock {
        private final AtomicLong nanos = new AtomicLong();
        private final long step;

        TickingClock(long step) {
            this.step = step;
        }

        @Override
        public Instant now() {
            return Instant.EPOCH.plusNanos(nanos.get());
        }

        @Override
        public long nanoTime() {
            return nanos.addAndGet(step);
        }

        @Override
        public Scheduled schedule(Duration delay, Runnable task) {
            throw new UnsupportedOperationException("no waits here");
        }
    }

    @Test
    void concurrentCallersNeverGetMoreThanRateTimesElapsedPlusBurst() throws Exception {
        TickingClock ticking = new TickingClock(Duration.ofMillis(1).toNanos());
        Limiter lim = new Limiter(Limit.of(100), 10, ticking);
        long start = ticking.nanos.get();
        int threads = 4;
        int calls = 5_000;
        AtomicLong granted = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            workers.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < calls; i++) {
                    if (random.nextInt(4) == 0) {
                        lim.reserve().cancel(); // reserve and give back at once: must take nothing net
                    } else if (lim.allow()) {
                        granted.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread w : workers) {
            w.join(LONG.toMillis());
        }
        double elapsedSeconds = (ticking.nanos.get() - start) / 1e9;
        assertThat((double) granted.get()).isLessThanOrEqualTo(100 * elapsedSeconds + 10);
        assertThat((double) granted.get()).as("and it is not a limiter that grants nothing")
                .isGreaterThan(100 * elapsedSeconds * 0.25);
    }

    // ---------------------------------------------------------------- wait

    @Test
    void waitTable() throws Exception { // Go: TestWaitSimple
        Limiter lim = limiter(10, 3);
        CancelableContext done = Context.withCancel(Context.background());
        done.cancel();
        assertThatThrownBy(() -> lim.waitN(done, 1)).isInstanceOf(ContextCanceledException.class);
        assertThatThrownBy(() -> lim.waitN(Context.background(), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate: Wait(n=4) exceeds limiter's burst 3");
        assertThat(lim.tokens()).as("the failed waits took nothing").isEqualTo(3.0);

        lim.waitN(Context.background(), 2); // act now: no timer
        assertThat(clock.pendingTimers()).isZero();

        Call later = Call.start(() -> lim.waitN(Context.background(), 3)); // act after 2 periods
        await().atMost(LONG).until(() -> clock.pendingTimers() == 1);
        clock.advance(Duration.ofMillis(199));
        assertThat(later.returned()).as("its timer is due at 200 ms").isNotDone();
        clock.advance(Duration.ofMillis(1));
        later.get();
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void cancelledWaitGivesItsTokensBack() throws Exception { // Go: TestWaitCancel
        Limiter lim = limiter(10, 3);
        CancelableContext ctx = Context.withCancel(Context.background());
        lim.waitN(ctx, 2); // one token left
        Call waiting = Call.start(() -> lim.waitN(ctx, 3));
        waiting.awaitParked();
        clock.advance(Duration.ofMillis(100));
        ctx.cancel();
        assertThat(waiting.failure()).isInstanceOf(ContextCanceledException.class);
        assertThat(lim.tokens()).as("1 left + 1 earned, the 3 reserved given back").isCloseTo(2.0, within(1e-9));
        assertThat(clock.pendingTimers()).as("the wait's timer was stopped").isZero();
        lim.waitN(Context.background(), 2);
    }

    @Test
    void waitThatWouldPassTheDeadlineFailsAtOnce() throws Exception { // Go: TestWaitTimeout
        Limiter lim = limiter(10, 3);
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(100), clock)) {
            lim.waitN(ctx, 2);
            assertThatThrownBy(() -> lim.waitN(ctx, 3))
                    .isInstanceOf(WaitExceedsDeadlineException.class)
                    .hasMessage("rate: Wait(n=3) would exceed context deadline");
            assertThat(lim.tokens()).isEqualTo(1.0);
        }
    }

    @Test
    void waitWithinTheDeadlineWaitsAndTheNextOneDoesNotFit() throws Exception { // Go: TestReserveMax
        Limiter lim = limiter(10, 2);
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(150), clock)) {
            lim.waitN(ctx, 2);
            Call first = Call.start(() -> lim.waitN(ctx, 1)); // due at 100 ms, within 150 ms
            first.awaitParked();
            assertThatThrownBy(() -> lim.waitN(ctx, 1)).as("due at 200 ms, past the deadline")
                    .isInstanceOf(WaitExceedsDeadlineException.class);
            clock.advance(Duration.ofMillis(100));
            first.get();
        }
    }

    @Test
    void waitOnAnInfiniteLimitNeverWaitsWhateverTheBurst() throws Exception { // Go: TestWaitInf
        Limiter lim = new Limiter(Limit.INF, 0, clock);
        lim.waitN(Context.background(), 3);
        lim.wait(Context.background());
        lim.acquire(1_000);
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void waitOnAZeroLimitPastItsTokensWaitsUntilTheContextIsDone() throws Exception {
        Limiter lim = limiter(0, 1);
        lim.wait(Context.background());
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofHours(1), clock)) {
            assertThatThrownBy(() -> lim.wait(ctx)).isInstanceOf(WaitExceedsDeadlineException.class);
        }
        CancelableContext ctx = Context.withCancel(Context.background());
        Call waiting = Call.start(() -> lim.wait(ctx));
        waiting.awaitParked();
        ctx.cancel();
        assertThat(waiting.failure()).isInstanceOf(ContextCanceledException.class);
        assertThat(lim.tokens()).as("the borrowed token went back").isZero();
    }

    @Test
    void interruptedBeforeWaitingTakesNothing() {
        Limiter lim = limiter(10, 1);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> lim.wait(Context.background())).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the interrupt status is cleared").isFalse();
        assertThat(lim.tokens()).isEqualTo(1.0);
    }

    @Test
    void interruptedWaitGivesItsTokensBack() throws Exception {
        Limiter lim = limiter(10, 2);
        lim.waitN(Context.background(), 2);
        Call waiting = Call.start(() -> lim.waitN(Context.background(), 2));
        waiting.awaitParked();
        waiting.thread().interrupt();
        assertThat(waiting.failure()).isInstanceOf(InterruptedException.class);
        assertThat(lim.tokens()).isZero();
        assertThat(clock.pendingTimers()).isZero();
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void badArgumentsAreRejectedNamingThem() {
        Limiter lim = limiter(10, 1);
        assertThatThrownBy(() -> new Limiter(null, 1, clock))
                .isInstanceOf(NullPointerException.class).hasMessage("limit");
        assertThatThrownBy(() -> new Limiter(Limit.of(1), 1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("clock");
        assertThatThrownBy(() -> new Limiter(Limit.of(1), -1, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("burst must be >= 0, was -1");
        assertThatThrownBy(() -> new Limiter(Limit.of(1), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
        assertThatThrownBy(() -> lim.allowN(0L, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("n must be >= 0, was -1");
        assertThatThrownBy(() -> lim.reserveN(0L, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("n must be >= 0, was -1");
        assertThatThrownBy(() -> lim.waitN(Context.background(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("n must be >= 0, was -1");
        assertThatThrownBy(() -> lim.waitN(null, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("ctx");
        assertThatThrownBy(() -> lim.wait((Context) null))
                .isInstanceOf(NullPointerException.class).hasMessage("ctx");
        assertThatThrownBy(() -> lim.setLimit(null))
                .isInstanceOf(NullPointerException.class).hasMessage("newLimit");
        assertThatThrownBy(() -> lim.setLimitAt(0L, null))
                .isInstanceOf(NullPointerException.class).hasMessage("newLimit");
        assertThatThrownBy(() -> lim.setBurst(-2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("burst must be >= 0, was -2");
        assertThatThrownBy(() -> lim.setBurstAt(0L, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("burst must be >= 0, was -2");
        assertThat(lim.burst()).as("nothing changed").isEqualTo(1);
        assertThat(lim.tokens()).isEqualTo(1.0);
    }

    @Test
    void defaultClockIsTheSystemClock() {
        Limiter lim = new Limiter(Limit.every(Duration.ofHours(1)), 1);
        assertThat(lim.allow()).isTrue();
        assertThat(lim.allow()).isFalse();
        assertThat(lim.reserve().delay()).isGreaterThan(Duration.ofMinutes(59));
    }
}
