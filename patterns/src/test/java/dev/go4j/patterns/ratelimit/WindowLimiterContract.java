package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@link RateLimiterContract} for window limiters, mapped as the contract says: {@code limit = BURST}
 * permits per {@code window = BURST / RATE} (500 ms). Every rule of the contract holds except one a
 * window limiter cannot keep by design: a token bucket gives a permit back every {@code PERIOD}; a
 * window gives permits back only when the window they were taken in has passed. The six tests that
 * advance the clock by {@code PERIOD} to see a permit come back are overridden here with the exact
 * instant each flavour gives permits back ({@link #backAfterFullBurst}); everything else is inherited
 * unchanged.
 */
abstract class WindowLimiterContract extends RateLimiterContract {

    /** The window of the limiter under test: BURST / RATE seconds. */
    static final Duration WINDOW = PERIOD.multipliedBy(BURST);
    private static final Duration NANO = Duration.ofNanos(1);

    /**
     * How long after the whole burst is taken at one instant {@code permits} permits are available
     * again: the exact rule of the flavour.
     */
    abstract Duration backAfterFullBurst(int permits);

    @Test
    @Override
    @DisplayName("permitsComeBackAtTheRate: a window gives permits back when their window has passed, at the exact instant")
    void permitsComeBackAtTheRate() {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        clock.advance(backAfterFullBurst(1).minus(NANO));
        assertThat(limiter.tryAcquire()).as("a nanosecond early").isFalse();
        clock.advance(NANO);
        assertThat(limiter.tryAcquire()).as("at the instant").isTrue();
    }

    @Test
    @Override
    void acquireParksUntilThePermitComesBack() throws Exception {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        Call call = Call.start(() -> limiter.acquire());
        call.awaitParked();
        clock.advance(backAfterFullBurst(1).minus(NANO));
        assertThat(call.returned()).as("a nanosecond early").isNotDone();
        clock.advance(NANO);
        call.get();
    }

    @Test
    @Override
    void acquireWithContextWhosePermitsComeAfterTheDeadlineFailsAtOnceAndTakesNothing() throws Exception {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        Duration wait = backAfterFullBurst(1);
        try (CancelableContext ctx = Context.withTimeout(Context.background(), wait.minus(NANO), clock)) {
            assertThatThrownBy(() -> limiter.acquire(ctx, 1))
                    .isInstanceOf(WaitExceedsDeadlineException.class)
                    .hasMessage("rate: Wait(n=1) would exceed context deadline");
        }
        clock.advance(wait);
        assertThat(limiter.tryAcquire()).as("the failed wait took nothing").isTrue();
    }

    @Test
    @Override
    void acquireWithContextWithinTheDeadlineWaits() throws Exception {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        Duration wait = backAfterFullBurst(1);
        try (CancelableContext ctx = Context.withTimeout(Context.background(), wait, clock)) {
            Call call = Call.start(() -> limiter.acquire(ctx, 1));
            call.awaitParked();
            clock.advance(wait);
            call.get();
        }
    }

    @Test
    @Override
    void cancelWhileWaitingThrowsTheContextErrorAndTakesNothing() throws Exception {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        CancelableContext ctx = Context.withCancel(Context.background());
        Call call = Call.start(() -> limiter.acquire(ctx, 2));
        call.awaitParked();
        ctx.cancel();
        assertThat(call.failure()).isInstanceOf(ContextCanceledException.class);
        clock.advance(backAfterFullBurst(2));
        assertThat(limiter.tryAcquire(2)).as("the canceled wait gave its permits back").isTrue();
    }

    @Test
    @Override
    void interruptWhileWaitingThrowsAndTakesNothing() throws Exception {
        assertThat(limiter.tryAcquire(BURST)).isTrue();
        Call call = Call.start(() -> limiter.acquire(2));
        call.awaitParked();
        call.thread().interrupt();
        assertThat(call.failure()).isInstanceOf(InterruptedException.class);
        clock.advance(backAfterFullBurst(2));
        assertThat(limiter.tryAcquire(2)).as("the interrupted wait gave its permits back").isTrue();
    }
}
