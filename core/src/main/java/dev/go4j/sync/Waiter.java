package dev.go4j.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread parked in a {@link WaitGroup} wait: Go's {@code sudog} on the group's semaphore, as a node
 * of the group's waiter list.
 *
 * <p>Exactly one party settles a waiter, by one CAS on {@link #state}: the release that brings the
 * counter to zero ({@link #release}), the waiter itself when it times out or is interrupted, or the
 * cancellation of the context that bounds the wait ({@link #cancel}). Every other party sees the CAS
 * fail and leaves the node alone.
 */
final class Waiter extends WaitList.Node<Waiter> {
    /* Implementation overview
     *
     * state: WAITING -> RELEASED      by the release, after it has detached the node from the list
     *        WAITING -> TIMED_OUT     by the waiter, when its deadline passes
     *        WAITING -> INTERRUPTED   by the waiter, when it sees its interrupt
     *        WAITING -> CANCELED      by the context's afterFunc, when the bounding context is done
     * Any value other than WAITING is final. The unpark follows a successful release CAS; a permit
     * left over from an unpark the waiter no longer needed only causes one spurious return from a
     * later park, which every park loop tolerates.
     *
     * prev, next and linked belong to the list of the group the node waits on and are guarded by that
     * group's lock.
     */

    static final int WAITING = 0;
    static final int RELEASED = 1;
    static final int TIMED_OUT = 2;
    static final int INTERRUPTED = 3;
    static final int CANCELED = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread = Thread.currentThread();
    private volatile int state = WAITING;


    /** Settles the waiter as released and unparks it; false if it had already given up. */
    boolean release() {
        if (STATE.compareAndSet(this, WAITING, RELEASED)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /** Settles the waiter as cancelled by its context and unparks it; false if already settled. */
    boolean cancel() {
        if (STATE.compareAndSet(this, WAITING, CANCELED)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /**
     * Parks until the waiter is settled: returns {@link #RELEASED}, {@link #TIMED_OUT},
     * {@link #INTERRUPTED} or {@link #CANCELED}. If the release and the interrupt race, the release wins: {@code RELEASED}
     * is returned and the interrupt status is set again, as {@code java.util.concurrent} does.
     *
     * @param timed whether {@code deadline} applies
     * @param deadline the {@link System#nanoTime()} at which to give up, if timed
     */
    int await(boolean timed, long deadline) {
        for (;;) {
            int s = state;
            if (s != WAITING) {
                return s;
            }
            if (timed) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0L) {
                    if (STATE.compareAndSet(this, WAITING, TIMED_OUT)) {
                        return TIMED_OUT;
                    }
                    continue; // lost the race to the release: return RELEASED
                }
                LockSupport.parkNanos(this, remaining);
            } else {
                LockSupport.park(this);
            }
            if (Thread.interrupted()) {
                if (STATE.compareAndSet(this, WAITING, INTERRUPTED)) {
                    return INTERRUPTED;
                }
                Thread.currentThread().interrupt(); // released concurrently: complete, keep the status
            }
        }
    }
}
