package dev.go4j.chan;

/**
 * One waiting operation on one channel: Go's {@code sudog}. Linked into a channel's send or receive
 * queue while its waiter is parked; every field but {@link #linked} is guarded by that channel's lock.
 */
final class WaitNode {
    final Waiter waiter;
    /** The select case this node stands for; 0 for a plain send or receive. */
    final int caseIndex;
    /**
     * For a send: the value offered, then {@link HChan#SENT_MARK}, {@link HChan#CLOSED} or
     * {@link HChan#RETRY}. For a receive: the value delivered, {@link HChan#CLOSED} or {@link HChan#RETRY}.
     * Written before the waiter's CAS, or set to {@link HChan#PENDING} before it and resolved right after
     * (see {@link HChan#result}).
     */
    volatile Object item;
    WaitNode prev;
    WaitNode next;
    /** Whether the node is in a queue; read without the lock only to skip a needless lock. */
    volatile boolean linked;

    WaitNode(Waiter waiter, int caseIndex, Object item) {
        this.waiter = waiter;
        this.caseIndex = caseIndex;
        this.item = item;
    }
}
