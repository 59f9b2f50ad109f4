package dev.go4j.patterns.cache;

import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The time side of a cache, shared by the flavours: its clock, its default time to live and the jitter
 * applied to it, and the validation of an explicit time to live.
 */
final class Expiry {
    /**
     * The longest time to live kept exactly (about 146 years); longer ones are clamped to it, so that
     * {@code now + ttl} never gets more than 2^62 ahead and comparisons by subtraction stay right even
     * when the sum wraps.
     */
    static final long MAX_TTL_NANOS = Long.MAX_VALUE >> 1;

    final Clock clock;
    final long defaultTtlNanos;
    final double jitter;

    Expiry(Duration defaultTtl, double jitter, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultTtlNanos = ttlNanos(defaultTtl, "defaultTtl");
        this.jitter = jitter;
    }

    /**
     * {@code ttl} in nanoseconds, clamped to {@link #MAX_TTL_NANOS}.
     *
     * @throws NullPointerException if {@code ttl} is null, naming {@code name}
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     */
    static long ttlNanos(Duration ttl, String name) {
        Objects.requireNonNull(ttl, name);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + ttl);
        }
        return ttl.compareTo(Duration.ofNanos(MAX_TTL_NANOS)) > 0 ? MAX_TTL_NANOS : ttl.toNanos();
    }

    long now() {
        return clock.nanoTime();
    }

    /**
     * The deadline of an entry set now with the default time to live: {@code now + ttl * (1 + j * u)}
     * for {@code u} uniform in [-1, 1) and the jitter fraction {@code j}, and never less than 1 ns.
     */
    long defaultDeadline() {
        long ttl = defaultTtlNanos;
        if (jitter > 0.0) {
            double u = ThreadLocalRandom.current().nextDouble(-1.0, 1.0);
            ttl = Math.max(1L, (long) (ttl * (1.0 + jitter * u)));
            ttl = Math.min(ttl, MAX_TTL_NANOS);
        }
        return clock.nanoTime() + ttl; // may wrap: compared by subtraction
    }

    /** The deadline of an entry set now with an explicit time to live (no jitter: explicit means exact). */
    long deadline(long ttlNanos) {
        return clock.nanoTime() + ttlNanos;
    }
}
