package dev.go4j.patterns.ratelimit;

import dev.go4j.context.Context;
import dev.go4j.context.ContextException;

/**
 * A rate limiter: permits granted at a sustained rate, with a burst allowance. Go has no interface for
 * this; it is the shape every Go limiter shares — {@code golang.org/x/time/rate}'s
 * {@code Allow}/{@code Wait(ctx)}, a token bucket on a channel, a sliding window — so that a server can
 * swap one for another, and a {@code KeyedRateLimiter} can hold any of them per client.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #tryAcquire(int)} takes all the permits or none, and never blocks (Go:
 *       {@code lim.AllowN(time.Now(), n)}). Asking for more than the limiter can ever hold at once
 *       (its burst) returns false.</li>
 *   <li>{@link #acquire(int)} blocks, parked, until the permits are taken (Go:
 *       {@code lim.WaitN(context.Background(), n)}).</li>
 *   <li>{@link #acquire(Context, int)} gives up when the context is done, throwing the context's
 *       error, and fails at once with {@link WaitExceedsDeadlineException} when the wait it would need
 *       ends after the context's deadline (Go: {@code lim.WaitN(ctx, n)}). A call that throws has taken
 *       nothing: permits it had reserved are given back.</li>
 *   <li>{@code permits == 0} is always granted at once. No order is promised among callers that wait at
 *       the same time unless a flavour says so.</li>
 * </ul>
 *
 * <p>The contract asks only for an atomic try-and-take and a way to wait for permits, and exposes no
 * token count: an implementation may keep its state in another process (a remote store answers
 * "granted, or retry after t" in one round trip).
 *
 * <p>Thread safety: every implementation is safe for use by any number of threads. Memory consistency
 * effects: actions in a thread before a call that is granted permits happen-before actions after any
 * later call, on the same limiter, that observes those permits as taken.
 *
 * <p>Bad input: {@code permits < 0} throws {@link IllegalArgumentException}; a blocking acquire of
 * more permits than the burst throws {@link IllegalArgumentException} (Go:
 * {@code rate: Wait(n=%d) exceeds limiter's burst %d}); a null context throws
 * {@link NullPointerException}.
 *
 * <p>Example — refuse at once in a handler, wait within a deadline in a batch job:
 * {@snippet class=dev.go4j.patterns.ratelimit.RateLimiterSnippets region=limiter}
 *
 * @since 0.1.0
 */
public interface RateLimiter {

    /**
     * Takes one permit if it is available now. Go: {@code lim.Allow()}.
     *
     * @return true if the permit was taken
     */
    default boolean tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Takes {@code permits} permits if they are all available now; never blocks. Go:
     * {@code lim.AllowN(time.Now(), n)}.
     *
     * @param permits how many, zero or more
     * @return true if the permits were taken; false if not (nothing was taken)
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    boolean tryAcquire(int permits);

    /**
     * Takes one permit, waiting as long as it takes. Go: {@code lim.Wait(context.Background())}.
     *
     * @throws InterruptedException if interrupted while waiting; nothing is taken
     */
    default void acquire() throws InterruptedException {
        acquire(1);
    }

    /**
     * Takes {@code permits} permits, waiting as long as it takes. Go:
     * {@code lim.WaitN(context.Background(), n)}.
     *
     * @param permits how many, from zero to the burst
     * @implSpec The default calls {@link #acquire(Context, int)} with {@link Context#background()}.
     * @throws InterruptedException if interrupted while waiting; nothing is taken
     * @throws IllegalArgumentException if {@code permits} is negative or more than the burst
     */
    default void acquire(int permits) throws InterruptedException {
        acquire(Context.background(), permits);
    }

    /**
     * Takes one permit, waiting at most until the context is done. Go: {@code lim.Wait(ctx)}.
     *
     * @param ctx bounds the wait
     * @throws InterruptedException if interrupted while waiting; nothing is taken
     * @throws ContextException the context's error, if it is done before the permit is taken
     * @throws WaitExceedsDeadlineException if the permit would come only after the context's deadline
     * @throws NullPointerException if {@code ctx} is null
     */
    default void acquire(Context ctx) throws InterruptedException {
        acquire(ctx, 1);
    }

    /**
     * Takes {@code permits} permits, waiting at most until the context is done. Go:
     * {@code lim.WaitN(ctx, n)}.
     *
     * @param ctx bounds the wait
     * @param permits how many, from zero to the burst
     * @throws InterruptedException if interrupted while waiting; nothing is taken
     * @throws ContextException the context's error, if it is done before the permits are taken
     * @throws WaitExceedsDeadlineException if the permits would come only after the context's deadline;
     *         thrown at once, without waiting
     * @throws IllegalArgumentException if {@code permits} is negative or more than the burst
     * @throws NullPointerException if {@code ctx} is null
     */
    void acquire(Context ctx, int permits) throws InterruptedException;
}
