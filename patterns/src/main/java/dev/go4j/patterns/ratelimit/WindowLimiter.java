package dev.go4j.patterns.ratelimit;

import dev.go4j.context.Context;
import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the two window limiters share: a limit per window, the clock, and the {@link RateLimiter}
 * methods, all built on one {@link #take(int)} that each flavour implements — "take {@code n} now, or
 * say how long until they would fit". The blocking forms park on a clock timer for that long and try
 * again ({@link WindowWaiter}).
 */
abstract sealed class WindowLimiter implements RateLimiter permits SlidingLogLimiter, SlidingWindowLimiter {
    final Clock clock;
    final int limit;
    /** The window in nanoseconds, positive. */
    final long window;

    /**
     * @throws IllegalArgumentException if {@code limit} is not in [1, maxLimit] or {@code window} is
     *         not positive
     * @throws NullPointerException if {@code window} or {@code clock} is null
     */
    WindowLimiter(int limit, int maxLimit, Duration window, Clock clock) {
        if (limit < 1 || limit > maxLimit) {
            throw new IllegalArgumentException(maxLimit == Integer.MAX_VALUE
                    ? "limit must be >= 1, was " + limit
                    : "limit must be in [1, " + maxLimit + "], was " + limit);
        }
        this.window = WindowWaiter.windowNanos(window);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limit = limit;
    }

    /** Takes {@code 0 <= n <= limit} permits now: 0 if taken, else nanoseconds until they would fit. */
    abstract long take(int n);

    /**
     * Takes {@code permits} permits if the window lets them in now: if at most {@code limit} would
     * then have been granted in the last window (exactly, for the log; by estimate, for the counter).
     *
     * @param permits how many, zero or more
     * @return true if taken; false if not (nothing taken), always false above {@code limit}
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    @Override
    public final boolean tryAcquire(int permits) {
        TokenBuckets.checkPermits(permits);
        if (permits > limit) {
            return false;
        }
        return take(permits) == 0L;
    }

    /**
     * Takes {@code permits} permits, parking until the window lets them in.
     *
     * @param permits how many, from zero to {@code limit}
     * @throws InterruptedException if interrupted while waiting; nothing is taken
     * @throws IllegalArgumentException if {@code permits} is negative or more than {@code limit}
     */
    @Override
    public final void acquire(int permits) throws InterruptedException {
        WindowWaiter.checkBlocking(permits, limit);
        WindowWaiter.acquire(clock, null, permits, this::take);
    }

    /**
     * Takes {@code permits} permits, waiting at most until {@code ctx} is done.
     *
     * @param ctx bounds the wait
     * @param permits how many, from zero to {@code limit}
     * @throws InterruptedException if interrupted while waiting; nothing is taken
     * @throws dev.go4j.context.ContextException the context's error, if it is done first
     * @throws WaitExceedsDeadlineException if the permits would fit only after the context's deadline
     * @throws IllegalArgumentException if {@code permits} is negative or more than {@code limit}
     * @throws NullPointerException if {@code ctx} is null
     */
    @Override
    public final void acquire(Context ctx, int permits) throws InterruptedException {
        WindowWaiter.checkContext(ctx);
        WindowWaiter.checkBlocking(permits, limit);
        WindowWaiter.acquire(clock, ctx, permits, this::take);
    }

    /**
     * The most permits granted in any window (for the counter, as estimated).
     *
     * @return the limit given at construction
     */
    public final int limit() {
        return limit;
    }

    /**
     * The length of the window.
     *
     * @return the window given at construction (saturated to about 292 years)
     */
    public final Duration window() {
        return Duration.ofNanos(window);
    }

    /**
     * Describes the limiter.
     *
     * @return for example {@code SlidingLogLimiter[limit=5, window=PT0.5S]}
     */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[limit=" + limit + ", window=" + window() + "]";
    }
}
