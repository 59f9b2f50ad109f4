package dev.go4j.context;

import java.io.Serial;

/**
 * The context's deadline passed: Go's {@code context.DeadlineExceeded}, message
 * {@code "context deadline exceeded"}. See {@link ContextException} for the cause and why there is
 * no stack trace.
 *
 * @since 0.1.0
 */
public final class DeadlineExceededException extends ContextException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Go's {@code context.DeadlineExceeded}: the error of every deadline that passes without a cause. */
    static final DeadlineExceededException DEADLINE_EXCEEDED = new DeadlineExceededException(null, true);

    /** Creates the exception with no cause: Go's {@code context.DeadlineExceeded}. */
    public DeadlineExceededException() {
        super("context deadline exceeded", null, false);
    }

    /**
     * Creates the exception for a deadline given with a cause: Go's {@code WithDeadlineCause}.
     *
     * @param cause the cause given when the deadline was set; may be null
     */
    public DeadlineExceededException(Throwable cause) {
        super("context deadline exceeded", cause, false);
    }

    /** The error of a context that is done, with or without a cause. */
    DeadlineExceededException(Throwable cause, boolean ofDoneContext) {
        super("context deadline exceeded", cause, ofDoneContext);
    }
}
