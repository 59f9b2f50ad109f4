package dev.go4j.patterns.breaker;

/**
 * The state of a {@link CircuitBreaker}. Go: {@code gobreaker.State} ({@code StateClosed},
 * {@code StateHalfOpen}, {@code StateOpen}).
 *
 * @since 0.1.0
 */
public enum State {
    /** Calls go through; their outcomes fill the rolling window. */
    CLOSED,
    /** Calls are refused until the open duration has passed. */
    OPEN,
    /** A bounded number of probe calls go through; their outcomes decide closed or open. */
    HALF_OPEN
}
