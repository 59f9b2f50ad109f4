package dev.go4j.sync;

import java.time.Duration;
import java.util.Objects;

/** Converts a timeout argument to nanoseconds and deadlines, saturating instead of overflowing. */
final class Durations {
    private Durations() {}

    /** {@code d} in nanoseconds, saturated to the range of a long; throws NPE naming {@code name}. */
    static long toNanos(Duration d, String name) {
        Objects.requireNonNull(d, name);
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** {@code System.nanoTime() + nanos}, saturating: a huge timeout means "about 292 years". */
    static long deadline(long nanos) {
        long now = System.nanoTime();
        long d = now + nanos;
        return ((now ^ d) & (nanos ^ d)) < 0 ? Long.MAX_VALUE : d;
    }
}
