package dev.go4j.patterns.retry;

import dev.go4j.context.Context;

/**
 * One try of a retried operation. Go: the {@code func(ctx context.Context) (T, error)} a retry helper
 * calls in its loop.
 *
 * <p>The context passed in is the caller's, or a child of it with the per-attempt timeout when the
 * policy has one; an attempt should honour it. Throwing is failing; returning is succeeding (unless
 * the result predicate asks for a retry).
 *
 * @param <T> the result type
 * @since 0.1.0
 */
@FunctionalInterface
public interface Attempt<T> {
    /**
     * Runs one attempt.
     *
     * @param ctx the attempt's context
     * @return the result
     * @throws Exception any failure; {@link Permanent} stops retrying at once
     */
    T call(Context ctx) throws Exception;
}
