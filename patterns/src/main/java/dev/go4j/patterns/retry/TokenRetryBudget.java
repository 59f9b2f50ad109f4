package dev.go4j.patterns.retry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * gRPC's retry throttling: a token count that starts at {@code maxTokens}, loses one token per failed
 * attempt, gains {@code tokenRatio} per successful one (never above the maximum), and allows retries
 * only while it is above half the maximum. Go: {@code grpc-go}'s {@code retryThrottler}, configured by
 * the service config's {@code retryThrottling {maxTokens, tokenRatio}}.
 *
 * <p>Tokens are kept in thousandths, as gRPC specifies the ratio to three decimal places. Thread
 * safety: lock-free; any number of threads. Memory consistency effects: each update is a CAS on one
 * {@link AtomicLong}.
 *
 * <p>Bad input: {@code maxTokens} outside {@code (0, 1000]} or {@code tokenRatio} not positive throws
 * {@link IllegalArgumentException} naming it.
 *
 * @implNote One CAS loop per recorded outcome; {@link #tryRetry()} is a volatile read.
 * @since 0.1.0
 */
public final class TokenRetryBudget implements RetryBudget {
    private static final long MILLI = 1000L;
    private final long max;
    private final long ratio;
    private final AtomicLong tokens;

    /**
     * Creates a full budget.
     *
     * @param maxTokens the maximum token count, in {@code (0, 1000]} as in gRPC
     * @param tokenRatio tokens earned per success, positive (three decimals count)
     * @throws IllegalArgumentException if an argument is out of range
     */
    public TokenRetryBudget(int maxTokens, double tokenRatio) {
        if (maxTokens <= 0 || maxTokens > 1000) {
            throw new IllegalArgumentException("maxTokens must be in (0, 1000]: " + maxTokens);
        }
        if (!(tokenRatio > 0) || tokenRatio > 1000) {
            throw new IllegalArgumentException("tokenRatio must be in (0, 1000]: " + tokenRatio);
        }
        this.max = maxTokens * MILLI;
        this.ratio = Math.round(tokenRatio * MILLI);
        this.tokens = new AtomicLong(max);
    }

    @Override
    public void onSuccess() {
        tokens.accumulateAndGet(ratio, (t, r) -> Math.min(max, t + r));
    }

    @Override
    public void onFailure() {
        tokens.accumulateAndGet(MILLI, (t, d) -> Math.max(0L, t - d));
    }

    /** {@return whether the token count is above half the maximum} Charges nothing: failures do. */
    @Override
    public boolean tryRetry() {
        return tokens.get() > max / 2;
    }

    /** {@return the current token count} */
    public double tokens() {
        return tokens.get() / (double) MILLI;
    }

    @Override
    public String toString() {
        return "TokenRetryBudget[tokens=" + tokens() + "/" + (max / MILLI) + "]";
    }
}
