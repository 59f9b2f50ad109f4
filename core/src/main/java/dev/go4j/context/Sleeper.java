package dev.go4j.context;

import dev.go4j.time.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link Context#sleep(Context, Duration, Clock)}: one thread parked until a clock task or the
 * context's cancellation settles it, whichever comes first. Go's
 * {@code select { case <-ctx.Done(): return ctx.Err(); case <-time.After(d): }}, without the channels.
 */
final class Sleeper implements Runnable {
    /* Implementation overview
     *
     * state: SLEEPING -> SLEPT     by the clock's task, when d has passed
     *        SLEEPING -> CANCELED  by the context's cancellation (an AfterFunc run inline by the
     *                              cancelling thread: a CAS and an unpark, no goroutine)
     * One CAS decides; the winner unparks the sleeper. Whatever the outcome, the sleeper then cancels
     * the clock task and stops the AfterFunc, so a sleep leaves nothing behind in the clock or in the
     * context (a cancelled clock task holds no memory).
     */

    private static final int SLEEPING = 0;
    private static final int SLEPT = 1;
    private static final int CANCELED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Sleeper.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread thread = Thread.currentThread();
    private volatile int state;

    private Sleeper() {}

    static void sleep(Context ctx, Duration d, Clock clock) throws InterruptedException {
        ContextException err = ctx.err();
        if (err != null) {
            throw err;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (d.isNegative() || d.isZero()) {
            return;
        }
        Sleeper s = new Sleeper();
        AfterFuncNode stop = AfterFuncNode.register(ctx, s::cancel, Runnable::run);
        Clock.Scheduled timer = null;
        try {
            if (s.state == SLEEPING) {
                timer = clock.schedule(d, s);
            }
            while (s.state == SLEEPING) {
                LockSupport.park(s);
                if (Thread.interrupted()) {
                    if (STATE.compareAndSet(s, SLEEPING, SLEPT)) {
                        throw new InterruptedException();
                    }
                    Thread.currentThread().interrupt(); // settled at the same moment: keep the status
                }
            }
        } finally {
            if (timer != null) {
                timer.cancel();
            }
            stop.stop();
        }
        if (s.state == CANCELED) {
            throw ctx.err(); // settled as cancelled only after the context is done
        }
    }

    /** The clock's task: the time has passed. Runs on the clock's thread; does not block. */
    @Override
    public void run() {
        if (STATE.compareAndSet(this, SLEEPING, SLEPT)) {
            LockSupport.unpark(thread);
        }
    }

    private void cancel() {
        if (STATE.compareAndSet(this, SLEEPING, CANCELED) && thread != Thread.currentThread()) {
            LockSupport.unpark(thread); // (a context done as the sleep registers cancels it inline: no permit to leave)
        }
    }
}
