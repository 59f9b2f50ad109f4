package dev.go4j.time;

import dev.go4j.internal.Durations;
import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import java.time.Duration;
import java.time.Instant;

/**
 * A channel that receives the time at regular intervals: Go's {@code time.Ticker}.
 *
 * <h2>Semantics (Go 1.23's)</h2>
 * <ul>
 *   <li>The first tick comes one period after the ticker is made; then every period, on a fixed
 *       schedule that does not drift with the receiver.</li>
 *   <li>The channel holds one tick. A receiver that is slower than the period misses ticks: a tick
 *       that finds the slot full is dropped, and ticks that the clock itself fell behind on are
 *       skipped, as Go adjusts "the intervals or drops ticks to make up for slow receivers".</li>
 *   <li>{@link #stop()} turns the ticker off; no tick is received after it returns, and the channel
 *       is not closed (a receiver waiting on it keeps waiting, as in Go). {@link #reset(Duration)}
 *       restarts it with a new period, the next tick one new period later.</li>
 *   <li>A ticker keeps its place in the clock until stopped: {@link #close()} stops it, so
 *       try-with-resources is Go's {@code defer ticker.Stop()}.</li>
 * </ul>
 *
 * <p>Thread safety: all methods may be called from any thread. Memory consistency effects: actions
 * before the ticker is made or reset happen-before the receipt of its ticks.
 *
 * <p>Bad input: a null period throws {@link NullPointerException}; a zero or negative period throws
 * {@link IllegalArgumentException} with Go's panic message ({@code non-positive interval for
 * NewTicker}, {@code non-positive interval for Ticker.Reset}).
 *
 * <p>Example:
 * {@snippet class=dev.go4j.time.TimeSnippets region=ticker}
 *
 * @implNote Each tick is one task in the clock's heap and one non-blocking offer; the next task is
 * scheduled by the tick itself. A stopped ticker holds nothing in its clock.
 * @since 0.1.0
 */
public final class Ticker extends ClockTimer implements AutoCloseable {

    private Ticker(Clock clock, Object sink) {
        super(clock, sink, null, null);
    }

    /** Makes and starts a ticker; {@code sink} is the channel's weak reference for tick(), else null. */
    static Ticker start(Clock clock, Duration period, Object sink) {
        long nanos = positive(period, "NewTicker");
        Ticker t = new Ticker(clock, sink != null ? sink : Channel.<Instant>make(1));
        t.arm(nanos, nanos);
        return t;
    }

    private static long positive(Duration period, String goFunction) {
        long nanos = Durations.toNanos(period, "period");
        if (nanos <= 0L) {
            throw new IllegalArgumentException("period must be positive, was " + period
                    + " (Go: non-positive interval for " + goFunction + ")");
        }
        return nanos;
    }

    /**
     * Makes a ticker on the system clock. Go: {@code time.NewTicker(d)}. For another clock:
     * {@link Clock#newTicker(Duration)}.
     *
     * @param period the time between ticks, positive
     * @return the started ticker
     * @throws NullPointerException if {@code period} is null
     * @throws IllegalArgumentException if {@code period} is zero or negative
     *         ({@code non-positive interval for NewTicker})
     */
    public static Ticker newTicker(Duration period) {
        return Clock.system().newTicker(period);
    }

    /**
     * The ticking channel of a ticker nobody can stop, on the system clock, or {@link Channel#nil()}
     * for a period that is not positive. Go: {@code time.Tick(d)}. The ticker stops once the channel
     * is garbage; see {@link Clock#tick(Duration)}.
     *
     * @param period the time between ticks
     * @return the channel, or the nil channel if {@code period <= 0}
     * @throws NullPointerException if {@code period} is null
     */
    public static ReceiveChannel<Instant> tick(Duration period) {
        return Clock.system().tick(period);
    }

    /**
     * The channel on which the ticks are delivered: Go's {@code ticker.C}. One slot; never closed.
     *
     * @return the ticker's channel
     */
    public ReceiveChannel<Instant> c() {
        return channel();
    }

    /**
     * Turns the ticker off: no tick is received after this returns. Go: {@code ticker.Stop()}. The
     * channel is not closed. Stopping twice is harmless.
     */
    public void stop() {
        disarm();
    }

    /**
     * Stops the ticker and restarts it with a new period; the next tick comes one new period from
     * now. Go: {@code ticker.Reset(d)}. Works on a stopped ticker too.
     *
     * @param period the new period, positive
     * @throws NullPointerException if {@code period} is null
     * @throws IllegalArgumentException if {@code period} is zero or negative
     *         ({@code non-positive interval for Ticker.Reset})
     */
    public void reset(Duration period) {
        long nanos = positive(period, "Ticker.Reset");
        arm(nanos, nanos);
    }

    /** Stops the ticker: try-with-resources is Go's {@code defer ticker.Stop()}. */
    @Override
    public void close() {
        disarm();
    }

    /**
     * Describes the ticker.
     *
     * @return {@code Ticker[running]} or {@code Ticker[stopped]}, and its clock
     */
    @Override
    public String toString() {
        return "Ticker[" + (isArmed() ? "running" : "stopped") + ", " + clock + "]";
    }
}
