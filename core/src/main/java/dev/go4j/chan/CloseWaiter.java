package dev.go4j.chan;

/**
 * A waiter registered to be fired when a channel closes, without the channel lock: what a
 * context-bounded send or receive leaves on the context's done channel instead of a select's wait
 * node (see {@link HChan#registerOnClose}). Linked into a Treiber stack; dead once its waiter is
 * settled, and unlinked lazily.
 */
final class CloseWaiter {
    final Waiter waiter;
    final int caseIndex;
    /** Written before the node is published by a CAS, then only by the channel's single sweeper. */
    CloseWaiter next;

    CloseWaiter(Waiter waiter, int caseIndex) {
        this.waiter = waiter;
        this.caseIndex = caseIndex;
    }

    boolean dead() {
        return waiter.settled();
    }
}
