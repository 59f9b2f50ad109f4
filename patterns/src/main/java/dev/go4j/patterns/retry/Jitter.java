package dev.go4j.patterns.retry;

/**
 * How a {@link Backoff} spreads its delays: the four strategies of "Exponential Backoff and Jitter"
 * (AWS Architecture Blog, 2015). Go has no standard retry; these are the formulas of that study, which
 * {@code cenkalti/backoff} and gRPC's connection backoff also follow in part.
 *
 * <p>With {@code expo(k) = min(cap, base * 2^k)} for the {@code k}-th retry (from 0), and
 * {@code uniform(a, b)} a random duration in {@code [a, b]}:
 * <ul>
 *   <li>{@link #NONE}: {@code expo(k)}.</li>
 *   <li>{@link #FULL}: {@code uniform(0, expo(k))}.</li>
 *   <li>{@link #EQUAL}: {@code expo(k)/2 + uniform(0, expo(k)/2)}.</li>
 *   <li>{@link #DECORRELATED}: {@code min(cap, uniform(base, previous * 3))}, with {@code previous}
 *       starting at {@code base}.</li>
 * </ul>
 * Thread safety: an enum, immutable.
 *
 * @since 0.1.0
 */
public enum Jitter {
    /** Plain exponential backoff: every caller waits the same, so failures stay in lock-step. */
    NONE,
    /** Full jitter: a uniform delay up to the exponential one; the fewest calls in the AWS study. */
    FULL,
    /** Equal jitter: half the exponential delay, plus a uniform share of the other half. */
    EQUAL,
    /** Decorrelated jitter: each delay drawn between the base and three times the previous one. */
    DECORRELATED
}
