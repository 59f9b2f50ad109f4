package dev.go4j.redis;

/**
 * What a {@link RedisRateLimiter} decides when Redis does not answer in time: the explicit choice
 * every distributed limiter makes, implicitly or not. Go has no type for it; a Go service writes it as
 * the {@code if err != nil} branch after {@code limiter.Allow(ctx, key, limit)}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #failOpen()}: grant. The service stays up while Redis is down, unprotected.</li>
 *   <li>{@link #failClosed()}: refuse. The limit holds, the service refuses everything until Redis is
 *       back; a blocking acquire keeps waiting (bounded by its context), trying Redis again after
 *       one emission interval.</li>
 *   <li>{@link #fallback(double)}: ask an in-process token bucket per key at {@code share} of the
 *       rate and burst. Each instance then limits on its own: with {@code k} instances, a share of
 *       {@code 1/k} keeps the total near the limit.</li>
 * </ul>
 * A failure is a timeout (the limiter's, see {@link RedisRateLimiter.Builder#timeout}), a
 * connection error, or an error reply other than {@code NOSCRIPT} (which the limiter handles by
 * sending the script again). Every decision taken by the policy is counted
 * ({@link RedisRateLimiter#counters()}).
 *
 * <p>Thread safety: immutable.
 *
 * <p>Bad input: a share that is not in {@code (0, 1]} throws {@link IllegalArgumentException}.
 *
 * @since 0.1.0
 */
public final class FailurePolicy {
    /**
     * The three kinds of policy.
     *
     * @since 0.1.0
     */
    public enum Kind {
        /** Grant when Redis fails. */
        FAIL_OPEN,
        /** Refuse when Redis fails. */
        FAIL_CLOSED,
        /** Ask an in-process limiter at a share of the rate when Redis fails. */
        FALLBACK
    }

    private static final FailurePolicy OPEN = new FailurePolicy(Kind.FAIL_OPEN, 0.0);
    private static final FailurePolicy CLOSED = new FailurePolicy(Kind.FAIL_CLOSED, 0.0);

    private final Kind kind;
    private final double share;

    private FailurePolicy(Kind kind, double share) {
        this.kind = kind;
        this.share = share;
    }

    /**
     * Grants every request while Redis fails.
     *
     * @return the fail-open policy
     */
    public static FailurePolicy failOpen() {
        return OPEN;
    }

    /**
     * Refuses every request while Redis fails.
     *
     * @return the fail-closed policy
     */
    public static FailurePolicy failClosed() {
        return CLOSED;
    }

    /**
     * Decides with an in-process token bucket per key, at {@code share} of the limiter's rate and
     * burst (the burst rounded down, at least 1), while Redis fails.
     *
     * @param share the fraction of the rate each instance may grant alone, {@code 0 < share <= 1}
     * @return the fallback policy
     * @throws IllegalArgumentException if {@code share} is not in {@code (0, 1]}
     */
    public static FailurePolicy fallback(double share) {
        if (!(share > 0.0) || share > 1.0) {
            throw new IllegalArgumentException("share must be > 0 and <= 1, was " + share);
        }
        return new FailurePolicy(Kind.FALLBACK, share);
    }

    /**
     * The kind of this policy.
     *
     * @return fail-open, fail-closed or fallback
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The share of the rate the fallback limiter grants.
     *
     * @return the share, in {@code (0, 1]}; 0 unless {@link #kind()} is {@link Kind#FALLBACK}
     */
    public double share() {
        return share;
    }

    /**
     * Describes the policy.
     *
     * @return for example {@code FailurePolicy[FALLBACK, share=0.5]}
     */
    @Override
    public String toString() {
        return kind == Kind.FALLBACK ? "FailurePolicy[FALLBACK, share=" + share + "]" : "FailurePolicy[" + kind + "]";
    }
}
