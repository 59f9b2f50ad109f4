package dev.go4j.context;

/**
 * Something a cancelable context must reach when it is cancelled: a child context, or an
 * {@link Context#afterFunc} registration (Go's {@code canceler}). Linked into the parent's
 * intrusive list of children; {@link #prev} and {@link #next} are guarded by the parent's lock while
 * linked, and owned by the cancelling thread once the parent has detached its list.
 */
abstract sealed class Node permits CancelCtx, AfterFuncNode {
    Node prev;
    Node next;

    /**
     * The parent was cancelled with {@code err}: cancel this node (if nothing else did first).
     *
     * @return this node's own children, detached, for the caller to cancel next; or null
     */
    abstract Node parentCanceled(ContextException err);
}
