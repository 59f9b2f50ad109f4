package dev.go4j.context;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/** {@link Context#withCancel}: Go's {@code cancelCtx}. */
sealed class CancelCtx extends Node implements CancelableContext permits TimerCtx {
    /* Implementation overview
     *
     * err      null -> a ContextException, once, by CAS. The winner of that CAS is the one
     *          cancellation: it closes done, detaches the children, releases the timer (TimerCtx),
     *          removes this context from its parent, then cancels the detached children.
     * done     null -> a channel made by the first done() call, or CLOSED_DONE if cancel comes first
     *          (Go's closedchan). Both sides CAS from null, so done() always returns one channel and
     *          cancel closes exactly the one it finds.
     * lock     null until the first child registers: a context with no children never allocates it.
     * children firstChild..next, an intrusive doubly-linked list (Node.prev/next), plus childCount and
     *          detached, all guarded by lock. Go keeps a map[canceler]struct{}; a list needs no
     *          allocation per child and removes in O(1).
     *
     * Registration vs cancel (Go's propagateCancel): a child registers under the parent's lock and
     * checks err there; if set, the child is born cancelled with the parent's error instead of being
     * linked. Cancel sets err first, then reads lock. Each side writes (err / lock) before reading the
     * other's field, so either cancel sees the lock and detaches under it (after the registration,
     * whose child it then finds), or the registration sees err. The child always ends cancelled.
     *
     * Removal: a child that cancels itself (or is stopped, for an AfterFunc) unlinks itself under the
     * parent's lock, unless the parent has detached its list already: then the cancelling parent owns
     * those links and will find the child done (its CAS on err fails).
     *
     * Descendants are cancelled before cancel returns, outside every lock, by an iterative post-order
     * walk (a deep chain cannot overflow the stack): a cancelled child hands back its own detached
     * children, and a context is "settled" once its whole subtree is done.
     *
     * Every cancel returns only after the context is settled, even one that lost the race: Go gets
     * this from holding c.mu while cancelling the children, so a second cancel blocks on the mutex.
     * err() waits the same way when it finds err set and the context not yet settled (Go's Err takes
     * c.mu too), so an error seen means done is closed and every descendant is cancelled.
     * Here the loser parks on the waiters stack until the winner settles (waiters: null, a stack of
     * parked threads, or SETTLED). The same wait happens when a cancelling parent reaches a child
     * that is busy cancelling itself. Waits only go down the tree, so they cannot form a cycle. The
     * timer thread never waits (an expiring deadline that loses has nothing left to do).
     */

    private static final VarHandle ERR;
    private static final VarHandle DONE;
    private static final VarHandle LOCK;
    private static final VarHandle WAITERS;
    /** The waiters value once the context and its whole subtree are cancelled. */
    private static final Object SETTLED = new Object();
    /** Go's closedchan: the done channel of a context cancelled before anyone asked for it. */
    static final Channel<Void> CLOSED_DONE = Channel.make();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ERR = l.findVarHandle(CancelCtx.class, "err", ContextException.class);
            DONE = l.findVarHandle(CancelCtx.class, "done", Channel.class);
            LOCK = l.findVarHandle(CancelCtx.class, "lock", ReentrantLock.class);
            WAITERS = l.findVarHandle(CancelCtx.class, "waiters", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        CLOSED_DONE.close();
    }

    final Context parent;
    /** The nearest cancelable ancestor, which this context registers with; null if it cannot be cancelled. */
    final CancelCtx parentCanceler;
    private volatile ContextException err;
    private volatile Channel<Void> done;
    private volatile ReentrantLock lock;
    /** null, a {@link Parked} stack of losing cancellers, or {@link #SETTLED}. */
    private volatile Object waiters;
    private Node firstChild;
    private int childCount;
    private boolean detached;

    CancelCtx(Context parent) {
        this.parent = parent;
        this.parentCanceler = Contexts.cancelerOf(parent);
    }

    static CancelCtx derive(Context parent) {
        CancelCtx c = new CancelCtx(parent);
        c.attach();
        return c;
    }

    /** Go's propagateCancel: registers with the parent, or is born cancelled if the parent is done. */
    final void attach() {
        if (parentCanceler != null) {
            ContextException e = parentCanceler.register(this);
            if (e != null) {
                cancel(false, e, true); // never linked, so nothing to remove
            }
        }
    }

    // ---------------------------------------------------------------- Context

    @Override
    public Optional<Instant> deadline() {
        return Optional.ofNullable(Contexts.deadlineOf(this));
    }

    @Override
    public final ReceiveChannel<Void> done() {
        Channel<Void> d = done;
        if (d != null) {
            return d;
        }
        Channel<Void> made = Channel.make();
        Object witness = DONE.compareAndExchange(this, null, made);
        // lost to cancel (CLOSED_DONE) or to another done(): use theirs, never two channels
        return witness == null ? made : done;
    }

    /**
     * Go holds the context's mutex while it cancels the children, and Err takes that mutex: so an
     * error seen on a context means its done channel is closed and its whole subtree is cancelled.
     * Here the winning cancel sets err first and cancels the subtree after, outside every lock; a
     * reader that comes in between waits for it to settle (the loser of a cancel waits the same
     * way). Once settled, this is two volatile reads.
     */
    @Override
    public final ContextException err() {
        ContextException e = err;
        if (e != null && waiters != SETTLED) {
            awaitSettled();
        }
        return e;
    }

    /** The error as it is now, without waiting for the subtree: for the cancellation paths. */
    final ContextException errNow() {
        return err;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final <T> T value(Key<T> key) {
        return (T) Contexts.valueOf(parent, key);
    }

    @Override
    public final void cancel() {
        cancel(true, ContextCanceledException.CANCELED, true);
    }

    @Override
    public final void cancel(Throwable cause) {
        Objects.requireNonNull(cause, "cause: use cancel() for no cause");
        if (err == null) { // no exception to allocate when it cannot win
            cancel(true, new ContextCanceledException(cause, true), true);
        } else {
            awaitSettled();
        }
    }

    @Override
    public final void close() {
        cancel(true, ContextCanceledException.CANCELED, true);
    }

    @Override
    public String toString() {
        return parent + ".WithCancel";
    }

    // ---------------------------------------------------------------- cancellation

    /**
     * Cancels with {@code e} unless already done; true if this call did it. If another cancellation
     * won and {@code awaitWinner}, returns only once that one has reached the whole subtree.
     */
    final boolean cancel(boolean removeFromParent, ContextException e, boolean awaitWinner) {
        if (!ERR.compareAndSet(this, null, e)) {
            if (awaitWinner) {
                awaitSettled();
            }
            return false;
        }
        cancelAll(this, onCanceled(), e);
        if (removeFromParent && parentCanceler != null) {
            parentCanceler.removeChild(this);
        }
        return true;
    }

    @Override
    final Node parentCanceled(ContextException e) {
        if (!ERR.compareAndSet(this, null, e)) {
            awaitSettled(); // cancelling itself right now: its subtree is part of the parent's
            return null;
        }
        Node kids = onCanceled();
        if (kids == null) {
            settle();
        }
        return kids;
    }

    /** After winning the CAS on err: close done, release resources, detach and return the children. */
    private Node onCanceled() {
        closeDone();
        release();
        return detachChildren();
    }

    /** Releases what the context holds besides its children (TimerCtx: the timer). */
    void release() {}

    private void closeDone() {
        Object d = DONE.compareAndExchange(this, null, CLOSED_DONE);
        if (d != null) {
            ((Channel<?>) d).close(); // only the winner of err gets here: closed once
        }
    }

    /**
     * Cancels the detached children of {@code root} and, through them, every descendant, then
     * settles each context once its own subtree is done: an iterative post-order walk whose stack
     * holds (owner, next sibling) pairs and is allocated only below the first level.
     */
    private static void cancelAll(CancelCtx root, Node kids, ContextException e) {
        Object[] stack = null;
        int top = 0;
        CancelCtx owner = root;
        Node n = kids;
        for (;;) {
            while (n != null) {
                Node next = n.next;
                n.prev = null; // detached: this thread owns the links now
                n.next = null;
                Node grandKids = n.parentCanceled(e);
                if (grandKids != null) { // n is a CancelCtx with children: descend, resume at next
                    if (stack == null) {
                        stack = new Object[16];
                    } else if (top == stack.length) {
                        stack = java.util.Arrays.copyOf(stack, top * 2);
                    }
                    stack[top++] = owner;
                    stack[top++] = next;
                    owner = (CancelCtx) n;
                    n = grandKids;
                } else {
                    n = next;
                }
            }
            owner.settle();
            if (top == 0) {
                return;
            }
            n = (Node) stack[--top];
            owner = (CancelCtx) stack[--top];
            stack[top] = null;
            stack[top + 1] = null;
        }
    }

    /** The context and its whole subtree are cancelled: release every canceller waiting for that. */
    private void settle() {
        Object w = WAITERS.getAndSet(this, SETTLED);
        for (Parked p = w instanceof Parked q ? q : null; p != null; p = p.next) {
            LockSupport.unpark(p.thread);
        }
    }

    /** Waits, uninterruptibly as Go's cancel, until the winning cancellation has settled. */
    private void awaitSettled() {
        Object w = waiters;
        if (w == SETTLED) {
            return;
        }
        Parked me = new Parked(Thread.currentThread());
        for (;;) { // push onto the stack, unless the winner settles first
            me.next = (Parked) w;
            Object witness = WAITERS.compareAndExchange(this, w, me);
            if (witness == w) {
                break;
            }
            if (witness == SETTLED) {
                return;
            }
            w = witness;
        }
        boolean interrupted = false;
        while (waiters != SETTLED) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A canceller parked until {@link #settle()}. */
    private static final class Parked {
        final Thread thread;
        Parked next;

        Parked(Thread thread) {
            this.thread = thread;
        }
    }

    // ---------------------------------------------------------------- children

    /**
     * Links {@code child} unless this context is done; returns null if linked, else the error the
     * child must be born with.
     */
    final ContextException register(Node child) {
        ContextException e = err;
        if (e != null) {
            return e;
        }
        ReentrantLock l = childLock();
        l.lock();
        try {
            e = err;
            if (e != null) {
                return e;
            }
            Node first = firstChild;
            child.next = first;
            if (first != null) {
                first.prev = child;
            }
            firstChild = child;
            childCount++;
            return null;
        } finally {
            l.unlock();
        }
    }

    /** Unlinks a registered child that is done with this parent (cancelled itself, or stopped). */
    final void removeChild(Node child) {
        ReentrantLock l = lock; // non-null: the child registered under it
        l.lock();
        try {
            if (detached) {
                return; // the cancelling thread owns the links now
            }
            Node p = child.prev;
            Node n = child.next;
            if (p == null) {
                firstChild = n;
            } else {
                p.next = n;
            }
            if (n != null) {
                n.prev = p;
            }
            child.prev = null;
            child.next = null;
            childCount--;
        } finally {
            l.unlock();
        }
    }

    private Node detachChildren() {
        ReentrantLock l = lock; // read after the CAS on err: see the overview (Dekker with register)
        if (l == null) {
            return null;
        }
        l.lock();
        try {
            Node kids = firstChild;
            firstChild = null;
            childCount = 0;
            detached = true;
            return kids;
        } finally {
            l.unlock();
        }
    }

    private ReentrantLock childLock() {
        ReentrantLock l = lock;
        if (l == null) {
            ReentrantLock made = new ReentrantLock();
            Object witness = LOCK.compareAndExchange(this, null, made);
            l = witness == null ? made : (ReentrantLock) witness;
        }
        return l;
    }

    /** The number of registered children and AfterFunc registrations (tests: a parent must not grow). */
    final int childCount() {
        ReentrantLock l = lock;
        if (l == null) {
            return 0;
        }
        l.lock();
        try {
            return childCount;
        } finally {
            l.unlock();
        }
    }
}
