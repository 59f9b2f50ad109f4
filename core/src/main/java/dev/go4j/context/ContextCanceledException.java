package dev.go4j.context;

import java.io.Serial;

/**
 * The context was cancelled: Go's {@code context.Canceled}, message {@code "context canceled"}.
 * See {@link ContextException} for the cause and why there is no stack trace.
 *
 * @since 0.1.0
 */
public final class ContextCanceledException extends ContextException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Go's {@code context.Canceled}: the error of every context cancelled without a cause. */
    static final ContextCanceledException CANCELED = new ContextCanceledException(null, true);

    /** Creates the exception with no cause: Go's {@code context.Canceled}. */
    public ContextCanceledException() {
        super("context canceled", null, false);
    }

    /**
     * Creates the exception for a cancellation with a cause: Go's {@code cancel(cause)}.
     *
     * @param cause why the context was cancelled; may be null
     */
    public ContextCanceledException(Throwable cause) {
        super("context canceled", cause, false);
    }

    /** The error of a context that is done, with or without a cause. */
    ContextCanceledException(Throwable cause, boolean ofDoneContext) {
        super("context canceled", cause, ofDoneContext);
    }
}
