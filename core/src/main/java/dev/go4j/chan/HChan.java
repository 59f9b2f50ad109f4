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
     * Go's design (runtime/chan.go), with a lock-free buffer. One lock guards the two wait queues
     * (recvq: receivers waiting for a value; sendq: senders waiting for a receiver or a slot), the hand-off
     * of an unbuffered channel, and close.
     *
     * Unbuffered (ring == null), exactly Go's algorithm, all under the lock:
     *   send:    closed -> throw; a waiting receiver -> hand the value to it; else wait in sendq.
     *   receive: a waiting sender -> take its value; closed -> "closed"; else wait in recvq.
     *
     * Buffered: the values live in a lock-free Ring, so a send or receive that need not wait takes no
     * lock (one CAS). Waiters still queue under the lock, and the two meet by a Dekker handshake:
     *   a waiter registers (queue size, volatile) and then re-checks the ring before it parks;
     *   a lock-free send publishes its value (volatile) and then reads the receiver count;
     *   a lock-free receive frees its slot (volatile) and then reads the sender count;
     * so one of the two always sees the other. Whoever sees waiters "reconciles" under the lock: it
     * moves ring values to waiting receivers and waiting senders' values into free slots, in queue order.
     * A waiter is claimed first (its CAS) and served second; if the ring has changed in between (a
     * lock-free poller took the value, a lock-free sender took the slot), the claimed waiter gets RETRY
     * and runs its operation again, so nothing is lost and nobody sleeps next to a value.
     * Waiters are served in FIFO order among themselves, but an arriving operation may take a value or
     * a slot ahead of a parked one (barging, as a non-fair lock allows): requiring the lock whenever
     * anyone waits made every operation of a 2-producer, 2-consumer channel take the lock, and
     * measured slower than ArrayBlockingQueue. A waiter that loses such a race gets RETRY and waits
     * again at the back of the queue.
     * close() sets the ring's closed bit (no value can enter afterwards), makes waiting senders throw and
     * wakes waiting receivers with RETRY, who then drain what is left and see "closed" once it is gone.
     *
     * Results: the party that settles a waiter either writes the result into the node before the CAS,
     * or writes PENDING before it and the result right after, still under the lock; the waiter spins
     * on PENDING for those few instructions (see result()). Unparks happen after unlocking: the fired
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
     * Locking: a plain ReentrantLock (a spin of tryLock before it measured no better). A select locks
     * all of its channels in ascending id order (Go sorts by address), so selects cannot deadlock.
     */

    @Serial
    private static final long serialVersionUID = 1L;

    /** Delivered in place of a value when a waiter was woken by close. */
    static final Object CLOSED = new Object();
    /** Returned by {@link #recvLocked()} when nothing is ready. */
    static final Object NONE = new Object();
    /** Delivered to a claimed waiter whose operation must run again (buffered channels). */
    static final Object RETRY = new Object();
    /** Written into a claimed node while the claimant is still serving it. */
    static final Object PENDING = new Object();
    /** Delivered to a waiting sender whose value went into the buffer. */
    static final Object SENT_MARK = new Object();
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
     * Takes the channel lock, trying it a few times before queueing on it. Every critical section of a
     * channel is a handful of instructions that never blocks, so the holder nearly always lets go
     * within the spin; queueing instead parks the thread (an unmount and a remount for a virtual
     * thread, a system call for a platform one), which measured 17 % slower on an unbuffered
     * ping-pong where the two sides meet on each other's lock.
     */
    @Override
    public void lock() {
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

    /**
     * The result a fired node carries: waits out {@link #PENDING}, which a claimant holds only for the
     * few instructions between its CAS and its ring operation, under the channel lock.
     */
    static Object result(WaitNode node) {
        Object r = node.item;
        for (int spins = 0; r == PENDING; spins++) {
            if (spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the claimant was descheduled inside its critical section
            }
            r = node.item;
        }
        return r;
    }

    // ---------------------------------------------------------------- locked steps (shared with Select)

    /** Receives without blocking: a value, {@link #CLOSED}, or {@link #NONE}. Lock held. */
    Object recvLocked() {
        if (ring != null) {
            Object v = ring.poll();
            if (v == null) {
                reconcileLocked(); // a waiting sender may be owed a slot a lock-free poll freed
                v = ring.poll();
                if (v == null) {
                    return ring.isDrained() ? CLOSED : NONE;
                }
            }
            reconcileLocked(); // a waiting sender takes the slot this poll freed
            return v;
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
        if (ring != null) {
            reconcileLocked(); // waiting senders first, and waiting receivers get what is there
            int r = ring.offer(value);
            if (r == Ring.OK) {
                reconcileLocked();
                return SENT;
            }
            return r == Ring.CLOSED ? IS_CLOSED : WOULD_BLOCK;
        }
        WaitNode r = recvq.fireFirst(value);
        if (r != null) {
            recvq.addWake(r.waiter);
            return SENT;
        }
        return WOULD_BLOCK;
    }

    /**
     * Buffered channels: serves waiting receivers from the ring and waiting senders into it, in queue
     * order, until neither can progress. Each waiter is claimed, then served; one that cannot be served
     * after all gets {@link #RETRY}. Lock held.
     */
    private void reconcileLocked() {
        boolean progress = true;
        while (progress) {
            progress = false;
            while (!recvq.isEmpty() && ring.hasValue()) {
                WaitNode n = recvq.first();
                recvq.remove(n);
                n.item = PENDING;
                if (!n.waiter.tryFire(n.caseIndex)) {
                    continue; // dead: timed out, interrupted, or a select that fired elsewhere
                }
                Object v = ring.poll();
                n.item = v != null ? v : RETRY; // a lock-free receiver took it first
                recvq.addWake(n.waiter);
                if (v == null) {
                    break;
                }
                progress = true;
            }
            while (!sendq.isEmpty() && ring.hasSpace()) {
                WaitNode n = sendq.first();
                sendq.remove(n);
                Object v = n.item;
                n.item = PENDING;
                if (!n.waiter.tryFire(n.caseIndex)) {
                    continue;
                }
                int r = ring.offer(v);
                n.item = r == Ring.OK ? SENT_MARK : r == Ring.CLOSED ? CLOSED : RETRY;
                sendq.addWake(n.waiter);
                if (r != Ring.OK) {
                    break;
                }
                progress = true;
            }
        }
        if (!recvq.isEmpty() && ring.isDrained()) {
            // closed and empty for good: receivers that registered while a last value was in flight
            for (WaitNode n; (n = recvq.fireFirst(CLOSED)) != null; ) {
                recvq.addWake(n.waiter);
            }
        }
    }

    /** Runs {@link #reconcileLocked()} for a lock-free operation that saw waiters. */
    private void reconcile() {
        lock();
        try {
            reconcileLocked();
        } finally {
            unlockAndWake();
        }
    }

    /** Buffered channels: the ring's head index now (see {@link Ring#headIndex()}). */
    long ringHead() {
        return ring.headIndex();
    }

    /** Buffered channels: the ring's tail word now (see {@link Ring#tailWord()}). */
    long ringTail() {
        return ring.tailWord();
    }

    /**
     * Buffered channels: whether a receive (or a send) would be ready in the state where the ring's
     * head index is {@code head} and its tail word {@code tailWord}, and the queues are as they are now.
     * Mirrors what {@link #recvLocked()} and {@link #sendLocked} would do in that state, so a select
     * that finds a case ready here and polls again under the lock either takes it or sees it taken.
     * A waiting sender beside a free slot counts as a value (in Go it would already be in the buffer:
     * the receive that freed the slot moves it in), a waiting receiver beside a value as room. Lock held.
     */
    boolean readyLocked(boolean receive, long head, long tailWord) {
        if ((tailWord & 1L) != 0L) {
            return true; // closed: a receive gets a value or "closed", a send throws
        }
        long count = (tailWord >>> 1) - head;
        if (receive) {
            return count > 0L || (count < cap && !sendq.isEmpty());
        }
        return count < cap || (count > 0L && !recvq.isEmpty());
    }

    /** Whether this channel has a lock-free buffer (is buffered). */
    boolean isBuffered() {
        return ring != null;
    }

    /**
     * Buffered channels: receives without the lock. Returns a value, {@link #CLOSED} (closed and
     * drained, permanent), or {@link #NONE} (empty: take the locked path to wait).
     */
    Object pollFast() {
        Object v = ring.poll();
        if (v != null) {
            if (!sendq.isEmpty()) {
                reconcile(); // a sender waits for the slot we freed
            }
            return v;
        }
        return ring.isDrained() ? CLOSED : NONE;
    }

    /**
     * Buffered channels: sends without the lock. Returns {@link #SENT}, {@link #IS_CLOSED}, or
     * {@link #WOULD_BLOCK} (full: take the locked path to wait).
     */
    int offerFast(Object value) {
        int r = ring.offer(value);
        if (r == Ring.OK) {
            if (!recvq.isEmpty()) {
                reconcile(); // a receiver waits for the value we published
            }
            return SENT;
        }
        return r == Ring.CLOSED ? IS_CLOSED : WOULD_BLOCK;
    }

    /** Enqueues a wait node for a receive (true) or a send (false). Lock held. */
    void enqueueLocked(WaitNode node, boolean receive) {
        (receive ? recvq : sendq).add(node);
    }

    /**
     * The waiter's half of the Dekker handshake: after registering a node (its queue size is a
     * volatile write), serve the waiters, the new one included, from the ring as it is now. A value or
     * slot that arrived before the registration is thus never missed; one that arrives after it is
     * published before its producer reads the queue size, so that producer reconciles. May fire the
     * caller's own node, whose await then returns at once. Lock held; a no-op when unbuffered.
     */
    void registeredLocked() {
        if (ring != null) {
            reconcileLocked();
        }
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
        if (ring != null) {
            int st = offerFast(value);
            if (st == IS_CLOSED) {
                throw new ChannelClosedException(ChannelClosedException.SEND_ON_CLOSED);
            }
            if (st == SENT || sendq.isEmpty()) {
                return st == SENT; // full, with nobody queued: a correct "no" at the offer
            }
        } else if (!closed && recvq.isEmpty()) {
            // Go's fast path (chansend, block == false): "open" and then "no receiver", both read
            // without the lock, imply a moment when the channel was open and not ready for sending.
            return false;
        }
        int st;
        lock();
        try {
            st = sendLocked(value);
        } finally {
            unlockAndWake();
        }
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
        if (ring != null) {
            int st = offerFast(value);
            if (st == SENT) {
                return true;
            }
            if (st == IS_CLOSED) {
                throw new ChannelClosedException(ChannelClosedException.SEND_ON_CLOSED);
            }
        }
        for (;;) {
            int st;
            WaitNode node = null;
            lock();
            try {
                st = sendLocked(value);
                if (st == WOULD_BLOCK) {
                    node = new WaitNode(value);
                    sendq.add(node);
                    registeredLocked();
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
            int spins = ring == null ? SpinScore.spins(spinScore) : 0; // see spinScore
            int s = done == null ? node.waiter.await(timed, deadline, spins) : awaitWatching(node.waiter, done, spins);
            learnSpin(spins, node.waiter);
            if (s == CTX_CASE) {
                dequeue(node, false);
                return false;
            }
            if (s >= 0) {
                Object r = result(node);
                if (r == CLOSED) { // woken by close: Go panics in the blocked sender
                    throw new ChannelClosedException(ChannelClosedException.SEND_ON_CLOSED);
                }
                if (r == RETRY) {
                    continue;
                }
                return true;
            }
            dequeue(node, false);
            if (s == Waiter.INTERRUPTED) {
                throw new InterruptedException();
            }
            // Timed out: one more try without waiting, so that room (or a receiver) that arrived just
            // before the deadline wins over the timeout, as a ready case wins over time.After in Go.
            return trySend(value);
        }
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
        Object r = nanos <= 0L ? tryRecv() : recv0(true, Durations.deadline(nanos), null);
        if (r == CLOSED) {
            throw new ChannelClosedException(ChannelClosedException.RECEIVE_ON_CLOSED);
        }
        return r == NONE ? null : cast(r);
    }

    @Override
    public T tryReceive() {
        Object r = tryRecv();
        return r == NONE || r == CLOSED ? null : cast(r);
    }

    private Object tryRecv() {
        if (ring != null) {
            Object r = pollFast();
            if (r != NONE || (recvq.isEmpty() && sendq.isEmpty())) {
                return r; // empty, with nobody queued: a correct "nothing ready" at the poll
            }
        } else if (sendq.isEmpty()) {
            // Go's fast path: seen empty without the lock means nothing was ready at that instant.
            return closed ? CLOSED : NONE;
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
     * A blocking receive: a value or {@link #CLOSED}; {@link #NONE} if timed out; {@link #CTX_DONE} if
     * {@code done} (a context's done channel, or null) closed first.
     */
    private Object recv0(boolean timed, long deadline, HChan<?> done) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (ring != null) {
            Object r = pollFast();
            if (r != NONE) {
                return r;
            }
        }
        for (;;) {
            Object r;
            WaitNode node = null;
            lock();
            try {
                r = recvLocked();
                if (r == NONE) {
                    node = new WaitNode(null);
                    recvq.add(node);
                    registeredLocked();
                }
            } finally {
                unlockAndWake();
            }
            if (node == null) {
                return r;
            }
            int spins = ring == null ? SpinScore.spins(spinScore) : 0; // see spinScore
            int s = done == null ? node.waiter.await(timed, deadline, spins) : awaitWatching(node.waiter, done, spins);
            learnSpin(spins, node.waiter);
            if (s == CTX_CASE) {
                dequeue(node, true);
                return CTX_DONE;
            }
            if (s >= 0) {
                r = result(node);
                if (r == RETRY) {
                    continue;
                }
                return r; // a value, or CLOSED
            }
            dequeue(node, true);
            if (s == Waiter.INTERRUPTED) {
                throw new InterruptedException();
            }
            return tryRecv(); // timed out: a value (or the close) that arrived by now wins, as in select
        }
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
            if (ring != null) {
                // The ring's closed bit is the buffered channel's one "closed" fact: isClosed() and the
                // lock-free trySend both read it, so once anyone sees the channel closed, no send can
                // succeed. (Publishing the flag below first would let a lock-free offer slip in between.)
                ring.close();
            }
            closed = true; // for the locked paths of an unbuffered channel, and for sendLocked
            // Senders see CLOSED and throw. Receivers of an unbuffered channel see CLOSED; those of a
            // buffered one run again (RETRY): they drain what is left, then see closed.
            for (WaitNode n; (n = sendq.fireFirst(CLOSED)) != null; ) {
                sendq.addWake(n.waiter);
            }
            for (WaitNode n; (n = recvq.fireFirst(ring == null ? CLOSED : RETRY)) != null; ) {
                recvq.addWake(n.waiter);
            }
            fireCloseWaitersLocked();
        } finally {
            unlockAndWake();
        }
    }

    @Override
    public boolean isClosed() {
        return ring != null ? ring.isClosed() : closed;
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
