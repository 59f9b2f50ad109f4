package dev.go4j.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The buffer of a buffered channel: a bounded lock-free MPMC ring (Dmitry Vyukov's bounded queue: one
 * sequence number per slot, one CAS per offer or poll) with a closed bit in the tail, so that no value
 * can enter once the channel is closed.
 */
final class Ring {
    /* Implementation overview
     *
     * Slot i (= p % cap) is free for position p when seq[i] == 2p, and holds the value of position p when
     * seq[i] == 2p + 1. offer: CAS tail p -> p + 1 on a free slot, store the value, publish 2p + 1.
     * poll: CAS head p -> p + 1 on a full slot, take the value, free it for p + cap with 2(p + cap).
     * (Vyukov's original counts in steps of one, which needs cap >= 2: with cap == 1 "free for p + 1"
     * and "full with p" would be the same number, and a producer could overwrite a value being polled.)
     *
     * tail holds (position << 1) | closed. close() sets the bit with one atomic OR; an offer whose CAS
     * sees it fails with CLOSED, so every value that entered did so before close, and once closed the
     * tail never moves: "drained" is then exactly head == tail position (no publication in flight).
     *
     * The seq stores are volatile, not just release: the channel pairs "publish, then read the waiter
     * count" with "register a waiter, then re-check the ring" (a Dekker handshake), and needs the
     * store-load order on both sides, so that a value and a parked waiter never miss each other.
     *
     * head and tail sit on different cache lines: producers write one, consumers the other. (No
     * padding before head or after tail: it would cost another 128 bytes per channel, and the
     * neighbouring objects are the channel's own arrays, which both sides touch anyway.)
     */

    static final int OK = 0;
    static final int FULL = 1;
    static final int CLOSED = 2;

    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ITEM = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(Ring.class, "head", long.class);
            TAIL = l.findVarHandle(Ring.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int cap;
    private final long[] seq;
    private final Object[] items;

    private volatile long head;
    /** Keeps head and tail on different cache lines (64 bytes apart); costs 64 bytes per channel. */
    @SuppressWarnings("unused") private long p0, p1, p2, p3, p4, p5, p6, p7;
    private volatile long tail;

    Ring(int cap) {
        this.cap = cap;
        this.seq = new long[cap];
        this.items = new Object[cap];
        for (int i = 0; i < cap; i++) {
            seq[i] = 2L * i;
        }
    }

    /** Appends {@code v}: {@link #OK}, {@link #FULL}, or {@link #CLOSED}. */
    int offer(Object v) {
        for (;;) {
            long t = tail;
            if ((t & 1L) != 0L) {
                return CLOSED;
            }
            long pos = t >>> 1;
            int i = (int) (pos % cap);
            long dif = (long) SEQ.getVolatile(seq, i) - 2L * pos;
            if (dif == 0L) {
                if (TAIL.compareAndSet(this, t, t + 2L)) {
                    ITEM.set(items, i, v);
                    SEQ.setVolatile(seq, i, 2L * pos + 1L);
                    return OK;
                }
            } else if (dif < 0L) {
                return FULL; // the slot still holds the value of pos - cap (or its poll is finishing)
            }
            // else another producer took pos: reload and retry
        }
    }

    /** Removes the oldest value, or returns null if none is published (empty, or a publication in flight). */
    Object poll() {
        for (;;) {
            long h = head;
            int i = (int) (h % cap);
            long dif = (long) SEQ.getVolatile(seq, i) - (2L * h + 1L);
            if (dif == 0L) {
                if (HEAD.compareAndSet(this, h, h + 1L)) {
                    Object v = ITEM.get(items, i);
                    ITEM.set(items, i, null);
                    SEQ.setVolatile(seq, i, 2L * (h + cap));
                    return v;
                }
            } else if (dif < 0L) {
                return null;
            }
        }
    }

    /** Whether a poll would find a value now (a hint; exact while the caller holds the channel lock and no lock-free poller races). */
    boolean hasValue() {
        long h = head;
        return (long) SEQ.getVolatile(seq, (int) (h % cap)) == 2L * h + 1L;
    }

    /** Whether an offer would find a free slot now (a hint, as {@link #hasValue()}). */
    boolean hasSpace() {
        long pos = tail >>> 1;
        return (long) SEQ.getVolatile(seq, (int) (pos % cap)) == 2L * pos;
    }

    /** Sets the closed bit; afterwards every offer fails with {@link #CLOSED}. */
    void close() {
        TAIL.getAndBitwiseOr(this, 1L);
    }

    boolean isClosed() {
        return (tail & 1L) != 0L;
    }

    /** Closed, and every value that entered has been polled. Permanent once true. */
    boolean isDrained() {
        long t = tail;
        return (t & 1L) != 0L && head == (t >>> 1);
    }

    /** Values in the buffer (including any publication in flight), clamped to [0, cap]. */
    int size() {
        long h = head;
        long n = (tail >>> 1) - h;
        return n <= 0L ? 0 : (int) Math.min(n, cap);
    }
}
