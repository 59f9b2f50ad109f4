package dev.go4j.patterns.breaker;

/**
 * Thrown by {@link CircuitBreaker#call} when the breaker refuses a call. Go: gobreaker's
 * {@code ErrOpenState} ("circuit breaker is open") and {@code ErrTooManyRequests} ("too many
 * requests", when the half-open probes are all taken). It carries no stack trace: refusing is the
 * breaker's normal, cheap path.
 *
 * @since 0.1.0
 */
public final class BreakerOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The state that refused the call: open, or half-open with every probe taken. */
    private final State state;

    BreakerOpenException(String name, State state) {
        super(name + ": " + (state == State.OPEN ? "circuit breaker is open" : "too many requests"), null, false, false);
        this.state = state;
    }

    /** {@return the state that refused the call: {@link State#OPEN} or {@link State#HALF_OPEN}} */
    public State state() {
        return state;
    }
}
