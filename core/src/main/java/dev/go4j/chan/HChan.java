package dev.go4j.chan;

import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.internal.Durations;
import java.io.Serial;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The channel: Go's {@code hchan} ({@code runtime/chan.go}). Package-private; users see {@link Channel}.
 * Extends its lock to save an object and an indirection per operation.
 *
 * @param <T> the element type
 */
final class HChan<T> extends ReentrantLock implements Channel<T> {
    /* Implementation overview
     *
     * Go's design (runtime/chan.go). One lock guards the buffer, the two wait queues (recvq: receivers
     * waiting for a value; sendq: senders waiting for a receiver or a slot) and close.
     *
     * Unbuffered (ring == null), exactly Go's algorithm, all under the lock:
     *   send:    closed -> throw; a waiting receiver -> hand the value to it; else wait in sendq.
     *   receive: a waiting sender -> take its value; closed -> "closed"; else wait in recvq.
     * Buffered, exactly Go's algorithm too; receivers wait only while the buffer is empty and senders
     * only while it is full, so:
     *   send:    closed -> throw; a waiting receiver (the buffer is empty) -> hand the value to it;
     *            room -> into the buffer; else wait in sendq.
     *   receive: a value -> take the oldest, and if a sender waits (the buffer was full) move its
     *            value into the freed slot and wake it; closed -> "closed"; else wait in recvq.
     * The non-blocking forms answer "not ready" without the lock where Go's do (chansend and chanrecv
     * with block == false), from two single reads: a send reads "open", then "full" (for an unbuffered
     * channel: "no receiver"); a receive reads "empty", then "open". Either pair implies an instant at
     * which the channel was open and not ready: "closed" never reverts, and a closed channel gains no
     * values, so a channel full after its close was full, and open, just before it.
     * close() makes waiting senders throw and wakes waiting receivers with "closed" (a buffered channel
     * has receivers waiting only when it is empty).
     *
     * Why the buffer is under the lock: a lock-free ring (one CAS per operation) was measured in its
     * place. On two cores it let both cores operate at once, and every operation then moved the
     * indices' and the slot's cache lines between them: 2-3x slower than ArrayBlockingQueue with two
     * or more producers and consumers. Under one lock that parks its losers instead of spinning, the
     * winner's core runs a batch of operations on lines it already holds, as ArrayBlockingQueue's does.
     *
     * Results: the party that settles a waiter writes the result into the node before the CAS (a
     * sender's node keeps its value, which the receiver takes). Unparks happen after unlocking: the fired
     * waiters are chained through Waiter.nextWake, in the queue they were fired from, and woken by the
     * caller.
     *
     * Cache lines. On two cores every line that both sides of a hand-off write moves between them, and
     * a move costs more than the rest of the hand-off. So the fields every operation reads (ring,
     * queues, closed) are never written by a hand-off: the wake chains live in the queues, which the
     * firing party writes anyway, and the spin score is written only when it changes. A plain send or
     * receive waits on a node that is its own waiter, so the item and the state move together.
     *
     * Context-bounded send and receive (Go's select with <-ctx.Done()) do not run a Select: they wait
     * on this channel as a plain send or receive does (case 0), and, if the spin before parking runs
     * out, push a CloseWaiter for case 1 on the context's done channel, a Treiber stack that close()
     * empties with one getAndSet. A context's
     * done channel is only ever closed, so "ready" there means "closed", which the stack itself records
     * (CLOSED_STACK): a push either lands before the close, which then fires it, or fails and the
     * waiter settles itself on case 1. The one CAS replaces a select's lock, enqueue, unlock and later
     * lock, dequeue, unlock on a done channel that every stage of a pipeline shares. A node whose
     * waiter settled elsewhere is dead: pushes pop dead nodes off the top, and a sweep unlinks those
     * below once the pushes since the last sweep exceed twice the live nodes it found, so the stack
     * stays within a constant factor of the waits that are live.
     *
     * Locking: a ReentrantLock (non-fair: an arriving operation may take the lock ahead of a parked
     * one). An unbuffered channel's lock() tries the lock a few times before it queues, a buffered
     * one's queues at once (see lock()). A select locks all of its channels in ascending id order (Go
     * sorts by address), so selects cannot deadlock.
     */

    @Serial
    private static final long serialVersionUID = 1L;

    /** Delivered in place of a value when a waiter was woken by close. */
    static final Object CLOSED = new Object();
    /** Returned by {@link #recvLocked()} when nothing is ready. */
    static final Object NONE = new Object();
    static final int SENT = 0;
    static final int WOULD_BLOCK = 1;
    static final int IS_CLOSED = 2;

    /** Delivered to a context-bounded operation whose context was done first. */
    static final Object CTX_DONE = new Object();
    /** The case a context-bounded operation's waiter is fired on by its context's done channel. */
    private static final int CTX_CASE = 1;
    /** The close-waiter stack of a closed channel: no registration can land after the close. */
    private static final CloseWaiter CLOSED_STACK = new CloseWaiter(new Waiter(), 0);
    private static final VarHandle CLOSE_WAITERS;
    private static final VarHandle SWEEPING;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CLOSE_WAITERS = l.findVarHandle(HChan.class, "closeWaiters", CloseWaiter.class);
            SWEEPING = l.findVarHandle(HChan.class, "sweeping", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final AtomicLong IDS = new AtomicLong();
    private static final String NULL_VALUE = "value: a channel holds no null (null means closed in receiveOrNull)";

    /** Lock order for select. */
    final long id = IDS.getAndIncrement();
    /** The buffer; null for an unbuffered channel. */
    private final transient Ring ring;
    private final int cap;
    private volatile boolean closed;
    private final transient WaitQueue recvq = new WaitQueue();
    private final transient WaitQueue sendq = new WaitQueue();
    /**
     * Whether waiters on this channel should spin before they park. Unbuffered channels only: a
     * rendezvous partner usually arrives within the spin, while a waiter on a buffered channel waits
     * for the other side to fill or drain a buffer, and with several producers or consumers per core
     * its spin holds the carrier they need (measured: 2.8x slower at 4 -> 4 with the spin). A select
     * whose cases are all on unbuffered channels spins only if every one of its channels' scores
     * says so, and teaches each of them what its wait showed.
     */
    private transient int spinScore = SpinScore.INITIAL;
    /** Waiters to fire on close, pushed without the lock; {@link #CLOSED_STACK} once closed. */
    private transient volatile CloseWaiter closeWaiters;
    /** Pushes onto {@link #closeWaiters} since the last sweep; a racy count is good enough. */
    private transient int closePushes;
    /** The pushes after which the next sweep runs: twice the live nodes the last one found, at least 64. */
    private transient int sweepAt = MIN_SWEEP;
    private transient volatile boolean sweeping;

    HChan(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException(
                    "capacity must be >= 0 (Go: makechan: size out of range), was " + capacity);
        }
        this.cap = capacity;
        this.ring = capacity == 0 ? null : new Ring(capacity);
    }

    // ---------------------------------------------------------------- locking and waking

    /** How many times {@link #lock()} tries the lock, with a spin-wait pause between, before it queues. */
    private static final int LOCK_SPINS = 64;

    /**
     * Takes the channel lock. An unbuffered channel's tries it a few times before queueing on it: its
     * critical sections are a handful of instructions that never block, so the holder nearly always
     * lets go within the spin, while queueing parks the thread (an unmount and a remount for a virtual
     * thread, a system call for a platform one), which measured 17 % slower on an unbuffered ping-pong
     * where the two sides meet on each other's lock. A buffered channel's queues at once: the spin kept
     * both cores contending for the buffer's lines, while parking the loser lets the other core run a
     * batch. With the spin, one producer and one consumer measured 2.6-3.5x slower, four of each
     * 1.4-1.6x.
     */
    @Override
    public void lock() {
        if (ring != null) {
            super.lock();
            return;
        }
        for (int i = LOCK_SPINS; i > 0; i--) {
            if (tryLock()) {
                return;
            }
            Thread.onSpinWait();
        }
        super.lock();
    }

    /**
     * Returns and clears the waiters fired under the lock (each queue keeps the ones it fired; see
     * {@link WaitQueue#addWake}). Lock held.
     */
    Waiter takeWakes() {
        Waiter r = recvq.takeWakes();
        Waiter s = sendq.takeWakes();
        if (r == null) {
            return s;
        }
        if (s != null) {
            Waiter last = r;
            while (last.nextWake != null) {
                last = last.nextWake;
            }
            last.nextWake = s;
        }
        return r;
    }

    /** The score of this channel's spins before parking ({@link SpinScore}); read by a select too. */
    int spinScore() {
        return spinScore;
    }

    /**
     * Updates {@link #spinScore} after a wait given {@code spins} rounds, a plain one or a select's;
     * writes only a changed score, so that a steady rendezvous does not move the channel's cache line
     * between the two sides.
     */
    void learnSpin(int spins, Waiter w) {
        int score = spinScore;
        int next = SpinScore.next(score, spins, w);
        if (next != score) {
            spinScore = next;
        }
    }

    /** Unparks a chain returned by {@link #takeWakes()}. Lock not held. */
    static void wakeAll(Waiter w) {
        while (w != null) {
            Waiter next = w.nextWake;
            w.wake();
            w = next;
        }
    }

    private void unlockAndWake() {
        Waiter w = takeWakes();
        unlock();
        wakeAll(w);
    }

    // ---------------------------------------------------------------- locked steps (shared with Select)

    /** Receives without blocking: a value, {@link #CLOSED}, or {@link #NONE}. Lock held. */
    Object recvLocked() {
        if (ring != null) {
            Object v = ring.poll();
            if (v != null) {
                // Go's recv on a full buffer: a waiting sender's value takes the slot this receive freed.
                WaitNode s = sendq.fireFirst(null);
                if (s != null) {
                    ring.offer(s.item);
                    sendq.addWake(s.waiter);
                }
                return v;
            }
            return closed ? CLOSED : NONE; // empty: no sender waits beside an empty buffer
        }
        WaitNode s = sendq.fireFirst(null);
        if (s != null) {
            sendq.addWake(s.waiter);
            return s.item;
        }
        return closed ? CLOSED : NONE;
    }

    /** Sends without blocking: {@link #SENT}, {@link #WOULD_BLOCK} or {@link #IS_CLOSED}. Lock held. */
    int sendLocked(Object value) {
        if (closed) {
            return IS_CLOSED;
        }
        WaitNode r = recvq.fireFirst(value); // on a buffered channel, receivers wait only beside an empty buffer
        if (r != null) {
            recvq.addWake(r.waiter);
            return SENT;
        }
        return ring != null && ring.offer(value) ? SENT : WOULD_BLOCK;
    }

    /** Whether this channel has a buffer. */
    boolean isBuffered() {
        return ring != null;
    }

    /**
     * Receives without blocking, as {@link #tryReceive()} does: a value, {@link #CLOSED}, or
     * {@link #NONE}. Lock not held.
     */
    Object recvNow() {
        if (ring != null ? ring.isEmpty() : sendq.isEmpty()) {
            // Go's fast path (chanrecv, block == false): "empty" and then "open", both read without the
            // lock, imply a moment when the channel was open and had nothing to receive.
            if (!closed) {
                return NONE;
            }
            if (ring != null ? ring.isEmpty() : sendq.isEmpty()) {
                return CLOSED; // closed, and still empty: drained for good
            }
        }
        Object r;
        lock();
        try {
            r = recvLocked();
        } finally {
            unlockAndWake();
        }
        return r;
    }

    /**
     * Sends without blocking, as {@link #trySend} does: {@link #SENT}, {@link #WOULD_BLOCK} or
     * {@link #IS_CLOSED}. Lock not held.
     */
    int sendNow(Object value) {
        // Go's fast path (chansend, block == false): "open" and then "full" (unbuffered: "no receiver"),
        // both read without the lock, imply a moment when the channel was open and not ready for sending.
        if (!closed && (ring != null ? ring.isFull() : recvq.isEmpty())) {
            return WOULD_BLOCK;
        }
        int st;
        lock();
        try {
            st = sendLocked(value);
        } finally {
            unlockAndWake();
        }
        return st;
    }

    /** Enqueues a wait node for a receive (true) or a send (false). Lock held. */
    void enqueueLocked(WaitNode node, boolean receive) {
        (receive ? recvq : sendq).add(node);
    }

    // ---------------------------------------------------------------- close waiters (context-bounded waits)

    private static final int MIN_SWEEP = 64;

    /**
     * Registers {@code node} to be fired on its case when this channel closes, without the lock.
     * Returns false if the channel is already closed (the caller settles its waiter itself).
     */
    boolean registerOnClose(CloseWaiter node) {
        for (;;) {
            CloseWaiter h = closeWaiters;
            if (h == CLOSED_STACK) {
                return false;
            }
            if (h != null && h.dead()) {
                CLOSE_WAITERS.compareAndSet(this, h, h.next); // pop a dead top: most waits end soon
                continue;
            }
            node.next = h;
            if (CLOSE_WAITERS.compareAndSet(this, h, node)) {
                break;
            }
        }
        if (++closePushes >= sweepAt) {
            sweepCloseWaiters();
        }
        return true;
    }

    /**
     * Unlinks the dead nodes below the top, one sweeper at a time. Pushers change only the top and
     * the closer only reads, so an unlinked node is always dead and every live one stays reachable.
     */
    private void sweepCloseWaiters() {
        if (sweeping || !SWEEPING.compareAndSet(this, false, true)) {
            return;
        }
        try {
            CloseWaiter p = closeWaiters;
            int live = 0;
            if (p != null && p != CLOSED_STACK) {
                for (CloseWaiter q = p.next; q != null; q = q.next) {
                    if (q.dead()) {
                        p.next = q.next;
                    } else {
                        p = q;
                        live++;
                    }
                }
            }
            sweepAt = Math.max(MIN_SWEEP, 2 * live);
            closePushes = 0;
        } finally {
            sweeping = false;
        }
    }

    /** Whether close has taken the close-waiter stack: a registration now fails. */
    boolean closeWaitersTaken() {
        return closeWaiters == CLOSED_STACK;
    }

    /** Registered close waiters, dead ones included; for tests (the stack must not grow). */
    int closeWaiterCount() {
        int n = 0;
        for (CloseWaiter q = closeWaiters; q != null && q != CLOSED_STACK; q = q.next) {
            n++;
        }
        return n;
    }

    /** Fires every registered close waiter. Lock held, at close. */
    private void fireCloseWaitersLocked() {
        for (CloseWaiter q = (CloseWaiter) CLOSE_WAITERS.getAndSet(this, CLOSED_STACK); q != null; q = q.next) {
            if (q.waiter.tryFire(q.caseIndex)) {
                recvq.addWake(q.waiter);
            }
        }
    }

    /**
     * Waits for {@code w} (untimed) while watching the context's done channel {@code done} for case 1.
     * The spin comes first and needs no registration: a partner that arrives within it completes the
     * hand-off without touching the done channel. A cancel ends the spin early (one more volatile read
     * per round), and the registration then fails and settles {@code w} on case 1 itself (unless the
     * channel fired it first).
     */
    private static int awaitWatching(Waiter w, HChan<?> done, int spins) {
        int s = w.spin(spins, done);
        if (s != Waiter.WAITING) {
            return s;
        }
        if (!done.registerOnClose(new CloseWaiter(w, CTX_CASE))) {
            w.tryFire(CTX_CASE); // our own waiter: no wake needed
        }
        return w.await(false, 0L, 0);
    }

    /**
     * Waits on a plain send's or receive's node, spinning first on an unbuffered channel while its
     * score says spins pay (see {@link #spinScore}), and watching {@code done} if not null. Returns the
     * waiter's outcome: the case fired (0, or {@link #CTX_CASE} for {@code done}), or a negative
     * {@link Waiter} code. Lock not held.
     */
    private int awaitNode(WaitNode node, boolean timed, long deadline, HChan<?> done) {
        int spins = ring == null ? SpinScore.spins(spinScore) : 0;
        int s = done == null ? node.waiter.await(timed, deadline, spins) : awaitWatching(node.waiter, done, spins);
        learnSpin(spins, node.waiter);
        return s;
    }

    /** Removes a node whose waiter gave up or fired elsewhere, if it is still queued. Lock not held. */
    void dequeue(WaitNode node, boolean receive) {
        if (!node.linked) {
            return; // removed by the party that fired or skipped it
        }
        lock();
        try {
            if (node.linked) {
                (receive ? recvq : sendq).remove(node);
            }
        } finally {
            unlock();
        }
    }

    /** Receivers queued now, dead nodes included; for tests and diagnostics. */
    int queuedReceivers() {
        return recvq.size();
    }

    /** Senders queued now, dead nodes included; for tests and diagnostics. */
    int queuedSenders() {
        return sendq.size();
    }

    // ---------------------------------------------------------------- send

    @Override
    public void send(T value) throws InterruptedException {
        send0(value, false, 0L, null);
    }

    /**
     * {@inheritDoc}
     *
     * @implNote Waits as a plain send does, and registers the waiter on the context's done channel
     *           with one CAS instead of running a two-case select (see the implementation overview).
     */
    @Override
    public void send(Context ctx, T value) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(value, NULL_VALUE);
        ContextException err = ctx.err();
        if (err != null) {
            throw err;
        }
        // A context that is never cancelled has the nil channel for done: it bounds nothing.
        if (!send0(value, false, 0L, ctx.done() instanceof HChan<?> done ? done : null)) {
            throw ctx.err(); // done is closed only after err is set
        }
    }

    @Override
    public boolean send(T value, Duration timeout) throws InterruptedException {
        long nanos = Durations.toNanos(timeout, "timeout");
        return nanos <= 0L ? trySend(value) : send0(value, true, Durations.deadline(nanos), null);
    }

    @Override
    public boolean trySend(T value) {
        Objects.requireNonNull(value, NULL_VALUE);
        int st = sendNow(value);
        if (st == IS_CLOSED) {
            throw new ChannelClosedException(ChannelClosedException.SEND_ON_CLOSED);
        }
        return st == SENT;
    }

    /**
     * A blocking send: true once sent; false if timed out, or if {@code done} (a context's done
     * channel, or null) closed first.
     */
    private boolean send0(T value, boolean timed, long deadline, HChan<?> done) throws InterruptedException {
        Objects.requireNonNull(value, NULL_VALUE);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        int st;
        WaitNode node = null;
        lock();
        try {
            st = sendLocked(value);
            if (st == WOULD_BLOCK) {
                node = new WaitNode(value);
                sendq.add(node);
            }
        } finally {
            unlockAndWake();
        }
        if (st == IS_CLOSED) {
            throw new ChannelClosedException(ChannelClosedException.SEND_ON_CLOSED);
        }
        if (node == null) {
            return true;
        }
        int s = awaitNode(node, timed, deadline, done);
        if (s == CTX_CASE) {
            dequeue(node, false);
            return false;
        }
        if (s >= 0) {
            if (node.item == CLOSED) { // woken by close: Go panics in the blocked sender
                throw new ChannelClosedException(ChannelClosedException.SEND_ON_CLOSED);
            }
            return true; // a receiver took the value, or moved it into the buffer
        }
        dequeue(node, false);
        if (s == Waiter.INTERRUPTED) {
            throw new InterruptedException();
        }
        // Timed out: one more try without waiting, so that room (or a receiver) that arrived just
        // before the deadline wins over the timeout, as a ready case wins over time.After in Go.
        return trySend(value);
    }

    // ---------------------------------------------------------------- receive

    @Override
    public T receive() throws InterruptedException {
        Object r = recv0(false, 0L, null);
        if (r == CLOSED) {
            throw new ChannelClosedException(ChannelClosedException.RECEIVE_ON_CLOSED);
        }
        return cast(r);
    }

    @Override
    public T receiveOrNull() throws InterruptedException {
        Object r = recv0(false, 0L, null);
        return r == CLOSED ? null : cast(r);
    }

    /**
     * {@inheritDoc}
     *
     * @implNote Waits as a plain receive does, and registers the waiter on the context's done channel
     *           with one CAS instead of running a two-case select (see the implementation overview).
     */
    @Override
    public T receiveOrNull(Context ctx) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        ContextException err = ctx.err();
        if (err != null) {
            throw err;
        }
        Object r = recv0(false, 0L, ctx.done() instanceof HChan<?> done ? done : null);
        if (r == CTX_DONE) {
            throw ctx.err(); // done is closed only after err is set
        }
        return r == CLOSED ? null : cast(r);
    }

    @Override
    public T receive(Duration timeout) throws InterruptedException {
        long nanos = Durations.toNanos(timeout, "timeout");
        Object r = nanos <= 0L ? recvNow() : recv0(true, Durations.deadline(nanos), null);
        if (r == CLOSED) {
            throw new ChannelClosedException(ChannelClosedException.RECEIVE_ON_CLOSED);
        }
        return r == NONE ? null : cast(r);
    }

    @Override
    public T tryReceive() {
        Object r = recvNow();
        return r == NONE || r == CLOSED ? null : cast(r);
    }

    /**
     * A blocking receive: a value or {@link #CLOSED}; {@link #NONE} if timed out; {@link #CTX_DONE} if
     * {@code done} (a context's done channel, or null) closed first.
     */
    private Object recv0(boolean timed, long deadline, HChan<?> done) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object r;
        WaitNode node = null;
        lock();
        try {
            r = recvLocked();
            if (r == NONE) {
                node = new WaitNode(null);
                recvq.add(node);
            }
        } finally {
            unlockAndWake();
        }
        if (node == null) {
            return r;
        }
        int s = awaitNode(node, timed, deadline, done);
        if (s == CTX_CASE) {
            dequeue(node, true);
            return CTX_DONE;
        }
        if (s >= 0) {
            return node.item; // a value, or CLOSED
        }
        dequeue(node, true);
        if (s == Waiter.INTERRUPTED) {
            throw new InterruptedException();
        }
        return recvNow(); // timed out: a value (or the close) that arrived by now wins, as in select
    }

    @SuppressWarnings("unchecked")
    private T cast(Object o) {
        return (T) o;
    }

    // ---------------------------------------------------------------- close, len, cap

    @Override
    public void close() {
        lock();
        try {
            if (closed) {
                throw new ChannelClosedException(ChannelClosedException.CLOSE_OF_CLOSED);
            }
            // Every send checks this flag under the lock, so once anyone reads it true no send can
            // succeed. Senders waiting see CLOSED and throw; receivers waiting (on a buffered channel,
            // only beside an empty buffer) see CLOSED.
            closed = true;
            for (WaitNode n; (n = sendq.fireFirst(CLOSED)) != null; ) {
                sendq.addWake(n.waiter);
            }
            for (WaitNode n; (n = recvq.fireFirst(CLOSED)) != null; ) {
                recvq.addWake(n.waiter);
            }
            fireCloseWaitersLocked();
        } finally {
            unlockAndWake();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public int size() {
        return ring == null ? 0 : ring.size();
    }

    @Override
    public int capacity() {
        return cap;
    }

    @Override
    public Iterator<T> iterator() {
        return new ChannelIterator<>(this);
    }

    @Override
    public String toString() {
        return "Channel[cap=" + cap + ", len=" + size() + (isClosed() ? ", closed]" : "]");
    }
}
