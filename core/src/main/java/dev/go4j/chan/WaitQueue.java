package dev.go4j.chan;

/**
 * A FIFO of {@link WaitNode}s: Go's {@code waitq}. Doubly linked so that a waiter that gives up (timeout,
 * interrupt, or a select that fired elsewhere) removes its node in O(1). Guarded by the channel's lock,
 * except that {@link #isEmpty()} may be read without it as a hint.
 */
final class WaitQueue {
    private WaitNode first;
    private WaitNode last;
    /**
     * The number of queued nodes, dead ones included. Volatile: the non-blocking fast paths of an
     * unbuffered channel read it without the lock.
     */
    private volatile int size;
    /**
     * Waiters fired from this queue under the channel lock, chained by {@link Waiter#nextWake}, to be
     * unparked after unlocking. Kept here, not in the channel, because the party that fires a node
     * writes this queue's line anyway: the channel's own fields, which every operation reads, stay
     * unwritten by a hand-off.
     */
    private Waiter wakes;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Adds {@code w} to the waiters to unpark after unlocking. Lock held. */
    void addWake(Waiter w) {
        w.nextWake = wakes;
        wakes = w;
    }

    /** Returns and clears the waiters to unpark; writes nothing when there are none. Lock held. */
    Waiter takeWakes() {
        Waiter w = wakes;
        if (w != null) {
            wakes = null;
        }
        return w;
    }

    WaitNode first() {
        return first;
    }

    void add(WaitNode n) {
        WaitNode l = last;
        n.prev = l;
        n.linked = true;
        last = n;
        if (l == null) {
            first = n;
        } else {
            l.next = n;
        }
        size = size + 1;
    }

    void remove(WaitNode n) {
        WaitNode p = n.prev;
        WaitNode x = n.next;
        if (p == null) {
            first = x;
        } else {
            p.next = x;
        }
        if (x == null) {
            last = p;
        } else {
            x.prev = p;
        }
        n.prev = null;
        n.next = null;
        n.linked = false;
        size = size - 1;
    }

    /**
     * Removes nodes from the head until one whose waiter can be fired, and fires it. Dead nodes (their
     * waiter settled elsewhere) are dropped on the way, as Go's {@code dequeue} skips a select that
     * already won another case.
     *
     * @param deliver written into the node before the CAS (the value for a receiver, or
     *        {@link HChan#CLOSED}); null to take the node's own item (a sender's value)
     * @return the fired node, or null if none is waiting
     */
    WaitNode fireFirst(Object deliver) {
        for (WaitNode n = first; n != null; n = first) {
            remove(n);
            if (deliver != null) {
                n.item = deliver; // before the CAS; a dead node's item is never read
            }
            if (n.waiter.tryFire(n.caseIndex)) {
                return n;
            }
        }
        return null;
    }
}
