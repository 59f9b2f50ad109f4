package dev.go4j.patterns.retry;

import java.util.Objects;

/**
 * A failure that must not be retried: throw {@code new Permanent(cause)} from an {@link Attempt} and
 * the policy stops at once, whatever its predicate says. Go: {@code backoff.Permanent(err)} of
 * {@code cenkalti/backoff}.
 *
 * <p>The policy reports {@link #getCause()} (not this wrapper) as the cause of its
 * {@link RetryException}. Thread safety: immutable once thrown.
 *
 * @since 0.1.0
 */
public final class Permanent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Wraps {@code cause} as permanent.
     *
     * @param cause the underlying failure, not null
     * @throws NullPointerException if {@code cause} is null
     */
    public Permanent(Throwable cause) {
        super(Objects.requireNonNull(cause, "cause").toString(), cause, false, false);
    }
}
