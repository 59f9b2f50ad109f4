package dev.go4j.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A parked goroutine waiting for one of its wait nodes to fire: the {@code g} plus Go's
 * {@code selectDone} flag. A blocking send or receive has one node, which is its own waiter (a
 * {@link WaitNode} is a waiter); a blocked select has one node per case, all sharing one waiter.
 *
 * <p>Exactly one party settles a waiter, by one CAS on {@link #state}: a channel operation that fires
 * one of its nodes ({@link #tryFire}), or the waiter itself when it times out or is interrupted. Every
 * other party sees the CAS fail and treats the node as dead. That CAS is what makes "exactly one case
 * fires" hold for a select parked on several channels.
 */
sealed class Waiter permits WaitNode {
    /* Implementation overview
     *
     * state: WAITING -> case index (>= 0)   by the channel operation that completes the wait
     *        WAITING -> TIMED_OUT           by the waiter, when its deadline passes
     *        WAITING -> INTERRUPTED         by the waiter, when it sees its interrupt
     * Any value other than WAITING is final.
     *
     * A firing party writes what it delivers into the node first and CASes the state second, so the
     * waiter's volatile read of the state makes the delivered item visible. The waiter first spins a
     * bounded number of rounds on the state (a rendezvous partner on another core usually arrives
     * within them), then publishes its thread in `parked` and parks. The unpark comes after the CAS,
     * outside every channel lock, and only if `parked` is set; a permit left over from a wake that the
     * waiter did not need (it saw the state before parking) only causes one spurious return from a
     * later park, which every park loop tolerates.
     */

    static final int WAITING = -1;
    static final int TIMED_OUT = -2;
    static final int INTERRUPTED = -3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * How many {@link Thread#onSpinWait()} rounds a waiter polls its state before it parks, when its
     * {@link SpinScore} says spinning pays. A partner that arrives within them (the other end of a
     * rendezvous running on another core) completes the hand-off without a park and an unpark, which
     * for a virtual thread cost an unmount, a resubmission to the scheduler and a remount. Set with
     * {@code -Ddev.go4j.chan.spins=N} (0 never spins); the default is measured (benchmarks/README.md).
     */
    static final int SPINS = Math.max(0, Integer.getInteger("dev.go4j.chan.spins", 128));

    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(Waiter.class, "parked", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Links the waiters fired under one channel lock, to be unparked after unlocking. */
    Waiter nextWake;
    private volatile int state = WAITING;
    /**
     * The thread, once it has stopped spinning and may park; null while it spins. A firing party
     * unparks only a waiter that may be parked: it CASes {@link #state}, then reads this field; the
     * waiter writes this field, then re-reads the state before parking (a Dekker pair of volatile
     * accesses), so one of the two always sees the other.
     */
    private volatile Thread parked;

    /** Whether the waiter has been settled (fired, timed out or interrupted): its nodes are dead. */
    boolean settled() {
        return state != WAITING;
    }

    /** Whether this waiter stopped spinning and may have parked; read by its own thread after await. */
    boolean parked() {
        return parked != null;
    }

    /** Settles the waiter on case {@code caseIndex}; false if it was already settled (a dead node). */
    boolean tryFire(int caseIndex) {
        return state == WAITING && STATE.compareAndSet(this, WAITING, caseIndex);
    }

    /**
     * Unparks the waiting thread if it may be parked; called after a successful {@link #tryFire},
     * outside any lock. A waiter still spinning sees its state change by itself: no unpark, no stray
     * permit.
     */
    void wake() {
        Thread t = parked;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Waits until the waiter is settled. Returns the fired case index, {@link #TIMED_OUT} or
     * {@link #INTERRUPTED}. If a node fires at the same time as the interrupt, the firing wins: the
     * index is returned and the interrupt status is set again, as {@code java.util.concurrent} does.
     *
     * @param timed whether {@code deadline} applies
     * @param deadline the {@link System#nanoTime()} at which to give up, if timed
     */
    int await(boolean timed, long deadline) {
        return await(timed, deadline, 0);
    }

    /**
     * Polls the state up to {@code spins} rounds: the fired case index, or {@link #WAITING} if the
     * spin ran out (the caller then parks with {@link #await}) or {@code closing} (a context's done
     * channel, or null) has closed (the caller then settles itself on that case). Never parks.
     */
    int spin(int spins, HChan<?> closing) {
        for (; spins > 0; spins--) {
            int s = state;
            if (s != WAITING) {
                return s;
            }
            if (closing != null && closing.closeWaitersTaken()) {
                return WAITING;
            }
            Thread.onSpinWait();
        }
        return state;
    }

    /**
     * {@link #await(boolean, long)}, spinning up to {@code spins} rounds before the first park. After
     * it returns, {@link #parked()} tells whether the spin ran out (the waiter reached the park phase).
     */
    int await(boolean timed, long deadline, int spins) {
        int spun = spin(spins, null);
        if (spun != WAITING) {
            return spun;
        }
        PARKED.setVolatile(this, Thread.currentThread());
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
                    continue; // lost the race to a firing node: return its index
                }
                LockSupport.parkNanos(this, remaining);
            } else {
                LockSupport.park(this);
            }
            if (Thread.interrupted()) {
                if (STATE.compareAndSet(this, WAITING, INTERRUPTED)) {
                    return INTERRUPTED;
                }
                Thread.currentThread().interrupt(); // fired concurrently: complete, keep the status
            }
        }
    }
}
