package dev.go4j.time;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A source of time and timers: wall time, monotonic time, and tasks run after a delay. Every
 * time-dependent part of go4j (timers, tickers, context deadlines, and the limiters, caches, retry
 * and breakers built on them) takes a {@code Clock}, so that a test can pass a {@link ManualClock}
 * and move time by hand instead of sleeping. Go has no such seam in its standard library; this is
 * the interface of the Go fakes everybody writes ({@code k8s.io/utils/clock},
 * {@code github.com/benbjohnson/clock}).
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #now()} is wall time (Go's {@code time.Now()}), for deadlines and for the values a timer
 *       sends; {@link #nanoTime()} is monotonic (Go's monotonic reading, Java's
 *       {@link System#nanoTime()}), for measuring elapsed time.</li>
 *   <li>{@link #schedule(Duration, Runnable)} is the one primitive timers are built on: it runs a
 *       short, non-blocking task once the delay has passed. {@link #newTimer}, {@link #newTicker},
 *       {@link #after}, {@link #tick}, {@link #afterFunc} and {@link #sleep} are Go's {@code time}
 *       functions on this clock; {@link Timer} and {@link Ticker} have static forms on the system
 *       clock.</li>
 *   <li>{@link #system()} runs all its tasks on one shared daemon thread (no thread per timer);
 *       a {@link ManualClock} runs them in {@link ManualClock#advance(Duration)}, on the caller's
 *       thread.</li>
 * </ul>
 *
 * <p>Thread safety: implementations must be safe for use by any number of threads; both provided
 * ones are. Memory consistency effects: actions before {@link #schedule} happen-before the task runs.
 *
 * <p>Bad input: a null argument throws {@link NullPointerException} naming it; the task methods
 * reject nothing else (a zero or negative delay means "now", as in Go), except that a ticker's
 * period must be positive.
 *
 * <p>Example — code that takes a clock, and a test that drives it:
 * {@snippet class=dev.go4j.time.TimeSnippets region=clock}
 *
 * @implNote A custom clock implements {@link #now()}, {@link #nanoTime()} and {@link #schedule};
 * every other method has a default built on those three.
 * @since 0.1.0
 */
public interface Clock {

    /**
     * The real clock: {@link Instant#now()}, {@link System#nanoTime()}, and one shared daemon timer
     * thread.
     *
     * @return the system clock (a singleton)
     */
    static Clock system() {
        return SystemClock.INSTANCE;
    }

    /**
     * The current wall time. Go: {@code time.Now()}.
     *
     * @return the current instant
     */
    Instant now();

    /**
     * The current value of the monotonic clock, in nanoseconds: only differences are meaningful, as
     * with {@link System#nanoTime()}. Compare readings by subtraction ({@code t1 - t0 > 0}), never
     * with {@code <}.
     *
     * @return monotonic nanoseconds
     */
    long nanoTime();

    /**
     * Runs {@code task} once, {@code delay} from now: the primitive every timer of this clock is
     * built on.
     *
     * <p>The task runs on the clock's timer thread (the system clock's single daemon thread, or the
     * thread calling {@link ManualClock#advance}), so it must be short and must not block — offer to
     * a channel, flip a flag, start a goroutine. For anything else use {@link #afterFunc}, which runs
     * its function in a new virtual thread. A task that throws is reported to the timer thread's
     * uncaught-exception handler (a {@code ManualClock} lets it propagate to the test).
     *
     * @param delay how long to wait; zero or negative means as soon as possible
     * @param task the task, not null
     * @return a handle that cancels the task
     * @throws NullPointerException if an argument is null
     */
    Scheduled schedule(Duration delay, Runnable task);

    /**
     * A task waiting on a clock, returned by {@link Clock#schedule}.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    interface Scheduled {
        /**
         * Cancels the task if it has not started, and releases it: a cancelled task holds no memory
         * in the clock.
         *
         * @return true if this call prevented the task from running; false if it has already started
         *         or finished, or was cancelled before
         */
        boolean cancel();
    }

    /**
     * Makes a timer that sends the time on its channel once, after {@code delay}. Go:
     * {@code time.NewTimer(d)}.
     *
     * @param delay how long until it fires; zero or negative fires at once
     * @return the started timer
     * @throws NullPointerException if {@code delay} is null
     */
    default Timer newTimer(Duration delay) {
        return Timer.start(this, delay, null, null);
    }

    /**
     * Calls {@code fn} in its own goroutine (a new virtual thread) after {@code delay}. Go:
     * {@code time.AfterFunc(d, f)}. The timer's {@link Timer#stop()} tells whether it prevented the call.
     *
     * @param delay how long until the call; zero or negative calls at once
     * @param fn the function to call; a failure goes to that thread's uncaught-exception handler
     * @return the started timer, whose channel is {@link Channel#nil()} (Go: {@code t.C == nil})
     * @throws NullPointerException if an argument is null
     */
    default Timer afterFunc(Duration delay, Runnable fn) {
        return Timer.start(this, delay, Objects.requireNonNull(fn, "fn"), ClockTimer.GOROUTINE);
    }

    /**
     * A channel that receives the time once, after {@code delay}. Go: {@code time.After(d)}, which is
     * {@code NewTimer(d).C}.
     *
     * <p>The timer cannot be stopped, so it holds its memory until it fires: in a loop, prefer
     * {@link #newTimer} and {@link Timer#stop()}, or {@link dev.go4j.chan.Select#onTimeout}, which
     * uses no timer at all.
     *
     * @param delay how long until the value arrives
     * @return the timer's channel
     * @throws NullPointerException if {@code delay} is null
     */
    default ReceiveChannel<Instant> after(Duration delay) {
        return newTimer(delay).c();
    }

    /**
     * Makes a ticker that sends the time on its channel every {@code period}. Go:
     * {@code time.NewTicker(d)}. Stop it (or close it) when done: until then it keeps a place in the
     * clock.
     *
     * @param period the time between ticks, positive
     * @return the started ticker
     * @throws NullPointerException if {@code period} is null
     * @throws IllegalArgumentException if {@code period} is zero or negative (Go panics:
     *         {@code non-positive interval for NewTicker})
     */
    default Ticker newTicker(Duration period) {
        return Ticker.start(this, period, null);
    }

    /**
     * The channel of a ticker nobody can stop, or {@link Channel#nil()} if {@code period} is not
     * positive. Go: {@code time.Tick(d)}, which returns nil for {@code d <= 0}.
     *
     * <p>As in Go 1.23, the ticker is released once the channel is no longer referenced: the clock
     * holds the channel only weakly, and the next tick after it has been collected stops the ticker.
     *
     * @param period the time between ticks
     * @return the ticking channel, or the nil channel (which never delivers) if {@code period <= 0}
     * @throws NullPointerException if {@code period} is null
     */
    default ReceiveChannel<Instant> tick(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            return Channel.nil();
        }
        Channel<Instant> c = Channel.make(1);
        Ticker.start(this, period, new WeakReference<>(c));
        return c;
    }

    /**
     * Blocks for {@code d}. Go: {@code time.Sleep(d)}. On a {@link ManualClock} the call returns when
     * a test advances the clock past the deadline. For a sleep that a cancellation cuts short (Go's
     * {@code select} on {@code ctx.Done()} and {@code time.After(d)}), use
     * {@link dev.go4j.context.Context#sleep(dev.go4j.context.Context, Duration, Clock)
     * Context.sleep(ctx, d, clock)}.
     *
     * @param d how long to sleep; zero or negative returns at once
     * @throws InterruptedException if interrupted while sleeping; the timer is released
     * @throws NullPointerException if {@code d} is null
     */
    default void sleep(Duration d) throws InterruptedException {
        Objects.requireNonNull(d, "d");
        if (d.isNegative() || d.isZero()) {
            return;
        }
        Timer t = newTimer(d);
        try {
            t.c().receive();
        } finally {
            t.stop();
        }
    }
}
