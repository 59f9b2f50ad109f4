package dev.go4j.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The buffer of a buffered channel: Go's circular queue ({@code buf}, {@code sendx}, {@code recvx},
 * {@code qcount} in {@code hchan}). Every change happens under the channel's lock; only
 * {@link #size()} (and so {@link #isEmpty()} and {@link #isFull()}) may be read without it.
 */
final class Ring {
    /* Implementation overview
     *
     * Plain fields under the channel lock, as in Go. The count is the one field read without the lock
     * (len(ch), and the non-blocking fast paths' "empty" and "full"), so it is written with release
     * semantics and read as a volatile: a reader sees a count the buffer held at one instant, the
     * instant of the write under the lock.
     *
     * This replaced a lock-free ring (one CAS per operation, no lock). On two cores that ring let both
     * cores run operations at once, and every operation then moved the cache lines of the indices and
     * the slot between them; with every operation under one lock that does not spin, the loser parks
     * and the winner's core runs a batch on lines it already holds, as ArrayBlockingQueue does, which
     * measured 2-3x faster with two or more producers and consumers (see the channel benchmarks).
     */

    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(Ring.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object[] items;
    private int sendx;
    private int recvx;
    private volatile int count;

    Ring(int capacity) {
        this.items = new Object[capacity];
    }

    /** Appends {@code v} and returns true, or returns false if the buffer is full. Lock held. */
    boolean offer(Object v) {
        int c = (int) COUNT.get(this);
        if (c == items.length) {
            return false;
        }
        int i = sendx;
        items[i] = v;
        sendx = i + 1 == items.length ? 0 : i + 1;
        COUNT.setRelease(this, c + 1);
        return true;
    }

    /** Removes and returns the oldest value, or returns null if the buffer is empty. Lock held. */
    Object poll() {
        int c = (int) COUNT.get(this);
        if (c == 0) {
            return null;
        }
        int i = recvx;
        Object v = items[i];
        items[i] = null;
        recvx = i + 1 == items.length ? 0 : i + 1;
        COUNT.setRelease(this, c - 1);
        return v;
    }

    /** The values in the buffer, as it stood at one instant (the last change before this read). */
    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    boolean isFull() {
        return count == items.length;
    }
}
