package dev.go4j.patterns.shutdown;

import java.io.Serial;

/**
 * The cause of a {@link SignalContext}'s cancellation: which operating-system signal arrived. Go's
 * {@code signal.NotifyContext} cancels with a plain {@code context.Canceled} and cannot say which
 * signal it was; here {@code Context.cause(ctx)} answers.
 *
 * <p>Thread safety: immutable.
 *
 * @since 0.1.0
 */
public final class SignalReceivedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The signal's name, such as {@code SIGTERM}. */
    private final String signal;

    /**
     * Creates the cause for {@code signal}.
     *
     * @param signal the signal's name with its {@code SIG} prefix, such as {@code SIGTERM}
     */
    public SignalReceivedException(String signal) {
        super("received signal " + signal, null, false, false);
        this.signal = signal;
    }

    /**
     * The signal that arrived.
     *
     * @return its name with the {@code SIG} prefix, such as {@code SIGTERM} or {@code SIGINT}
     */
    public String signal() {
        return signal;
    }
}
