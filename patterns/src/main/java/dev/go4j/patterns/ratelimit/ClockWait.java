package dev.go4j.patterns.ratelimit;

import dev.go4j.context.Context;
import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A parked wait on a limiter's clock: until a timer fires, the context is done, or the thread is
 * interrupted — Go's {@code select { case <-timer.C: case <-ctx.Done(): }} inside {@code WaitN}. The
 * token buckets wait for a reserved permit with it; the window limiters wait before trying again. No
 * polling: the timer and the context each unpark the waiter once.
 */
final class ClockWait {
    /** How a wait ended. */
    enum Outcome {
        /** The timer fired: the reservation is due (even if the context or an interrupt came too). */
        ELAPSED,
        /** The context was done first. */
        DONE,
        /** The thread was interrupted first; the interrupt status is cleared. */
        INTERRUPTED
    }

    private final Thread thread = Thread.currentThread();
    private volatile boolean fired;

    private ClockWait() {}

    /**
     * Parks the calling thread for {@code nanos} on {@code clock}, or until {@code ctx} is done or the
     * thread is interrupted; releases the timer and the context registration before returning. When
     * the timer and the context's deadline fall due at the same instant, the timer wins, whichever of
     * the two tasks the clock runs first (Go picks at random between the two ready cases).
     */
    static Outcome await(Clock clock, long nanos, Context ctx) {
        ClockWait w = new ClockWait();
        long dueAt = clock.nanoTime() + nanos;
        Clock.Scheduled timer = clock.schedule(Duration.ofNanos(nanos), w::fire);
        Context.StopFunc stop = Context.afterFunc(ctx, w::wake);
        try {
            for (;;) {
                // The timer first: what is due is granted, whatever else happened (an interrupt then
                // stays set, the java.util.concurrent rule). The clock's reading settles a tie with
                // the deadline's timer when that one ran first.
                if (w.fired || clock.nanoTime() - dueAt >= 0L) {
                    return Outcome.ELAPSED;
                }
                if (ctx.err() != null) {
                    return Outcome.DONE;
                }
                if (Thread.interrupted()) {
                    return Outcome.INTERRUPTED;
                }
                LockSupport.park(w);
            }
        } finally {
            timer.cancel();
            stop.stop();
        }
    }

    private void fire() {
        fired = true;
        LockSupport.unpark(thread);
    }

    private void wake() {
        LockSupport.unpark(thread);
    }
}
