package dev.go4j.patterns.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The most a {@link Limiter} lets happen, in events per second: Go's {@code rate.Limit}
 * ({@code type Limit float64}).
 *
 * <h2>Semantics (Go's)</h2>
 * <ul>
 *   <li>{@link #of(double) of(r)} is {@code rate.Limit(r)}; {@link #every(Duration) every(d)} is
 *       {@code rate.Every(d)}, one event per {@code d}, and gives {@link #INF} for a zero or negative
 *       interval.</li>
 *   <li>{@link #INF} is Go's {@code rate.Inf}: every event is allowed, whatever the burst (even a zero
 *       burst), and waits never wait.</li>
 *   <li>A zero limit ({@code Limit.of(0)}) refills nothing: a limiter with it grants the tokens it holds
 *       — a fresh one holds its burst — and then nothing more, as in current Go (since the 2024 fix
 *       of golang/go#68541; x/time v0.3.0 special-cased it by shrinking the burst instead).</li>
 * </ul>
 *
 * <p>Thread safety: immutable; equal limits are interchangeable ({@link #equals} compares the rate).
 *
 * <p>Bad input: Go accepts any {@code float64}; here a NaN rate throws {@link IllegalArgumentException}
 * (Go would compute garbage durations from it), and so does a negative rate (Go treats it as zero; it
 * is always a bug — say {@code Limit.of(0)}). A rate of {@link Double#MAX_VALUE} or more (including
 * positive infinity) is {@link #INF}. A null interval throws {@link NullPointerException}.
 *
 * <p>Example: {@snippet class=dev.go4j.patterns.ratelimit.LimiterSnippets region=limit}
 *
 * @since 0.1.0
 */
public final class Limit {
    /**
     * The infinite limit: allows every event, even with a zero burst. Go: {@code rate.Inf}, which is
     * {@code math.MaxFloat64} events per second.
     */
    public static final Limit INF = new Limit(Double.MAX_VALUE);

    private final double perSecond;

    private Limit(double perSecond) {
        this.perSecond = perSecond;
    }

    /**
     * A limit of {@code perSecond} events per second. Go: {@code rate.Limit(perSecond)}.
     *
     * @param perSecond events per second: zero, positive, or {@link Double#MAX_VALUE} and above for
     *        {@link #INF}
     * @return the limit
     * @throws IllegalArgumentException if {@code perSecond} is NaN or negative
     */
    public static Limit of(double perSecond) {
        if (Double.isNaN(perSecond)) {
            throw new IllegalArgumentException("perSecond must not be NaN");
        }
        if (perSecond < 0.0) {
            throw new IllegalArgumentException(
                    "perSecond must be >= 0 (Go treats a negative limit as zero; say Limit.of(0)), was " + perSecond);
        }
        return perSecond >= Double.MAX_VALUE ? INF : new Limit(perSecond);
    }

    /**
     * The limit of one event every {@code interval}. Go: {@code rate.Every(interval)}.
     *
     * @param interval the least time between events; zero or negative gives {@link #INF}
     * @return the limit, {@code 1 / interval} in seconds
     * @throws NullPointerException if {@code interval} is null
     */
    public static Limit every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            return INF;
        }
        double seconds = interval.getSeconds() + interval.getNano() / 1e9;
        return of(1.0 / seconds);
    }

    /**
     * The rate. Go: {@code float64(limit)}.
     *
     * @return events per second; {@link Double#MAX_VALUE} for {@link #INF}
     */
    public double perSecond() {
        return perSecond;
    }

    /**
     * Whether this is the infinite limit. Go: {@code limit == rate.Inf}.
     *
     * @return true for {@link #INF}
     */
    public boolean isInf() {
        return perSecond == Double.MAX_VALUE;
    }

    /**
     * Compares rates.
     *
     * @param o another object
     * @return true if {@code o} is a limit of the same rate
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Limit other && Double.compare(perSecond, other.perSecond) == 0;
    }

    /**
     * A hash of the rate.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Double.hashCode(perSecond);
    }

    /**
     * The rate, for diagnostics.
     *
     * @return for example {@code 10.0/s}, or {@code Inf}
     */
    @Override
    public String toString() {
        return isInf() ? "Inf" : perSecond + "/s";
    }

    // ---------------------------------------------------------------- Go's unit conversions

    /**
     * Nanoseconds it takes to accumulate {@code tokens} at {@code limit} per second: Go's
     * {@code durationFromTokens}. A zero (or negative) limit never accumulates: {@link Long#MAX_VALUE}
     * (Go's {@code InfDuration}), as does a result beyond the range of a long. Truncates toward zero.
     */
    static long durationFromTokens(double limit, double tokens) {
        if (limit <= 0.0) {
            return Long.MAX_VALUE;
        }
        // The cast saturates at both ends of long (Go checks > MaxInt64 by hand).
        return (long) (tokens / limit * 1e9);
    }

    /**
     * Tokens accumulated in {@code nanos} at {@code limit} per second: Go's {@code tokensFromDuration}
     * ({@code d.Seconds() * limit}). A zero (or negative) limit accumulates nothing.
     */
    static double tokensFromDuration(double limit, long nanos) {
        if (limit <= 0.0) {
            return 0.0;
        }
        // Go's Duration.Seconds(): whole seconds and the remainder separately, to keep precision.
        double seconds = (nanos / 1_000_000_000L) + (nanos % 1_000_000_000L) / 1e9;
        return seconds * limit;
    }
}
