package dev.go4j.patterns.ratelimit;

import dev.go4j.context.Context;
import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The blocking half of the window limiters: try, and if the permits do not fit, park until the instant
 * at which they would (computed by the limiter), then try again. Package-private; serves
 * {@link SlidingLogLimiter} and {@link SlidingWindowLimiter}.
 */
final class WindowWaiter {
    /* Implementation overview
     *
     * A window limiter answers "take n now" with 0 (taken) or the nanoseconds until the earliest instant
     * at which n would fit if nobody else took anything. The waiter arms one clock task for that instant
     * (and, for a cancelable context, one afterFunc) that unparks it, parks, and tries again: a computed
     * wait, never a poll. Losing the retry to another caller only means a new computed wait. Nothing is
     * reserved while parked, so giving up (interrupt, context) has nothing to give back.
     */

    /** Tries to take permits: 0 if taken, else nanoseconds (> 0) until they would fit. */
    @FunctionalInterface
    interface Attempt {
        long take(int permits);
    }

    private WindowWaiter() {
    }

    /** The blocking acquire of every window flavour; {@code ctx} null means unbounded. */
    static void acquire(Clock clock, Context ctx, int permits, Attempt attempt) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (ctx != null) {
            TokenBuckets.checkNotDone(ctx); // Go's WaitN looks at ctx.Done() before anything else
        }
        for (;;) {
            long wait = attempt.take(permits);
            if (wait == 0L) {
                return;
            }
            if (ctx != null) {
                TokenBuckets.checkNotDone(ctx);
                TokenBuckets.checkDeadline(ctx, clock, wait, permits);
            }
            park(clock, ctx, wait);
        }
    }

    /** Parks until {@code nanos} have passed on the clock; throws if the context is done or the thread is interrupted first. */
    private static void park(Clock clock, Context ctx, long nanos) throws InterruptedException {
        switch (ClockWait.await(clock, nanos, ctx == null ? Context.background() : ctx)) {
            case ELAPSED -> { }
            case DONE -> throw ctx.err();
            case INTERRUPTED -> throw new InterruptedException();
        }
    }

    /** Checks a blocking acquire's permits against the limit: Go's burst rule. */
    static void checkBlocking(int permits, int limit) {
        TokenBuckets.checkPermits(permits);
        if (permits > limit) {
            throw new IllegalArgumentException("permits must be <= the limit " + limit
                    + " (rate: Wait(n=" + permits + ") exceeds limiter's burst " + limit + ")");
        }
    }

    static Context checkContext(Context ctx) {
        return Objects.requireNonNull(ctx, "ctx");
    }

    /** The window in nanoseconds: positive, at most Long.MAX_VALUE. */
    static long windowNanos(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        try {
            return window.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
