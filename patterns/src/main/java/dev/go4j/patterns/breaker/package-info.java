/**
 * A circuit breaker that protects a downstream: closed, open, half-open, over a count-based or a
 * time-based rolling window, with failure-rate and slow-call-rate thresholds. Go: the breaker of
 * {@code sony/gobreaker}, with the rolling windows and slow calls of Resilience4j.
 *
 * <p>See {@code docs/breaker.md} for the Go version beside the Java one and the state diagram.
 */
package dev.go4j.patterns.breaker;
