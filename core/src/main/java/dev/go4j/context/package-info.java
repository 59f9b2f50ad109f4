/**
 * Go's {@code context} package: a {@link dev.go4j.context.Context} carries a cancellation signal, a
 * deadline and request-scoped values down a call tree, and every blocking call can be bounded by it.
 *
 * <p>{@link dev.go4j.context.Context#background()} is the root; {@code withCancel},
 * {@code withTimeout}, {@code withDeadline}, {@code withValue} and {@code withoutCancel} derive
 * children. Cancelling a context cancels its whole subtree before the call returns, and
 * {@link dev.go4j.context.Context#err()} then tells the two Go kinds apart:
 * {@link dev.go4j.context.ContextCanceledException} and
 * {@link dev.go4j.context.DeadlineExceededException}, both {@link dev.go4j.context.ContextException}.
 * A {@link dev.go4j.context.CancelableContext} is {@link java.lang.AutoCloseable}: try-with-resources
 * is Go's {@code defer cancel()}. Deadlines run on a {@link dev.go4j.time.Clock}, so tests drive
 * them with a {@link dev.go4j.time.ManualClock}.
 */
package dev.go4j.context;
