package dev.go4j.patterns.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A backoff schedule: a {@link Jitter} strategy, a base delay and a cap. Go: the
 * {@code base * 1 << attempt} of a hand-written retry loop, or {@code cenkalti/backoff}'s
 * {@code ExponentialBackOff}; here the four strategies of the AWS study, computed without overflow.
 *
 * <p>Semantics: {@link #delay(int, Duration, RandomGenerator)} gives the wait before retry number
 * {@code retry} (0 for the first retry). Every delay lies in {@code [0, cap]} (in
 * {@code [base, cap]} for {@link Jitter#DECORRELATED} when {@code base <= cap}); doubling saturates at
 * the cap, so a huge retry number or a huge duration never overflows and never goes negative.
 * Durations beyond about 292 years count as that much.
 *
 * <p>Thread safety: immutable; the random source passed in must be safe for the calling thread.
 *
 * <p>Bad input: a null argument throws {@link NullPointerException}; a negative base or cap, or a
 * negative retry number, throws {@link IllegalArgumentException} naming it.
 *
 * @param jitter the strategy
 * @param base the first delay (the unit that is doubled)
 * @param cap the largest delay
 * @implNote No allocation besides the returned {@link Duration}; one random draw per jittered delay.
 * @since 0.1.0
 */
public record Backoff(Jitter jitter, Duration base, Duration cap) {
    /**
     * Validates the schedule.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code base} or {@code cap} is negative
     */
    public Backoff {
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative()) {
            throw new IllegalArgumentException("base must not be negative: " + base);
        }
        if (cap.isNegative()) {
            throw new IllegalArgumentException("cap must not be negative: " + cap);
        }
    }

    /**
     * The wait before retry number {@code retry}.
     *
     * @param retry which retry, from 0
     * @param previous the previous delay (used by {@link Jitter#DECORRELATED}); null for the first
     * @param random the random source for the jittered strategies
     * @return the delay, in {@code [0, cap]}
     * @throws IllegalArgumentException if {@code retry} is negative
     * @throws NullPointerException if {@code random} is null
     */
    public Duration delay(int retry, Duration previous, RandomGenerator random) {
        long prev = previous == null ? -1L : nanos(previous);
        return Duration.ofNanos(delayNanos(retry, prev, random));
    }

    long delayNanos(int retry, long previousNanos, RandomGenerator random) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must not be negative: " + retry);
        }
        Objects.requireNonNull(random, "random");
        long b = nanos(base);
        long c = nanos(cap);
        return switch (jitter) {
            case NONE -> expo(b, c, retry);
            case FULL -> uniform(random, 0L, expo(b, c, retry));
            case EQUAL -> {
                long t = expo(b, c, retry);
                long half = t / 2;
                yield half + uniform(random, 0L, t - half);
            }
            case DECORRELATED -> {
                long prev = previousNanos < b ? b : previousNanos;
                long hi = prev > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : prev * 3;
                yield Math.min(c, uniform(random, b, hi));
            }
        };
    }

    /** {@code min(cap, base * 2^retry)}, saturating. */
    static long expo(long base, long cap, int retry) {
        if (base == 0L) {
            return 0L;
        }
        if (retry >= 63 || base > (cap >> retry)) {
            return cap;
        }
        return Math.min(cap, base << retry);
    }

    /** A uniform draw in {@code [lo, hi]}, with {@code 0 <= lo <= hi}. */
    static long uniform(RandomGenerator random, long lo, long hi) {
        long span = hi - lo;
        if (span <= 0L) {
            return lo;
        }
        // span + 1 overflows only for the full range; then the top value is left out, which no
        // caller can notice.
        return lo + random.nextLong(span == Long.MAX_VALUE ? span : span + 1);
    }

    /** The duration in nanoseconds, saturating at {@link Long#MAX_VALUE}. */
    static long nanos(Duration d) {
        if (d.isNegative()) {
            return 0L;
        }
        return d.compareTo(MAX_NANOS) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);
}
