package dev.go4j.sync;

/**
 * A FIFO of parked waiters, doubly linked so that a waiter that gives up leaves in O(1): Go's
 * {@code waitq}. Not thread-safe: every method runs under the lock of the primitive that owns the list
 * ({@link WaitGroup}, {@link Semaphore}).
 *
 * @param <N> the node type
 */
final class WaitList<N extends WaitList.Node<N>> {

    /** A list node; its links are guarded by the owner's lock. */
    abstract static class Node<N extends Node<N>> {
        N prev;
        /** Also read without the lock, after {@link #detachAll()} handed the chain to one thread. */
        N next;
        /** Whether the node is on the list. */
        boolean linked;
    }

    private N head;
    private N tail;

    N first() {
        return head;
    }

    boolean isEmpty() {
        return head == null;
    }

    void add(N node) {
        node.linked = true;
        node.prev = tail;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
    }

    void remove(N node) {
        N p = node.prev;
        N n = node.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        node.prev = null;
        node.next = null;
        node.linked = false;
    }

    /**
     * Empties the list in one step and returns its former first node. The nodes are marked unlinked
     * but keep their {@code next} links, so the caller can walk the chain after unlocking.
     */
    N detachAll() {
        N first = head;
        head = null;
        tail = null;
        for (N w = first; w != null; w = w.next) {
            w.linked = false;
        }
        return first;
    }
}
