package dev.go4j.patterns.ratelimit;

import java.io.Serial;

/**
 * A blocking acquire gave up before waiting because the permits would come only after the context's
 * deadline. Go: the error {@code rate: Wait(n=%d) would exceed context deadline} that
 * {@code lim.WaitN(ctx, n)} returns at once in that case.
 *
 * <p>As in Go, this is not the context's own {@code DeadlineExceeded}: the context is not done yet,
 * and a caller with a longer deadline would have been served. Nothing was taken from the limiter.
 *
 * <p>Thread safety: immutable.
 *
 * @since 0.1.0
 */
public final class WaitExceedsDeadlineException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with Go's message.
     *
     * @param permits the number of permits that was asked for
     */
    public WaitExceedsDeadlineException(int permits) {
        super("rate: Wait(n=" + permits + ") would exceed context deadline");
    }
}
