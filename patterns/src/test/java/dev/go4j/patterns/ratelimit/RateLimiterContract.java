package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.time.Clock;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link RateLimiter} flavour passes (JCTools' {@code QueueSanityTest} habit): one
 * subclass per flavour supplies a limiter of {@value #RATE} permits per second with a burst of
 * {@value #BURST}, on a {@link ManualClock}. Time moves only by {@link ManualClock#advance}, so every
 * check is exact; nothing sleeps.
 */
@Timeout(60)
abstract class RateLimiterContract {

    /** Permits per second of the limiter under test: one permit every 100 ms. */
    static final int RATE = 10;
    /** Burst of the limiter under test: the most permits it grants at once. */
    static final int BURST = 5;
    /** The time one permit takes to come back. */
    static final Duration PERIOD = Duration.ofMillis(1000 / RATE);
    private static final Duration LONG = Duration.ofSeconds(30);

    ManualClock clock;
    RateLimiter limiter;

    /**
     * Makes the flavour under test: {@code perSecond} permits per second, at most {@code burst} at once,
     * full (a fresh limiter grants its burst at once), reading time from {@code clock}.
     */
    abstract RateLimiter create(int perSecond, int burst, Clock clock);

    /** Releases what the flavour owns (a ticker goroutine); the default does nothing. */
    void release(RateLimiter l) throws Exception {
        if (l instanceof AutoCloseable c) {
            c.close();
        }
    }

    @BeforeEach
    void makeLimiter() {
        clock = new ManualClock();
        limiter = create(RATE, BURST, clock);
    }

    @AfterEach
    void releaseLimiter() throws Exception {
        release(limiter);
    }

    // ---------------------------------------------------------------- tryAcquire

    @Test
    void freshLimiterGrantsItsBurstAtOnceThenRejects() {
        for (int i = 0; i < BURST; i++) {
            assertThat(limiter.tryAcquire()).as("permit %d of the burst", i).isTrue();
        }
        assertThat(limiter.tryAcquire()).as("past the burst").isFalse();
    }

    @Test
    void tryAcquireTakesAllOrNothing() {
        assertThat(limiter.tryAcquire(BURST - 1)).isTrue();
        assertThat(limiter.tryAcquire(2)).as("2 asked, 1 left: nothing taken").isFalse();
        assertThat(limiter.tryAcquire(1)).as("the one left is still there").isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void permitsComeBackAtTheRate() {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        clock.advance(PERIOD);
        assertThat(limiter.tryAcquire()).as("one period later: one permit").isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void idleLimiterRefillsToTheBurstAndNoMore() {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        clock.advance(Duration.ofSeconds(60));
        assertThat(limiter.tryAcquire(BURST)).as("refilled to the burst").isTrue();
        assertThat(limiter.tryAcquire()).as("never more than the burst").isFalse();
    }

    @Test
    void tryAcquireZeroIsAlwaysGranted() {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        assertThat(limiter.tryAcquire(0)).isTrue();
    }

    @Test
    void tryAcquireMoreThanTheBurstIsNeverGranted() {
        assertThat(limiter.tryAcquire(BURST + 1)).isFalse();
        assertThat(limiter.tryAcquire(BURST)).as("nothing was taken").isTrue();
    }

    @Test
    void negativePermitsAreRejectedNamingTheArgument() {
        assertThatThrownBy(() -> limiter.tryAcquire(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permits");
        assertThatThrownBy(() -> limiter.acquire(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permits");
        assertThatThrownBy(() -> limiter.acquire(Context.background(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permits");
    }

    @Test
    void nullContextIsRejected() {
        assertThatThrownBy(() -> limiter.acquire(null, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("ctx");
    }

    /** The accuracy rule: over any simulated span from a fresh limiter, grants <= rate * t + burst. */
    @Test
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
        assertThat(granted).as("a limiter that grants nothing is not a limiter")
                .isGreaterThan((long) (RATE * (elapsedNanos / 1e9) * 0.9));
    }

    // ---------------------------------------------------------------- acquire

    @Test
    void acquireWithPermitsAvailableReturnsAtOnce() throws Exception {
        limiter.acquire(BURST);
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void acquireParksUntilThePermitComesBack() throws Exception {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        Call call = Call.start(() -> limiter.acquire());
        call.awaitParked();
        clock.advance(PERIOD);
        call.get();
        assertThat(limiter.tryAcquire()).as("the waiter took the permit that came back").isFalse();
    }

    @Test
    void acquireMoreThanTheBurstThrows() {
        assertThatThrownBy(() -> limiter.acquire(BURST + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
        assertThatThrownBy(() -> limiter.acquire(Context.background(), BURST + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
    }

    @Test
    void acquireWithContextWhosePermitsComeAfterTheDeadlineFailsAtOnceAndTakesNothing() throws Exception {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), PERIOD.dividedBy(2), clock)) {
            assertThatThrownBy(() -> limiter.acquire(ctx, 1))
                    .isInstanceOf(WaitExceedsDeadlineException.class)
                    .hasMessage("rate: Wait(n=1) would exceed context deadline");
        }
        clock.advance(PERIOD);
        assertThat(limiter.tryAcquire()).as("the failed wait took nothing").isTrue();
    }

    @Test
    void acquireWithContextWithinTheDeadlineWaits() throws Exception {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), PERIOD.multipliedBy(3), clock)) {
            Call call = Call.start(() -> limiter.acquire(ctx, 1));
            call.awaitParked();
            clock.advance(PERIOD);
            call.get();
        }
    }

    @Test
    void acquireOnDoneContextThrowsItsError() {
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        assertThatThrownBy(() -> limiter.acquire(ctx, 1)).isInstanceOf(ContextCanceledException.class);
    }

    @Test
    void cancelWhileWaitingThrowsTheContextErrorAndTakesNothing() throws Exception {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        CancelableContext ctx = Context.withCancel(Context.background());
        Call call = Call.start(() -> limiter.acquire(ctx, 2));
        call.awaitParked();
        ctx.cancel();
        assertThat(call.failure()).isInstanceOf(ContextCanceledException.class);
        clock.advance(PERIOD.multipliedBy(2));
        assertThat(limiter.tryAcquire(2)).as("the canceled wait gave its permits back").isTrue();
    }

    @Test
    void tryAcquireZeroIsGrantedEvenWhileACallerWaits() throws Exception {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        CancelableContext ctx = Context.withCancel(Context.background());
        Call call = Call.start(() -> limiter.acquire(ctx, 2));
        call.awaitParked();
        assertThat(limiter.tryAcquire(0)).as("zero permits: granted at once, whatever is owed").isTrue();
        ctx.cancel();
        assertThat(call.failure()).isInstanceOf(ContextCanceledException.class);
    }

    @Test
    void interruptWhileWaitingThrowsAndTakesNothing() throws Exception {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        Call call = Call.start(() -> limiter.acquire(2));
        call.awaitParked();
        call.thread().interrupt();
        assertThat(call.failure()).isInstanceOf(InterruptedException.class);
        clock.advance(PERIOD.multipliedBy(2));
        assertThat(limiter.tryAcquire(2)).as("the interrupted wait gave its permits back").isTrue();
    }

    /** A blocking call on a virtual thread whose future completes (or fails) when the call returns. */
    record Call(Thread thread, CompletableFuture<Void> returned) {
        interface Body {
            void run() throws Exception;
        }

        static Call start(Body body) {
            CompletableFuture<Void> returned = new CompletableFuture<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    body.run();
                    returned.complete(null);
                } catch (Throwable e) {
                    returned.completeExceptionally(e);
                }
            });
            return new Call(t, returned);
        }

        /** Waits until the call is parked (it has read the clock and armed what wakes it). */
        void awaitParked() {
            await().atMost(LONG).until(() -> thread.getState() == Thread.State.WAITING || returned.isDone());
            assertThat(returned).as("the call should block").isNotDone();
        }

        void get() throws Exception {
            returned.get(LONG.toSeconds(), TimeUnit.SECONDS);
        }

        Throwable failure() throws Exception {
            try {
                get();
            } catch (ExecutionException e) {
                return e.getCause();
            }
            throw new AssertionError("expected the call to fail");
        }
    }
}
