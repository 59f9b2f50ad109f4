package dev.go4j.patterns.retry;

import java.time.Duration;

/**
 * Hooks a {@link RetryPolicy} calls on the calling thread: before each retry's wait, on success, and
 * on giving up. Go: the {@code notify func(error, time.Duration)} of {@code backoff.RetryNotify}.
 * Every method has an empty default; a hook must be quick and must not throw (what it throws
 * propagates to the caller of the policy).
 *
 * @since 0.1.0
 */
public interface RetryListener {
    /**
     * Called before waiting for the next attempt.
     *
     * @param attempt the attempt that just failed, from 1
     * @param failure its failure, or null if its result was retryable
     * @param result its result when {@code failure} is null
     * @param delay how long the policy will now wait
     */
    default void onRetry(int attempt, Throwable failure, Object result, Duration delay) {}

    /**
     * Called when an attempt succeeds.
     *
     * @param attempts how many attempts it took
     */
    default void onSuccess(int attempts) {}

    /**
     * Called when the policy gives up, just before it throws (or returns a retryable result).
     *
     * @param attempts how many attempts were made
     * @param last the last failure (a {@link dev.go4j.context.ContextException} when the context
     *     ended the retries), or null when the last result was retryable
     */
    default void onGiveUp(int attempts, Throwable last) {}
}
