package dev.go4j.context;

/**
 * A context with its cancel function: Go's {@code ctx, cancel := context.WithCancel(parent)} in one
 * object. Made by {@link Context#withCancel}, {@link Context#withTimeout} and
 * {@link Context#withDeadline} (and their {@code Cause} forms).
 *
 * <p>{@link #cancel()} cancels this context and everything derived from it, releases its timer if it
 * has one, and removes it from its parent. Only the first cancellation counts (whichever comes first:
 * a cancel call, the parent, the deadline); later calls do nothing. Always cancel a context when the
 * work it bounds is done — Go vets a dropped cancel as a leak, and here too a context that is never
 * cancelled stays registered with its parent (and in the timer queue) until the parent is cancelled.
 * {@link #close()} is {@code cancel()}: try-with-resources is Go's {@code defer cancel()}.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.context.ContextSnippets region=cancel}
 *
 * <p>Thread safety: cancel may be called from any thread, any number of times. Memory consistency
 * effects: see {@link Context}.
 *
 * @since 0.1.0
 */
public sealed interface CancelableContext extends Context, AutoCloseable permits CancelCtx {

    /**
     * Cancels the context with {@link ContextCanceledException} and no cause. Go: {@code cancel()}.
     * Every descendant is cancelled before this returns — also when another cancellation won the
     * race, as in Go, where the loser waits for the winner's lock. Idempotent.
     */
    void cancel();

    /**
     * Cancels the context with a {@link ContextCanceledException} whose cause is {@code cause}. Go:
     * the {@code cancel(cause)} of {@code context.WithCancelCause}; {@link Context#cause} then returns
     * it, here and in every descendant. If the context is already done this does nothing, and the
     * first cause stays.
     *
     * @param cause why the context is cancelled, not null (use {@link #cancel()} for no cause)
     * @throws NullPointerException if {@code cause} is null
     */
    void cancel(Throwable cause);

    /** Cancels the context: {@link #cancel()}, so that try-with-resources is Go's {@code defer cancel()}. */
    @Override
    void close();
}
