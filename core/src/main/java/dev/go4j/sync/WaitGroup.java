package dev.go4j.sync;

import dev.go4j.internal.Durations;
import dev.go4j.internal.Failures;
import dev.go4j.Go;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A counter of outstanding tasks that threads can wait on to reach zero: Go's {@code sync.WaitGroup}.
 *
 * <p>Semantics (Go's): {@link #add(int) add(n)} adds {@code n} to the counter, {@link #done()} subtracts
 * one, and {@link #await()} blocks until the counter is zero (Go's {@code Wait}; Java reserves the name
 * {@code wait} for {@link Object#wait()}). Every waiter is released when the counter reaches zero;
 * waiting on a counter that is already zero returns at once. Typically the launching thread calls
 * {@code add} before it starts each task, each task calls {@code done} when it finishes, and the
 * launcher waits — {@link #go(Go.Task) go(task)} (Go 1.25's {@code WaitGroup.Go}) does the first two
 * in one call. As in Go, an {@code add} with a positive delta that starts from zero must happen before
 * the wait it is meant to hold back: an {@code add} inside the started task races with the wait.
 *
 * <p>Zero state and reuse: a new {@code WaitGroup} has a zero counter. A group may be reused for a new
 * round once its counter has reached zero: the waiters of a round are released by that round's zero,
 * even if the next round's {@code add} follows immediately (Go panics with {@code "WaitGroup is reused
 * before previous Wait has returned"} in that case; here the release is exact, so that panic has no
 * counterpart). The waits are interruptible and have a timed and a context-bounded form.
 *
 * <p>Thread safety: every method may be called from any number of threads, platform or virtual.
 * Memory consistency effects: actions in a thread before it calls {@code done()} or {@code add} with a
 * negative delta happen-before the actions after a wait returns because the counter reached zero;
 * actions before {@code go(task)} happen-before the task runs, and the task's actions happen-before
 * the wait its completion releases.
 *
 * <p>Misuse (Go's panics, as {@link IllegalStateException}s whose message is Go's):
 * <ul>
 *   <li>a counter that would go negative throws {@code "sync: negative WaitGroup counter"};</li>
 *   <li>an {@code add} with a positive delta while the counter is zero and its waiters are still being
 *       released throws {@code "sync: WaitGroup misuse: Add called concurrently with Wait"} — a
 *       best-effort check, as in Go: it catches a new round that started before the previous wait
 *       returned, not every {@code add} that races with a wait;</li>
 *   <li>a counter above {@link Integer#MAX_VALUE} throws {@code "sync: WaitGroup counter overflow"}
 *       (Go's 32-bit counter would wrap and panic as negative).</li>
 * </ul>
 * A call that throws leaves the counter unchanged.
 *
 * <p>Example — fan out, then wait for all:
 * {@snippet class=dev.go4j.sync.WaitGroupSnippets region=fanOut}
 *
 * @implNote Go's {@code sync/waitgroup.go} design: one 64-bit word holds the counter (high 32 bits)
 * and the number of waiters (low 32 bits), so {@code add}, {@code done} and a wait on a zero counter
 * are one CAS or one volatile read: lock-free, allocation-free. A wait that must block allocates one
 * node, takes a {@link ReentrantLock} once to join the waiter list and parks (no polling, no spinning);
 * the {@code done} that reaches zero takes the lock once, detaches the list and unparks each waiter
 * once. A timed-out or interrupted waiter takes the lock again to leave the list. A group takes 80
 * bytes with its lock (a {@code CountDownLatch} 48, a {@code Phaser} 72).
 * @since 0.1.0
 */
public final class WaitGroup {
    /* Implementation overview
     *
     * state = counter << 32 | waiters   (Go: "high 32 bits are counter, low 32 bits are waiter count")
     *
     * add(delta):  CAS the counter, refusing a negative or overflowing result and a positive delta
     *              while a release is pending (see below). The add that takes the counter to zero
     *              with waiters > 0 is the releaser.
     * await():     counter == 0 -> return (fast path, one volatile read). Otherwise take the lock,
     *              CAS waiters + 1 *only while counter > 0*, link a node, unlock, park.
     * release:     lock; detach the whole list; state = 0; unlock; release and unpark each node.
     *
     * The waiter's CAS and the releaser's CAS are on the same word, so either the waiter counted
     * itself before the counter reached zero (and the releaser, which reads the waiter count from its
     * own CAS result, will wake it) or the waiter saw zero and never parked: no lost wake-up. This is
     * Go's design; Go wakes waiters through a semaphore, go4j through a list of nodes (Waiter), so a
     * waiter can also leave: on timeout or interrupt it takes the lock, unlinks its node and takes
     * itself out of the count, by a CAS that succeeds only while the counter is positive (the same
     * rule as joining); a wait bounded by a context leaves the same way when the context's afterFunc
     * settles its node as cancelled.
     *
     * Pending release: between the releaser's CAS (counter 0, waiters w > 0) and its reset of the
     * word under the lock, the word reads (0, w). While it does, no waiter can join (joining needs
     * counter > 0), no waiter leaves the count (a waiter giving up that finds the counter at zero
     * treats itself as released instead), and add refuses a positive delta (Go's "Add called
     * concurrently with Wait"). So the list holds exactly the round's w waiters when the releaser
     * detaches it, and a waiter of the next round can never be released by this round's zero.
     *
     * Lock invariant: whenever the lock is free, waiters == the length of the list.
     */

    private static final long COUNTER_UNIT = 1L << 32;
    private static final long WAITERS_MASK = 0xFFFF_FFFFL;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitGroup.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long state;
    /** Guards the waiter list; package-private so that tests can hold a release in its pending state. */
    final ReentrantLock lock = new ReentrantLock();
    /** The waiter list, guarded by {@link #lock}. */
    private final WaitList<Waiter> waiters = new WaitList<>();

    /** Creates a group with a zero counter: Go's zero {@code sync.WaitGroup}. */
    public WaitGroup() {}

    /**
     * Adds {@code delta}, which may be negative, to the counter; when the counter reaches zero, every
     * waiter is released. Go: {@code wg.Add(delta)}.
     *
     * <p>Call it with a positive delta before starting the task it accounts for (not inside the task),
     * and, when reusing the group, after the previous round's waits have returned.
     *
     * @param delta the change to the counter; zero does nothing
     * @throws IllegalStateException with {@code "sync: negative WaitGroup counter"} if the counter would
     *         go negative; with {@code "sync: WaitGroup misuse: Add called concurrently with Wait"} if
     *         {@code delta} is positive while the counter is zero and its waiters are still being
     *         released; with {@code "sync: WaitGroup counter overflow"} if it would exceed
     *         {@link Integer#MAX_VALUE}. The counter is unchanged when it throws.
     */
    public void add(int delta) {
        if (delta == 0) {
            return;
        }
        long s;
        long next;
        do {
            s = state;
            int counter = counter(s);
            long sum = (long) counter + delta;
            if (sum < 0) {
                throw new IllegalStateException("sync: negative WaitGroup counter");
            }
            if (sum > Integer.MAX_VALUE) {
                throw new IllegalStateException("sync: WaitGroup counter overflow: " + counter + " + " + delta);
            }
            if (counter == 0 && waiters(s) != 0) {
                // A release is pending (delta > 0 here): a new round would race with its waiters.
                throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
            }
            next = s + ((long) delta << 32);
        } while (!STATE.weakCompareAndSet(this, s, next));
        if (counter(next) == 0 && waiters(next) != 0) {
            release();
        }
    }

    /**
     * Subtracts one from the counter; when it reaches zero, every waiter is released. Go:
     * {@code wg.Done()}, usually {@code defer wg.Done()} — in Java a {@code finally} block.
     *
     * @throws IllegalStateException with {@code "sync: negative WaitGroup counter"} if the counter is
     *         already zero; it stays zero
     */
    public void done() {
        add(-1);
    }

    /**
     * Blocks until the counter is zero. Go: {@code wg.Wait()}. Returns at once if it is zero already.
     *
     * @throws InterruptedException if the thread is interrupted before or while waiting (the interrupt
     *         status is cleared); if the counter reaches zero at the same time, the wait returns
     *         normally with the interrupt status set
     */
    public void await() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (counter(state) != 0) {
            awaitSlow(false, 0L, null);
        }
    }

    /**
     * Blocks until the counter is zero or {@code ctx} is done. Go has no such method; Go code runs
     * {@code Wait} in a goroutine that closes a channel and selects on it and {@code ctx.Done()} — and
     * that goroutine stays blocked if the context wins. Here a waiter that gives up leaves at once.
     *
     * <p>A context that is already done throws at once, even if the counter is zero (as
     * {@link dev.go4j.chan.ReceiveChannel#receive(Context)} does). If the counter reaches zero at the
     * moment the context becomes done, the wait returns normally.
     *
     * @param ctx the context that bounds the wait, not null
     * @throws ContextException the context's {@link Context#err() err()} if it is or becomes done before
     *         the counter reaches zero
     * @throws InterruptedException if the thread is interrupted before or while waiting (the interrupt
     *         status is cleared); if the counter reaches zero at the same time, the wait returns
     *         normally with the interrupt status set
     * @throws NullPointerException if {@code ctx} is null
     */
    public void await(Context ctx) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        ContextException err = ctx.err();
        if (err != null) {
            throw err;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (counter(state) != 0) {
            awaitSlow(false, 0L, ctx);
        }
    }

    /**
     * Blocks until the counter is zero or the timeout passes. Go has no timed {@code Wait}; Go code
     * selects on a channel closed after {@code Wait}, or on a context.
     *
     * @param timeout how long to wait at most; zero or negative only checks the counter
     * @return true if the counter reached zero, false if the timeout passed first
     * @throws InterruptedException if the thread is interrupted before or while waiting (the interrupt
     *         status is cleared); if the counter reaches zero at the same time, the wait returns true
     *         with the interrupt status set
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean await(Duration timeout) throws InterruptedException {
        long nanos = Durations.toNanos(timeout, "timeout");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (counter(state) == 0) {
            return true;
        }
        return nanos > 0L && awaitSlow(true, Durations.deadline(nanos), null);
    }

    /**
     * Runs {@code task} in a new virtual thread, counted by this group: {@code add(1)}, then
     * {@link Go#go(Go.Task) Go.go}, with {@code done()} when the task ends. Go 1.25:
     * {@code wg.Go(f)}.
     *
     * <p>A failure of the task goes where {@link Go#go(Go.Task)} sends it — the thread's uncaught
     * exception handler, except the error of a done context, which is a normal end — and is reported <em>before</em> the task's {@code done()}, so a waiter
     * cannot return (and the program move on or exit) before the failure is reported. Go 1.25 goes
     * further and never calls {@code Done} for a panicking {@code f}, because the panic ends the
     * process; a JVM lives on, so here the counter is always decremented.
     *
     * @param task the work, not null
     * @return the started virtual thread
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalStateException as {@link #add(int) add(1)} does
     */
    public Thread go(Go.Task task) {
        Objects.requireNonNull(task, "task");
        add(1);
        try {
            return Go.go(() -> {
                try {
                    task.run();
                } catch (Throwable failure) {
                    Failures.report(failure, null); // a context end is no failure, as in Go.go
                } finally {
                    done();
                }
            });
        } catch (Throwable notStarted) { // e.g. OutOfMemoryError: no thread will call done()
            done();
            throw notStarted;
        }
    }

    /**
     * Returns a description of the group's current state, such as
     * {@code "WaitGroup[counter=3, waiters=1]"}; for diagnostics, not for synchronization.
     *
     * @return the counter and the number of blocked waiters, read at one instant
     */
    @Override
    public String toString() {
        long s = state;
        return "WaitGroup[counter=" + counter(s) + ", waiters=" + waiters(s) + "]";
    }

    // ---------------------------------------------------------------- internals

    /** The counter, for tests. */
    int counter() {
        return counter(state);
    }

    /** The number of counted waiters, for tests. */
    int waiters() {
        return waiters(state);
    }

    private static int counter(long s) {
        return (int) (s >>> 32);
    }

    private static int waiters(long s) {
        return (int) (s & WAITERS_MASK);
    }

    /**
     * The blocking part of a wait; true if released by the zero, false if timed out. A non-null
     * {@code ctx} bounds the wait: its cancellation settles the node and the wait throws its error.
     * Package-private so that model-checking tests can run a timed wait whose deadline has passed
     * (under a model checker, time does not move).
     */
    boolean awaitSlow(boolean timed, long deadline, Context ctx) throws InterruptedException {
        Waiter node = new Waiter();
        lock.lock();
        try {
            long s;
            do {
                s = state;
                if (counter(s) == 0) {
                    return true; // reached zero since the fast path looked
                }
                // 2^32 parked threads cannot exist, so the waiter count cannot carry into the counter
            } while (!STATE.weakCompareAndSet(this, s, s + 1));
            waiters.add(node);
        } finally {
            lock.unlock();
        }
        Context.StopFunc stop = ctx == null ? null : Context.afterFunc(ctx, node::cancel);
        int outcome = node.await(timed, deadline);
        if (stop != null) {
            stop.stop();
        }
        if (outcome == Waiter.RELEASED) {
            return true;
        }
        boolean interrupted = outcome == Waiter.INTERRUPTED;
        if (!leave(node)) { // the counter reached zero for this wait after all: complete normally
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return true;
        }
        if (interrupted) {
            throw new InterruptedException();
        }
        if (outcome == Waiter.CANCELED) {
            throw ctx.err(); // the node is settled as cancelled only after the context is done
        }
        return false;
    }

    /**
     * Takes a waiter that gave up out of the list and the count. Returns false if it cannot, because
     * the counter reached zero for it (the node was detached by a release, or a release is pending):
     * the wait then completes normally.
     */
    private boolean leave(Waiter node) {
        lock.lock();
        try {
            if (!node.linked) {
                return false; // detached by a release: this wait was released
            }
            // The check "counter != 0" and the decrement must be one CAS on the word add() uses: were
            // they two steps, a done() reaching zero in between would become the releaser with this
            // waiter still counted, this waiter would then uncount itself and return, a new round's
            // add would land on (0, 0), and the releaser's reset of the word would wipe that add out.
            long s;
            do {
                s = state;
                if (counter(s) == 0) {
                    return false; // a release is pending and counts this waiter: it is released
                }
            } while (!STATE.weakCompareAndSet(this, s, s - 1L));
            waiters.remove(node);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        Waiter first;
        lock.lock();
        try {
            first = waiters.detachAll();
            // The word reads (0, w) and nobody else may change it while it does (see the overview):
            // resetting it ends the pending release and lets the next round's add through.
            STATE.setVolatile(this, 0L);
        } finally {
            lock.unlock();
        }
        // Outside the lock: the detached chain is ours; a node whose waiter gave up refuses release().
        for (Waiter w = first; w != null; w = w.next) {
            w.release();
        }
    }
}
