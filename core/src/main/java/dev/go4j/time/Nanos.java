package dev.go4j.time;

import java.time.Duration;
import java.util.Objects;

/** Duration arithmetic in saturating nanoseconds. */
final class Nanos {
    private Nanos() {}

    /** {@code d} in nanoseconds, saturating at the ends of {@code long} instead of throwing. */
    static long of(Duration d, String name) {
        Objects.requireNonNull(d, name);
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** {@code a + b}, saturating at {@link Long#MAX_VALUE} and {@link Long#MIN_VALUE}. */
    static long add(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0L ? (a < 0L ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }
}
