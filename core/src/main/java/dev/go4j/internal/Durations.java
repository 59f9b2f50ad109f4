package dev.go4j.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeout arithmetic shared by the go4j packages: durations in nanoseconds and deadlines on
 * {@link System#nanoTime()}, saturating at the ends of {@code long} instead of overflowing. Internal:
 * the package is not exported from the {@code dev.go4j.core} module and is not public API.
 */
public final class Durations {
    private Durations() {}

    /**
     * {@code d} in nanoseconds, saturated to the range of a long.
     *
     * @param d the duration
     * @param name the argument's name, for the {@link NullPointerException} message
     * @return the nanoseconds, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} if out of range
     */
    public static long toNanos(Duration d, String name) {
        Objects.requireNonNull(d, name);
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * The longest timeout a deadline stands for, about 146 years: half the range of a long, so that a
     * deadline and any later {@link System#nanoTime()} reading are always less than 2^63 apart and
     * their difference has the right sign, wherever the arbitrary origin of {@code nanoTime} lies.
     */
    public static final long MAX_TIMEOUT = Long.MAX_VALUE >> 1;

    /**
     * {@code System.nanoTime() + nanos}, with {@code nanos} capped at {@link #MAX_TIMEOUT}: a huge
     * timeout means "about 146 years". Compare the result with later readings by subtraction
     * ({@code deadline - System.nanoTime() > 0}), as {@code nanoTime} requires; a deadline saturated
     * at {@link Long#MAX_VALUE} instead would be near at hand on a JVM whose {@code nanoTime} origin
     * lies close to it.
     *
     * @param nanos a non-negative timeout
     * @return the deadline on the {@code nanoTime} scale
     */
    public static long deadline(long nanos) {
        return System.nanoTime() + Math.min(nanos, MAX_TIMEOUT);
    }

    /**
     * {@code a + b}, saturating at {@link Long#MAX_VALUE} and {@link Long#MIN_VALUE}.
     *
     * @param a a summand
     * @param b a summand
     * @return the saturated sum
     */
    public static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0L ? (a < 0L ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }
}
