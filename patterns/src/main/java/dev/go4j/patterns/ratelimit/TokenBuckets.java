package dev.go4j.patterns.ratelimit;

import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the three token-bucket flavours share: argument rules, the emission interval, and the
 * "would the wait pass the deadline" test of {@code WaitN(ctx, n)}.
 */
final class TokenBuckets {
    /** The highest rate: one permit per nanosecond, the resolution of a clock's monotonic time. */
    static final double MAX_RATE = 1e9;
    /** The longest burst interval ({@code burst / rate}): 2^59 ns, about 18 years, so sums never overflow. */
    static final long MAX_TOLERANCE_NANOS = 1L << 59;

    private TokenBuckets() {}

    /**
     * The time between two permits, in whole nanoseconds, rounded up so that the bucket never grants
     * faster than {@code rate}; validates both arguments.
     */
    static long intervalNanos(double rate, int burst) {
        if (!(rate > 0.0) || rate > MAX_RATE) {
            throw new IllegalArgumentException(
                    "rate must be > 0 and <= 1e9 permits per second (one per nanosecond), was " + rate);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        }
        double exact = 1e9 / rate;
        if (exact * burst > MAX_TOLERANCE_NANOS) {
            throw new IllegalArgumentException("rate too low for burst " + burst
                    + ": burst / rate must be at most 2^59 ns (about 18 years), was rate " + rate);
        }
        // Ceiling, forgiving the last bits of a quotient that is an integer on paper (1e9 / 0.1).
        double nearest = Math.rint(exact);
        long interval = Math.abs(exact - nearest) <= 4 * Math.ulp(exact) ? (long) nearest : (long) Math.ceil(exact);
        return Math.max(1L, interval);
    }

    static void checkPermits(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, was " + permits);
        }
    }

    /** The rules of a blocking acquire: a context, and at most the burst (Go's WaitN). */
    static void checkWait(Context ctx, int permits, int burst) {
        Objects.requireNonNull(ctx, "ctx");
        checkPermits(permits);
        if (permits > burst) {
            throw new IllegalArgumentException("permits must be <= burst " + burst + ", was " + permits
                    + " (Go: rate: Wait(n=" + permits + ") exceeds limiter's burst " + burst + ")");
        }
    }

    /** Throws the context's error if it is done (Go's WaitN looks at ctx.Done() first). */
    static void checkNotDone(Context ctx) {
        ContextException err = ctx.err();
        if (err != null) {
            throw err;
        }
    }

    /**
     * Throws {@link WaitExceedsDeadlineException} if a wait of {@code waitNanos} from now on
     * {@code clock} would end after the context's deadline (Go: {@code deadline.Before(timeToAct)}).
     */
    static void checkDeadline(Context ctx, Clock clock, long waitNanos, int permits) {
        if (waitNanos <= 0L) {
            return;
        }
        Optional<Instant> deadline = ctx.deadline();
        if (deadline.isPresent() && deadline.get().isBefore(clock.now().plusNanos(waitNanos))) {
            throw new WaitExceedsDeadlineException(permits);
        }
    }
}
