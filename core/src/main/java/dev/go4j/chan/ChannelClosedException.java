package dev.go4j.chan;

import java.io.Serial;

/**
 * Thrown when a channel operation meets a closed channel: Go's {@code panic: send on closed channel}
 * and {@code panic: close of closed channel}, and the end of a blocking {@link ReceiveChannel#receive()}
 * on a channel that is closed and drained (where Go would return the zero value with {@code ok == false}).
 *
 * <p>The message names the Go rule that was broken, so a log line reads like Go's panic.
 *
 * @since 0.1.0
 */
public class ChannelClosedException extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Go's panic message for a send on a closed channel. */
    public static final String SEND_ON_CLOSED = "send on closed channel";
    /** Go's panic message for closing a channel twice. */
    public static final String CLOSE_OF_CLOSED = "close of closed channel";
    /** The message of a receive on a closed, drained channel (Go: {@code v, ok := <-ch} gives {@code ok == false}). */
    public static final String RECEIVE_ON_CLOSED = "receive on closed and drained channel";

    /**
     * Creates the exception with the given message.
     *
     * @param message one of the Go rules above, or a message that names the rule
     */
    public ChannelClosedException(String message) {
        super(message);
    }
}
