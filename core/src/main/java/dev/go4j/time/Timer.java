package dev.go4j.time;

import dev.go4j.internal.Durations;
import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * A single event in the future: Go's {@code time.Timer}. A channel timer ({@link #newTimer},
 * {@link #after}) sends the current time on its channel {@link #c()} once its delay has passed; a
 * func timer ({@link #afterFunc}) calls a function in its own goroutine instead.
 *
 * <h2>Semantics (Go 1.23's)</h2>
 * <ul>
 *   <li>A timer fires once. A zero or negative delay fires at once.</li>
 *   <li>{@link #stop()} prevents the timer from firing. It returns true if the call stopped the timer
 *       — it had not fired, or it had fired but its value had not been received yet (the value is
 *       then discarded) — and false if the value was already received, the function already
 *       started, or the timer was already stopped.</li>
 *   <li>{@link #reset(Duration)} re-arms the timer for a new delay, whatever its state, and returns
 *       what {@code stop} would have.</li>
 *   <li>After {@code stop} or {@code reset} returns, no value from before the call is received from
 *       {@link #c()}: there is no need for Go's old {@code if !t.Stop() { <-t.C }} drain, and doing
 *       it would block.</li>
 *   <li>{@code stop} does not wait for a func timer's function to finish.</li>
 *   <li>Concurrent {@code stop} and {@code reset} calls on one timer behave as if they ran one after
 *       the other, in some order (Go 1.23 holds the timer's lock across each).</li>
 *   <li>A stopped timer holds nothing in its clock; it can be reset and reused.</li>
 * </ul>
 *
 * <p>Thread safety: all methods may be called from any thread. Memory consistency effects: actions
 * before the call that arms the timer (creation or {@code reset}) happen-before the receipt of its
 * value or the start of its function.
 *
 * <p>Bad input: a null delay or function throws {@link NullPointerException} naming it.
 *
 * <p>Example — a deadline for a loop, the timer re-armed each round:
 * {@snippet class=dev.go4j.time.TimeSnippets region=timer}
 *
 * @implNote Creating a timer allocates the timer, its lock, its one-slot channel and one task in the
 * clock's heap. {@code stop} and {@code reset} each run as one critical section under the timer's own
 * {@link java.util.concurrent.locks.ReentrantLock} (Go 1.23's {@code t.mu}; uncontended, one CAS to
 * take it), with an O(log n) removal from the heap under the clock's lock; the firing takes neither
 * lock of the timer and never blocks. On the
 * system clock all timers share one daemon thread that sleeps until the earliest deadline and is
 * woken only when a new timer is due before that.
 * @since 0.1.0
 */
public final class Timer extends ClockTimer {

    private Timer(Clock clock, Object sink, Runnable fn, Executor runner) {
        super(clock, sink, fn, runner);
    }

    /** Makes and arms a timer; {@code fn == null} makes a channel timer. */
    static Timer start(Clock clock, Duration delay, Runnable fn, Executor runner) {
        long nanos = Durations.toNanos(delay, "delay");
        Timer t = new Timer(clock, fn == null ? Channel.<Instant>make(1) : null, fn, runner);
        t.arm(nanos, 0L);
        return t;
    }

    /**
     * Makes a timer on the system clock that sends the time on {@link #c()} after {@code delay}. Go:
     * {@code time.NewTimer(d)}. For another clock: {@link Clock#newTimer(Duration)}.
     *
     * @param delay how long until it fires; zero or negative fires at once
     * @return the started timer
     * @throws NullPointerException if {@code delay} is null
     */
    public static Timer newTimer(Duration delay) {
        return Clock.system().newTimer(delay);
    }

    /**
     * A channel that receives the system clock's time once, after {@code delay}. Go:
     * {@code time.After(d)}. See {@link Clock#after(Duration)} for the cost of an unstoppable timer.
     *
     * @param delay how long until the value arrives
     * @return the timer's channel
     * @throws NullPointerException if {@code delay} is null
     */
    public static ReceiveChannel<Instant> after(Duration delay) {
        return Clock.system().after(delay);
    }

    /**
     * Calls {@code fn} in its own goroutine after {@code delay}, on the system clock. Go:
     * {@code time.AfterFunc(d, f)}.
     *
     * @param delay how long until the call
     * @param fn the function; a failure goes to its thread's uncaught-exception handler
     * @return the started timer; its {@link #stop()} says whether it prevented the call
     * @throws NullPointerException if an argument is null
     */
    public static Timer afterFunc(Duration delay, Runnable fn) {
        return Clock.system().afterFunc(delay, fn);
    }

    /**
     * The channel on which the timer delivers the time it fired: Go's {@code t.C}. It has one slot
     * (Go 1.23 hides its slot and reports {@code cap == 0}) and is never closed. For a func timer it
     * is {@link Channel#nil()}, as Go's {@code t.C} is nil: a receive on it blocks forever.
     *
     * @return the timer's channel
     */
    public ReceiveChannel<Instant> c() {
        Channel<Instant> c = channel();
        return c != null ? c : Channel.nil();
    }

    /**
     * Prevents the timer from firing. Go: {@code t.Stop()}.
     *
     * @return true if the call stopped the timer (including a fired timer whose value had not been
     *         received: that value is discarded); false if the value was already received, a func
     *         timer's function has already been started, or the timer was already stopped
     */
    public boolean stop() {
        return disarm();
    }

    /**
     * Re-arms the timer to fire after {@code delay}, whether it was armed, fired or stopped. Go:
     * {@code t.Reset(d)}. A value from before the call is discarded.
     *
     * @param delay the new delay; zero or negative fires at once
     * @return true if the timer had been armed (or had an unreceived value), false if it had fired
     *         and been received, or been stopped
     * @throws NullPointerException if {@code delay} is null
     */
    public boolean reset(Duration delay) {
        return arm(Durations.toNanos(delay, "delay"), 0L);
    }

    /**
     * Describes the timer.
     *
     * @return {@code Timer[armed]} or {@code Timer[stopped]}, and its clock
     */
    @Override
    public String toString() {
        return "Timer[" + (isArmed() ? "armed" : "stopped") + ", " + clock + "]";
    }
}
