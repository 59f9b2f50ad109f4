package dev.go4j.patterns.retry;

import dev.go4j.context.Context;
import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The wait between two attempts, parked on the policy's clock: Go's
 * {@code select { case <-time.After(d): case <-ctx.Done(): }}. The timer and the context each unpark
 * the waiter once; nothing polls.
 */
final class Pause {
    /** How a pause ended. */
    enum Outcome { ELAPSED, DONE, INTERRUPTED }

    private final Thread thread = Thread.currentThread();
    private volatile boolean fired;

    private Pause() {}

    /**
     * Parks for {@code nanos} on {@code clock}, or until {@code ctx} is done or the thread is
     * interrupted; releases the timer and the context registration before returning. A context that
     * is done wins over a timer that fired at the same instant: once cancelled, retry no more.
     */
    static Outcome await(Clock clock, long nanos, Context ctx) {
        Pause p = new Pause();
        Clock.Scheduled timer = clock.schedule(Duration.ofNanos(nanos), p::fire);
        Context.StopFunc stop = Context.afterFunc(ctx, p::wake);
        try {
            for (;;) {
                if (ctx.err() != null) {
                    return Outcome.DONE;
                }
                if (p.fired) {
                    return Outcome.ELAPSED;
                }
                if (Thread.interrupted()) {
                    return Outcome.INTERRUPTED;
                }
                LockSupport.park(p);
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
