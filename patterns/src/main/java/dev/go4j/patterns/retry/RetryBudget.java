package dev.go4j.patterns.retry;

/**
 * A limit on retries shared by every caller of a dependency, so a failing dependency gets a bounded
 * share of extra traffic instead of {@code attempts}× the load. Go: gRPC's retry throttling
 * ({@link TokenRetryBudget}) and Finagle's {@code RetryBudget} ({@link PercentRetryBudget}).
 *
 * <p>A {@link RetryPolicy} calls {@link #onAttempt()} before every first attempt, {@link #onSuccess()}
 * and {@link #onFailure()} after each attempt, and {@link #tryRetry()} before each retry. Thread
 * safety: implementations are safe for use by any number of threads.
 *
 * @since 0.1.0
 */
public interface RetryBudget {
    /** Records a first attempt (a request, not a retry). */
    default void onAttempt() {}

    /** Records an attempt that succeeded. */
    default void onSuccess() {}

    /** Records an attempt that failed. */
    default void onFailure() {}

    /**
     * Asks for one retry; on {@code true} the retry is charged.
     *
     * @return whether the retry may go ahead
     */
    boolean tryRetry();
}
