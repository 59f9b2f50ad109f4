package dev.go4j.chan;

/**
 * One waiting operation on one channel: Go's {@code sudog}. Linked into a channel's send or receive
 * queue while its waiter is parked; every field but {@link #linked} is guarded by that channel's lock.
 *
 * <p>A plain send or receive waits on one node only, so its node is its own {@link Waiter}: the party
 * that fires it writes the item and CASes the state in one object, and the waiter reads both there,
 * one cache line moving between the two cores where a separate waiter made two. A select's nodes
 * share the select's waiter and leave their own waiter fields unused (12 bytes each).
 */
final class WaitNode extends Waiter {
    final Waiter waiter;
    /** The select case this node stands for; 0 for a plain send or receive. */
    final int caseIndex;
    /**
     * For a send: the value offered (a receiver takes it, or moves it into the buffer), or
     * {@link HChan#CLOSED} if the channel closed. For a receive: the value delivered, or
     * {@link HChan#CLOSED}. Written before the waiter's CAS.
     */
    volatile Object item;
    WaitNode prev;
    WaitNode next;
    /** Whether the node is in a queue; read without the lock only to skip a needless lock. */
    volatile boolean linked;

    /** A node for a plain send ({@code item} the value) or receive ({@code item} null): its own waiter, case 0. */
    WaitNode(Object item) {
        this.waiter = this;
        this.caseIndex = 0;
        this.item = item;
    }

    WaitNode(Waiter waiter, int caseIndex, Object item) {
        this.waiter = waiter;
        this.caseIndex = caseIndex;
        this.item = item;
    }
}
