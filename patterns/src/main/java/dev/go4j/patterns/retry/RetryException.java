package dev.go4j.patterns.retry;

/**
 * Thrown when a {@link RetryPolicy} gives up: its cause is the last failure, its suppressed
 * exceptions the earlier ones in order (Go's {@code fmt.Errorf("...: %w", errors.Join(errs...))}),
 * and its message says how many attempts were made and why the policy stopped.
 *
 * <p>Find a kind of failure with the cause chain, as {@code errors.Is} would. Thread safety: not
 * modified after it is thrown.
 *
 * @since 0.1.0
 */
public final class RetryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Why the policy stopped.
     *
     * @since 0.1.0
     */
    public enum Reason {
        /** Every allowed attempt failed. */
        EXHAUSTED,
        /** The failure was not retryable, or was {@link Permanent}. */
        NOT_RETRYABLE,
        /** The retry budget refused the retry. */
        BUDGET_EXHAUSTED,
        /** The next wait would pass the context's deadline. */
        DEADLINE
    }

    /** The number of attempts made before giving up. */
    private final int attempts;
    /** Why the policy gave up. */
    private final Reason reason;

    RetryException(int attempts, Reason reason, Throwable last) {
        super("retry: gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + " (" + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "): " + last, last);
        this.attempts = attempts;
        this.reason = reason;
    }

    /**
     * How many attempts were made.
     *
     * @return the attempt count, at least 1
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Why the policy stopped.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
