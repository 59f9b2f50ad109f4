package dev.go4j.patterns.breaker;

/**
 * Told of every state change of a {@link CircuitBreaker}, once per change, on the thread whose call
 * made it. Go: gobreaker's {@code Settings.OnStateChange func(name string, from, to State)}. It must
 * be quick and must not throw (what it throws propagates to that caller, after the change).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface StateListener {
    /**
     * A state change.
     *
     * @param breaker the breaker
     * @param from the state left
     * @param to the state entered
     */
    void onStateChange(CircuitBreaker breaker, State from, State to);
}
