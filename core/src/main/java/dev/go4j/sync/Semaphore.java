package dev.go4j.sync;

import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A weighted semaphore that bounds access to a resource of a given size: Go's
 * {@code golang.org/x/sync/semaphore.Weighted} ({@code semaphore.NewWeighted(size)}).
 *
 * <p>Semantics (Go's): {@link #acquire(Context, long) acquire(ctx, n)} takes {@code n} units, blocking
 * until they are free or {@code ctx} is done; {@link #tryAcquire(long) tryAcquire(n)} takes them only if
 * it can at once; {@link #release(long) release(n)} gives them back. Waiters are served in FIFO order:
 * a release grants units to the longest waiter first and stops at the first waiter whose request does
 * not fit, so a large request is not starved by a stream of small ones — and a small request queued
 * behind a large one waits even if its own units are free, as in Go. {@code tryAcquire} and a new
 * {@code acquire} also defer to queued waiters. A request for more than {@code size} units can never be
 * granted: with a context it blocks until the context is done and then throws (Go's behaviour), and it
 * does not hold up the queue meanwhile. A permit is not owned by a thread: any thread may release units
 * another acquired. The semaphore has no zero-value form; it is reusable indefinitely.
 *
 * <p>Cancellation (Go's): a context already done fails the acquire before anything else. A waiter whose
 * context becomes done leaves the queue and throws the context's {@link Context#err() err()}; if a
 * release granted it the units at the same moment, it gives them back and the next waiters are served,
 * so a cancelled acquire never loses units. A waiter at the head of the queue that leaves wakes the
 * ones behind it if their requests now fit.
 *
 * <p>Thread safety: every method may be called from any number of threads, platform or virtual.
 * Memory consistency effects: actions in a thread before a {@code release} happen-before the actions
 * after an acquire that obtains (some of) the released units, in another thread.
 *
 * <p>Bad input and misuse: a negative {@code size} or {@code n} throws {@link IllegalArgumentException}
 * naming the argument; a null context throws {@link NullPointerException}; releasing more units than are
 * held throws {@link IllegalStateException} with Go's panic message
 * {@code "semaphore: released more than held"} and changes nothing.
 *
 * <p>Example — at most three concurrent calls to a backend, each bounded by the request's context:
 * {@snippet class=dev.go4j.sync.SemaphoreSnippets region=bound}
 *
 * @implNote Go's {@code semaphore.go} design: a count of held units and a FIFO list of waiters under one
 * {@link ReentrantLock} (Go's {@code sync.Mutex}). An uncontended acquire or release takes the lock once
 * and allocates nothing. A blocking acquire allocates one list node and parks (no polling); the release
 * that grants it unparks it once. A context-bounded acquire that blocks also registers a
 * {@link Context#afterFunc} with the context (nothing for a context that can never be cancelled) and
 * stops it when it returns; a cancellation wakes the waiter through it.
 * @since 0.1.0
 */
public final class Semaphore {
    /* Implementation overview
     *
     * size, cur (units held) and the FIFO list head..tail are guarded by lock.
     *
     * acquire(n):  lock; if size - cur >= n and the list is empty: cur += n, done. Otherwise (n <= size)
     *              link a node, unlock, park until node.granted, the context is done or an interrupt.
     * release(n):  lock; cur -= n; grant(): while the head's n fits in size - cur, cur += head.n,
     *              unlink it, set granted and unpark it; stop at the first that does not fit (FIFO, no
     *              barging: Go's notifyWaiters).
     * give up:     lock; if granted (the release won the race): give the units back (cur -= n, grant())
     *              unless the wait ended by interrupt, which keeps them and restores the interrupt
     *              status (the java.util.concurrent rule); else unlink, and if the node was the head
     *              and units are free, grant() to those behind it (Go does the same).
     *
     * node.granted is written only under the lock, by the releaser that unlinks the node, so "granted"
     * and "still linked" are never both true and the waiter decides under the lock which case it is in.
     * The waiter's park loop reads it without the lock (volatile): a grant it sees is final.
     */

    private final long size;
    /** Guards everything below; package-private so that tests can hold a give-up against a release. */
    final ReentrantLock lock = new ReentrantLock();
    /** Units held, guarded by {@link #lock}. */
    private long cur;
    /** The FIFO waiter list, guarded by {@link #lock}. */
    private final WaitList<Node> waiters = new WaitList<>();

    /**
     * Creates a semaphore of {@code size} units, all free. Go: {@code semaphore.NewWeighted(size)}.
     *
     * @param size the total number of units, zero or more
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public Semaphore(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        this.size = size;
    }

    /**
     * Takes {@code n} units, blocking until they are free or {@code ctx} is done. Go:
     * {@code s.Acquire(ctx, n)}, where a nil error is a normal return here.
     *
     * <p>If {@code ctx} is already done this throws at once, even if the units are free (Go checks the
     * context first). A request for more than {@code size} units blocks until {@code ctx} is done. If the
     * units are granted at the moment {@code ctx} becomes done, they are given back and the call throws,
     * as in Go.
     *
     * @param ctx the context that bounds the wait, not null
     * @param n the number of units, zero or more
     * @throws ContextException the context's {@link Context#err() err()} if it is or becomes done first;
     *         no units are held then
     * @throws InterruptedException if the thread is interrupted before or while waiting (the interrupt
     *         status is cleared; no units are held); if the units are granted at the same time, the call
     *         returns normally with the interrupt status set
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws NullPointerException if {@code ctx} is null
     */
    public void acquire(Context ctx, long n) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        checkUnits(n);
        ContextException err = ctx.err();
        if (err != null) {
            throw err;
        }
        doAcquire(ctx, n);
    }

    /**
     * Takes {@code n} units, blocking until they are free; interruptible. Go:
     * {@code s.Acquire(context.Background(), n)}. A request for more than {@code size} units blocks until
     * the thread is interrupted.
     *
     * @param n the number of units, zero or more
     * @throws InterruptedException if the thread is interrupted before or while waiting (the interrupt
     *         status is cleared; no units are held); if the units are granted at the same time, the call
     *         returns normally with the interrupt status set
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public void acquire(long n) throws InterruptedException {
        checkUnits(n);
        doAcquire(null, n);
    }

    /**
     * Takes one unit, blocking until it is free; interruptible. Shorthand for {@link #acquire(long)
     * acquire(1)}.
     *
     * @throws InterruptedException as {@link #acquire(long)}
     */
    public void acquire() throws InterruptedException {
        doAcquire(null, 1L);
    }

    /**
     * Takes {@code n} units if they are free now and nobody is queued, without blocking. Go:
     * {@code s.TryAcquire(n)}.
     *
     * @param n the number of units, zero or more
     * @return true if the units were taken; false otherwise, and nothing changed
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public boolean tryAcquire(long n) {
        checkUnits(n);
        lock.lock();
        try {
            if (size - cur >= n && waiters.isEmpty()) {
                cur += n;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes one unit if it is free now and nobody is queued. Shorthand for {@link #tryAcquire(long)
     * tryAcquire(1)}.
     *
     * @return true if the unit was taken
     */
    public boolean tryAcquire() {
        return tryAcquire(1L);
    }

    /**
     * Gives back {@code n} units and grants waiting requests, in FIFO order, while they fit. Go:
     * {@code s.Release(n)}.
     *
     * @param n the number of units, zero or more
     * @throws IllegalStateException with Go's {@code "semaphore: released more than held"} if more than
     *         the held units would be released; nothing changes then
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public void release(long n) {
        checkUnits(n);
        lock.lock();
        try {
            if (n > cur) {
                throw new IllegalStateException("semaphore: released more than held (held " + cur + ", released " + n + ")");
            }
            cur -= n;
            grant();
        } finally {
            lock.unlock();
        }
    }

    /** Gives back one unit. Shorthand for {@link #release(long) release(1)}. */
    public void release() {
        release(1L);
    }

    /**
     * Returns a description of the semaphore's state, such as {@code "Semaphore[size=10, held=7,
     * waiters=2]"}; for diagnostics, not for synchronization.
     *
     * @return the size, the held units and the number of queued waiters, read at one instant
     */
    @Override
    public String toString() {
        lock.lock();
        try {
            return "Semaphore[size=" + size + ", held=" + cur + ", waiters=" + countWaiters() + "]";
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- internals

    /** Units held, for tests. */
    long held() {
        lock.lock();
        try {
            return cur;
        } finally {
            lock.unlock();
        }
    }

    /** The number of queued waiters, for tests. */
    int waiters() {
        lock.lock();
        try {
            return countWaiters();
        } finally {
            lock.unlock();
        }
    }

    private int countWaiters() {
        int count = 0;
        for (Node w = waiters.first(); w != null; w = w.next) {
            count++;
        }
        return count;
    }

    private static void checkUnits(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
    }

    /** The acquire path of every form; {@code ctx} null means unbounded (interrupt only). */
    private void doAcquire(Context ctx, long n) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Node node;
        lock.lock();
        try {
            // Go looks at the context under the lock too: a cancel that happened before a release
            // this acquire could take must win, or a cancelled caller would walk off with the units.
            ContextException err = ctx == null ? null : ctx.err();
            if (err != null) {
                throw err;
            }
            if (size - cur >= n && waiters.isEmpty()) {
                cur += n;
                return;
            }
            // A request larger than the whole semaphore can never be granted: Go does not queue it
            // (it would block every waiter behind it forever) and only waits for the context.
            node = new Node(n);
            if (n <= size) {
                waiters.add(node);
            }
        } finally {
            lock.unlock();
        }
        Context.StopFunc stop = ctx == null ? null : Context.afterFunc(ctx, node::wake);
        boolean interrupted = false;
        try {
            while (!node.granted) {
                if (ctx != null && ctx.err() != null) {
                    break;
                }
                if (Thread.interrupted()) {
                    interrupted = true;
                    break;
                }
                LockSupport.park(this);
            }
        } finally {
            if (stop != null) {
                stop.stop();
            }
        }
        if (node.granted && !interrupted) {
            // Granted. Go checks the context once more and returns the units if it is done meanwhile.
            ContextException err = ctx == null ? null : ctx.err();
            if (err != null) {
                release(n);
                throw err;
            }
            return;
        }
        giveUp(node, interrupted, ctx);
    }

    /** The waiter stopped waiting (context done or interrupt): settle under the lock who wins. */
    private void giveUp(Node node, boolean interrupted, Context ctx) throws InterruptedException {
        lock.lock();
        try {
            if (node.granted) {
                if (interrupted) {
                    // Granted and interrupted at once: complete normally, keep the interrupt status.
                    Thread.currentThread().interrupt();
                    return;
                }
                // Lost the race with a release: pretend it did not happen and serve the next waiters.
                cur -= node.n;
                grant();
            } else if (node.linked) {
                boolean wasHead = waiters.first() == node;
                waiters.remove(node);
                if (wasHead && size > cur) {
                    grant(); // the head blocked the queue; those behind may fit now
                }
            }
        } finally {
            lock.unlock();
        }
        if (interrupted) {
            throw new InterruptedException();
        }
        throw ctx.err();
    }

    /** Go's notifyWaiters: grants the head while it fits; FIFO, no barging. Holds the lock. */
    private void grant() {
        for (Node w = waiters.first(); w != null; w = waiters.first()) {
            if (size - cur < w.n) {
                break; // not even smaller waiters behind it may pass: that would starve it
            }
            cur += w.n;
            waiters.remove(w);
            w.granted = true;
            LockSupport.unpark(w.thread);
        }
    }

    /** A queued acquire: Go's {@code waiter{n, ready}}. List fields are guarded by the lock. */
    private static final class Node extends WaitList.Node<Node> {
        final long n;
        final Thread thread = Thread.currentThread();
        /** Set once, under the lock, by the release that unlinks the node. */
        volatile boolean granted;

        Node(long n) {
            this.n = n;
        }

        /** Wakes the waiter to look at its context (the {@code afterFunc} of a context acquire). */
        void wake() {
            LockSupport.unpark(thread);
        }
    }
}
