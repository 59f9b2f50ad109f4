package dev.go4j.context;

import dev.go4j.internal.Failures;
import java.io.Serial;

/**
 * Why a context is done: Go's {@code ctx.Err()}. Exactly one of two kinds, as in Go —
 * {@link ContextCanceledException} ({@code context.Canceled}) or {@link DeadlineExceededException}
 * ({@code context.DeadlineExceeded}) — told apart with {@code instanceof} where Go uses
 * {@code errors.Is}.
 *
 * <p>The {@linkplain #getCause() cause} is the reason given to {@link CancelableContext#cancel(Throwable)}
 * or to a {@code with...Cause} factory (Go's {@code context.Cause(ctx)}), or null if none was given.
 *
 * <p>Unchecked, so that it propagates out of a blocking call the way Go returns {@code ctx.Err()}
 * up the stack. Like Go's sentinel errors, and so that cancelling a context costs no stack walk, these
 * exceptions are immutable values: they carry no stack trace and accept no suppressed exceptions. The
 * same instance is shared by a context and all the descendants its cancellation reached, and a
 * context cancelled without a cause uses one shared instance per kind. To say what cancelled a
 * context, give a cause: its stack trace is kept.
 *
 * <p>A goroutine ({@link dev.go4j.Go#go(dev.go4j.Go.Task)}, {@code WaitGroup.go}) that ends by throwing
 * the error of a done context has ended normally, as a Go goroutine that returns {@code ctx.Err()}:
 * it is not reported as a failure. Only a context's own error counts: an exception that code
 * constructs itself with the public constructors is reported like any other failure.
 *
 * <p>Thread safety: immutable.
 *
 * @since 0.1.0
 */
public abstract sealed class ContextException extends RuntimeException
        permits ContextCanceledException, DeadlineExceededException {
    @Serial
    private static final long serialVersionUID = 1L;

    static {
        Failures.recognizeContextErrors(e -> e instanceof ContextException c && c.ofDoneContext);
    }

    /** Whether a context made this as its {@code err()}: it is then done, for good. */
    private final boolean ofDoneContext;

    ContextException(String message, Throwable cause, boolean ofDoneContext) {
        super(message, cause, false, false);
        this.ofDoneContext = ofDoneContext;
    }
}
