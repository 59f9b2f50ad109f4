package dev.go4j.chan;

import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import java.time.Duration;
import java.util.Objects;

/**
 * The sending side of a channel: Go's send-only channel type {@code chan<- T}.
 *
 * <p>Pass a {@code SendChannel} where Go code passes {@code chan<- T}: the holder can send and close, but
 * cannot receive. Every {@link Channel} is one; no other implementations exist.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>On an unbuffered channel a send completes only when a receiver takes the value (rendezvous).
 *       On a buffered channel it completes as soon as the value is in the buffer, and blocks while the
 *       buffer is full.</li>
 *   <li>A send on a closed channel throws {@link ChannelClosedException} with Go's panic message
 *       {@code "send on closed channel"}; so does a send that is blocked when the channel is closed.</li>
 *   <li>{@code null} is refused with {@link NullPointerException}: a channel holds no null, so that
 *       {@link ReceiveChannel#receiveOrNull()} can use it to mean Go's {@code ok == false}.</li>
 * </ul>
 *
 * <p>Blocking methods answer interruption the {@code java.util.concurrent} way: an interrupt before or
 * while blocked throws {@link InterruptedException} and clears the interrupt status, and the value is then
 * not sent. If the send completes at the same moment, it returns normally with the interrupt status set.
 *
 * <p>Memory consistency effects: actions in a thread before a send happen-before the receive of that
 * value in another thread completes.
 *
 * @param <T> the element type
 * @since 0.1.0
 */
public sealed interface SendChannel<T> permits Channel {

    /**
     * Sends {@code value}, blocking while no receiver or buffer slot is available. Go: {@code ch <- v}.
     *
     * @param value the value to send, not null
     * @throws ChannelClosedException if the channel is or becomes closed ({@code "send on closed channel"})
     * @throws InterruptedException if interrupted before the value was sent
     * @throws NullPointerException if {@code value} is null
     */
    void send(T value) throws InterruptedException;

    /**
     * Sends {@code value}, waiting at most {@code timeout}. Go: a {@code select} with the send and a
     * {@code <-time.After(timeout)} case.
     *
     * @param value the value to send, not null
     * @param timeout how long to wait; zero or negative means do not wait (as {@link #trySend})
     * @return true if the value was sent, false if the timeout elapsed first with the channel not
     *         ready for sending (room or a receiver that arrives by the deadline wins over the timeout)
     * @throws ChannelClosedException if the channel is or becomes closed
     * @throws InterruptedException if interrupted before the value was sent
     * @throws NullPointerException if {@code value} or {@code timeout} is null
     */
    boolean send(T value, Duration timeout) throws InterruptedException;

    /**
     * Sends {@code value}, or gives up when {@code ctx} is done. Go:
     * {@code select { case ch <- v: ...; case <-ctx.Done(): return ctx.Err() }}.
     *
     * <p>A context that is already done throws at once and sends nothing. If the context is done
     * while the send waits, the value is not sent. A context that can never be cancelled makes this a
     * plain {@link #send(Object)}.
     *
     * @param ctx the context that bounds the wait, not null
     * @param value the value to send, not null
     * @throws ContextException the context's {@link Context#err() err()} if it is or becomes done
     *         first (unchecked, so that it propagates like Go's returned {@code ctx.Err()})
     * @throws ChannelClosedException if the channel is or becomes closed
     * @throws InterruptedException if interrupted before the value was sent
     * @throws NullPointerException if {@code ctx} or {@code value} is null
     */
    default void send(Context ctx, T value) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(value, "value: a channel holds no null (null means closed in receiveOrNull)");
        ContextException err = ctx.err();
        if (err != null) {
            throw err;
        }
        if (trySend(value)) {
            return;
        }
        ReceiveChannel<Void> done = ctx.done();
        if (done instanceof NilChannel<?>) {
            send(value); // a context that is never cancelled bounds nothing
            return;
        }
        boolean sent = new Select<Boolean>()
                .onSend(this, value, () -> Boolean.TRUE)
                .onReceive(done, closed -> Boolean.FALSE)
                .run();
        if (!sent) {
            throw ctx.err(); // done is closed only after err is set
        }
    }

    /**
     * Sends {@code value} if that can be done without blocking. Go: {@code select { case ch <- v: default: }}.
     *
     * <p>On an unbuffered channel this succeeds only if a receiver is already waiting.
     *
     * @param value the value to send, not null
     * @return true if sent, false if the send would have blocked
     * @throws ChannelClosedException if the channel is closed (Go panics here too, even with a default)
     * @throws NullPointerException if {@code value} is null
     */
    boolean trySend(T value);

    /**
     * Closes the channel. Go: {@code close(ch)}.
     *
     * <p>Values already buffered are still received. Every blocked receiver wakes and sees the channel
     * closed; every blocked sender wakes and throws {@link ChannelClosedException}.
     *
     * @throws ChannelClosedException if the channel is already closed ({@code "close of closed channel"})
     */
    void close();

    /**
     * Whether {@link #close()} has been called. Once true it stays true, and from the first moment any
     * thread sees it true no send can succeed: a {@code trySend} that starts after this returns true
     * throws {@link ChannelClosedException}, so {@code isClosed() && size() == 0} means closed and
     * drained for good.
     *
     * @return true if the channel is closed
     */
    boolean isClosed();

    /**
     * The number of values in the buffer now. Go: {@code len(ch)}. Always 0 for an unbuffered channel.
     * Linearizable: the count the buffer held at one instant during the call (one read of a count that
     * every send and receive updates under the channel's lock), never a mix of two instants.
     *
     * @return the number of buffered values
     */
    int size();

    /**
     * The buffer capacity. Go: {@code cap(ch)}. 0 for an unbuffered channel.
     *
     * @return the capacity
     */
    int capacity();
}
