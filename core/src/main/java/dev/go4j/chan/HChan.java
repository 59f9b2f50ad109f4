package dev.go4j.chan;

import java.io.Serial;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The channel: Go's {@code hchan} ({@code runtime/chan.go}). Package-private; users see {@link Channel}.
 * Extends its lock to save an object and an indirection per operation.
 */
final class HChan<T> extends ReentrantLock implements Channel<T> {
    /* Implementation overview
     *
     * Go's design, in Java. One lock guards:
     *   buf/sendx/recvx/count  a ring buffer of cap slots (absent when unbuffered)
     *   recvq                  receivers waiting for a value (only while the buffer is empty)
     *   sendq                  senders waiting for a receiver or a slot (only while the buffer is full)
     *   closed
     * Send:    closed -> throw; a waiting receiver -> hand the value to it directly; a free slot -> buffer;
     *          else wait in sendq.
     * Receive: a buffered value -> take it (and if a sender waits, move its value into the freed slot);
     *          a waiting sender (unbuffered) -> take its value directly; closed -> "closed";
     *          else wait in recvq.
     * Close:   fire every waiter with CLOSED: receivers see closed, senders throw.
     *
     * Waiting: a WaitNode carries the value; its Waiter is settled by one CAS (see Waiter), which is
     * what lets one select wait on many channels. The settling party records the waiter in
     * pendingWake and the caller unparks it after unlocking, so no unpark runs under the lock.
     *
     * Locking: tryLock first, then a short spin of tryLock (the critical sections are a few dozen
     * instructions and never block), then ReentrantLock's queue, which parks. A select locks all of its
     * channels in ascending id order (Go sorts by address), so two selects cannot deadlock.
     *
     * count and closed are also read without the lock: count for len() and for the non-blocking
     * fast paths (Go's "fast path: check for failed non-blocking operation without acquiring the lock").
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

    private static final int LOCK_SPINS = Integer.getInteger("go4j.lockspins", Runtime.getRuntime().availableProcessors() > 1 ? 64 : 0);
    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(HChan.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Lock order for select. */
    final long id = IDS.getAndIncrement();
    private final transient Object[] buf;
    private final int cap;
    private int sendx;
    private int recvx;
    /** Written under the lock with release semantics; read without it by size() and the fast paths. */
    private int count;
    private volatile boolean closed;
    private final transient WaitQueue recvq = new WaitQueue();
    private final transient WaitQueue sendq = new WaitQueue();
    /** A waiter fired under the lock, to be unparked by the caller after unlocking. */
    private transient Waiter pendingWake;

    HChan(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException(
                    "capacity must be >= 0 (Go: makechan: size out of range), was " + capacity);
        }
        this.cap = capacity;
        this.buf = capacity == 0 ? null : new Object[capacity];
    }

    // ---------------------------------------------------------------- locking

    void lockChan() {
        if (!tryLock()) {
            lockSlow();
        }
    }

    private void lockSlow() {
        for (int i = LOCK_SPINS; i > 0; i--) {
            Thread.onSpinWait();
            if (tryLock()) {
                return;
            }
        }
        lock();
    }

    /** Returns and clears the waiter fired by the last locked operation. Lock held. */
    Waiter takeWake() {
        Waiter w = pendingWake;
        pendingWake = null;
        return w;
    }

    // ---------------------------------------------------------------- locked steps (shared with Select)

    /** Receives without blocking: a value, {@link #CLOSED}, or {@link #NONE}. Lock held. */
    Object recvLocked() {
        if (count > 0) {
            Object v = buf[recvx];
            buf[recvx] = null;
            recvx = inc(recvx);
            WaitNode s = sendq.fireFirst(null); // a sender blocked on the full buffer
            if (s != null) {
                buf[sendx] = s.item;
                sendx = inc(sendx);
                pendingWake = s.waiter; // count unchanged: one out, one in
            } else {
                COUNT.setRelease(this, count - 1);
            }
            return v;
        }
        if (cap == 0) {
            WaitNode s = sendq.fireFirst(null);
            if (s != null) {
                pendingWake = s.waiter;
                return s.item;
            }
        }
        return closed ? CLOSED : NONE;
    }

    /** Sends without blocking: {@link #SENT}, {@link #WOULD_BLOCK} or {@link #IS_CLOSED}. Lock held. */
    int sendLocked(Object value) {
        if (closed) {
            return IS_CLOSED;
        }
        WaitNode r = recvq.fireFirst(value);
        if (r != null) {
            pendingWake = r.waiter;
            return SENT;
        }
        if (count < cap) {
            buf[sendx] = value;
            sendx = inc(sendx);
            COUNT.setRelease(this, count + 1);
            return SENT;
        }
        return WOULD_BLOCK;
    }

    /** Enqueues a wait node for a receive (true) or a send (false). Lock held. */
    void enqueueLocked(WaitNode node, boolean receive) {
        (receive ? recvq : sendq).add(node);
    }

    /** Removes a node whose waiter gave up or fired elsewhere, if it is still queued. Lock not held. */
    void dequeue(WaitNode node, boolean receive) {
        if (!node.linked) {
            return; // removed by the party that fired or skipped it
        }
        lockChan();
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
        return count(recvq);
    }

    /** Senders queued now, dead nodes included; for tests and diagnostics. */
    int queuedSenders() {
        return count(sendq);
    }

    private int count(WaitQueue q) {
        lockChan();
        try {
            return q.size();
        } finally {
            unlock();
        }
    }

    private int inc(int i) {
        return ++i == cap ? 0 : i;
    }

    // ---------------------------------------------------------------- send

    @Override
    public void send(T value) throws InterruptedException {
        send0(value, false, 0L);
    }

    @Override
    public boolean send(T value, Duration timeout) throws InterruptedException {
        long nanos = Durations.toNanos(timeout, "timeout");
        return nanos <= 0L ? trySend(value) : send0(value, true, Durations.deadline(nanos));
    }

    @Override
    public boolean trySend(T value) {
        Objects.requireNonNull(value, NULL_VALUE);
        // Fast path (Go's chansend with block == false): "open" and then "full", both read without the
        // lock, imply a moment between the reads when the channel was open and not ready for sending.
        if (!closed && (cap == 0 ? recvq.isEmpty() : (int) COUNT.getAcquire(this) == cap)) {
            return false;
        }
        int st;
        Waiter w;
        lockChan();
        try {
            st = sendLocked(value);
            w = takeWake();
        } finally {
            unlock();
        }
        if (w != null) {
            w.wake();
        }
        if (st == IS_CLOSED) {
            throw new ChannelClosedException(ChannelClosedException.SEND_ON_CLOSED);
        }
        return st == SENT;
    }

    private boolean send0(T value, boolean timed, long deadline) throws InterruptedException {
        Objects.requireNonNull(value, NULL_VALUE);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        int st;
        Waiter w;
        WaitNode node = null;
        lockChan();
        try {
            st = sendLocked(value);
            if (st == WOULD_BLOCK) {
                node = new WaitNode(new Waiter(), 0, value);
                sendq.add(node);
            }
            w = takeWake();
        } finally {
            unlock();
        }
        if (w != null) {
            w.wake();
        }
        if (st == IS_CLOSED) {
            throw new ChannelClosedException(ChannelClosedException.SEND_ON_CLOSED);
        }
        if (node == null) {
            return true;
        }
        int s = node.waiter.await(timed, deadline);
        if (s >= 0) {
            if (node.item == CLOSED) { // woken by close: Go panics in the blocked sender
                throw new ChannelClosedException(ChannelClosedException.SEND_ON_CLOSED);
            }
            return true;
        }
        dequeue(node, false);
        if (s == Waiter.INTERRUPTED) {
            throw new InterruptedException();
        }
        return false;
    }

    // ---------------------------------------------------------------- receive

    @Override
    public T receive() throws InterruptedException {
        Object r = recv0(false, 0L);
        if (r == CLOSED) {
            throw new ChannelClosedException(ChannelClosedException.RECEIVE_ON_CLOSED);
        }
        return cast(r);
    }

    @Override
    public T receiveOrNull() throws InterruptedException {
        Object r = recv0(false, 0L);
        return r == CLOSED ? null : cast(r);
    }

    @Override
    public T receive(Duration timeout) throws InterruptedException {
        long nanos = Durations.toNanos(timeout, "timeout");
        Object r = nanos <= 0L ? tryRecv() : recv0(true, Durations.deadline(nanos));
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
        // Fast path (Go's chanrecv with block == false): seen empty without the lock means nothing was
        // ready at that instant, which is a correct answer whether or not the channel is closed.
        if (cap == 0 ? sendq.isEmpty() : (int) COUNT.getAcquire(this) == 0) {
            return closed && isDrained() ? CLOSED : NONE;
        }
        Object r;
        Waiter w;
        lockChan();
        try {
            r = recvLocked();
            w = takeWake();
        } finally {
            unlock();
        }
        if (w != null) {
            w.wake();
        }
        return r;
    }

    /** Closed and drained stays true once true; read without the lock after seeing {@code closed}. */
    private boolean isDrained() {
        return cap == 0 || (int) COUNT.getAcquire(this) == 0;
    }

    /** A blocking receive: a value or {@link #CLOSED}; {@link #NONE} if timed out. */
    private Object recv0(boolean timed, long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object r;
        Waiter w;
        WaitNode node = null;
        lockChan();
        try {
            r = recvLocked();
            if (r == NONE) {
                node = new WaitNode(new Waiter(), 0, null);
                recvq.add(node);
            }
            w = takeWake();
        } finally {
            unlock();
        }
        if (w != null) {
            w.wake();
        }
        if (node == null) {
            return r;
        }
        int s = node.waiter.await(timed, deadline);
        if (s >= 0) {
            return node.item; // a value, or CLOSED
        }
        dequeue(node, true);
        if (s == Waiter.INTERRUPTED) {
            throw new InterruptedException();
        }
        return NONE;
    }

    @SuppressWarnings("unchecked")
    private T cast(Object o) {
        return (T) o;
    }

    // ---------------------------------------------------------------- close, len, cap

    @Override
    public void close() {
        List<Waiter> woken = null;
        lockChan();
        try {
            if (closed) {
                throw new ChannelClosedException(ChannelClosedException.CLOSE_OF_CLOSED);
            }
            closed = true;
            // Every waiter wakes: receivers see CLOSED (the buffer is empty, or they would not wait),
            // senders see CLOSED in their node and throw.
            for (WaitQueue q : new WaitQueue[] {recvq, sendq}) {
                for (WaitNode n; (n = q.fireFirst(CLOSED)) != null; ) {
                    if (woken == null) {
                        woken = new ArrayList<>();
                    }
                    woken.add(n.waiter);
                }
            }
        } finally {
            unlock();
        }
        if (woken != null) {
            woken.forEach(Waiter::wake);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public int size() {
        return (int) COUNT.getAcquire(this);
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
        return "Channel[cap=" + cap + ", len=" + size() + (closed ? ", closed]" : "]");
    }

    private static final String NULL_VALUE = "value: a channel holds no null (null means closed in receiveOrNull)";
}
