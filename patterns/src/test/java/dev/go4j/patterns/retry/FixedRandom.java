package dev.go4j.patterns.retry;

import java.util.random.RandomGenerator;

/**
 * A random source for exact delay sequences: each bounded draw returns {@code fraction} of the
 * bound's range (0 gives the lowest value, 1 the highest).
 */
final class FixedRandom implements RandomGenerator {
    private final double fraction;

    FixedRandom(double fraction) {
        this.fraction = fraction;
    }

    static FixedRandom lowest() {
        return new FixedRandom(0.0);
    }

    static FixedRandom highest() {
        return new FixedRandom(1.0);
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("only bounded draws are expected");
    }

    @Override
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return Math.min(bound - 1, (long) Math.floor((bound - 1) * fraction));
    }
}
