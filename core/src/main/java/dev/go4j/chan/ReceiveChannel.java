package dev.go4j.chan;

import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The receiving side of a channel: Go's receive-only channel type {@code <-chan T}.
 *
 * <p>Values are received in the order they were sent (FIFO); each value is received exactly once.
 * Receivers blocked on an empty channel are served in arrival order. Every {@link Channel} is one; no
 * other implementations exist.
 *
 * <h2>Closed channels</h2>
 * Values buffered before {@code close} are still received. Once the channel is closed <em>and</em>
 * drained, {@link #receive()} throws {@link ChannelClosedException}, {@link #receiveOrNull()} returns
 * {@code null} (Go's {@code v, ok := <-ch} with {@code ok == false}), iteration ends (Go's
 * {@code for v := range ch}) and a {@link Select} receive case fires with {@code null}.
 *
 * <p>Blocking methods answer interruption the {@code java.util.concurrent} way: an interrupt before or
 * while blocked throws {@link InterruptedException} and clears the interrupt status, and no value is
 * taken. If a value arrives at the same moment it is returned with the interrupt status set.
 *
 * <p>Memory consistency effects: actions in a thread before a send happen-before the receive of that
 * value completes; {@code close} happens-before a receive that observes the channel closed.
 *
 * @param <T> the element type
 * @since 0.1.0
 */
public sealed interface ReceiveChannel<T> extends Iterable<T> permits Channel {

    /**
     * Receives the next value, blocking until one is available. Go: {@code v := <-ch}.
     *
     * @return the value, never null
     * @throws ChannelClosedException if the channel is closed and drained
     * @throws InterruptedException if interrupted while waiting
     */
    T receive() throws InterruptedException;

    /**
     * Receives the next value, or {@code null} once the channel is closed and drained: Go's two-value
     * receive {@code v, ok := <-ch}, with {@code null} for {@code ok == false}.
     *
     * @return the value, or null exactly when the channel is closed and drained
     * @throws InterruptedException if interrupted while waiting
     */
    T receiveOrNull() throws InterruptedException;

    /**
     * Receives the next value, waiting at most {@code timeout}. Go: a {@code select} with the receive and
     * a {@code <-time.After(timeout)} case.
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return the value, or null if the timeout elapsed first with nothing to receive (a value that
     *         arrives by the deadline wins over the timeout)
     * @throws ChannelClosedException if the channel is closed and drained
     * @throws InterruptedException if interrupted while waiting
     * @throws NullPointerException if {@code timeout} is null
     */
    T receive(Duration timeout) throws InterruptedException;

    /**
     * Receives the next value, or gives up when {@code ctx} is done. Go:
     * {@code select { case v := <-ch: ...; case <-ctx.Done(): return ctx.Err() }}.
     *
     * <p>A context that is already done throws at once, even if a value is ready (Go would pick one
     * of the two ready cases at random; checking the context first means a cancelled request does no
     * more work). A context that can never be cancelled makes this a plain {@link #receive()}.
     *
     * @param ctx the context that bounds the wait, not null
     * @return the value, never null
     * @throws ContextException the context's {@link Context#err() err()} if it is or becomes done
     *         first: unchecked, so that it propagates like Go's returned {@code ctx.Err()}
     * @throws ChannelClosedException if the channel is closed and drained
     * @throws InterruptedException if interrupted while waiting
     * @throws NullPointerException if {@code ctx} is null
     */
    default T receive(Context ctx) throws InterruptedException {
        T v = receiveOrNull(ctx);
        if (v == null) {
            throw new ChannelClosedException(ChannelClosedException.RECEIVE_ON_CLOSED);
        }
        return v;
    }

    /**
     * Receives the next value, or {@code null} once the channel is closed and drained, or gives up when
     * {@code ctx} is done: Go's {@code v, ok := <-ch} in a {@code select} with {@code <-ctx.Done()}.
     * See {@link #receive(Context)} for the context rules.
     *
     * @param ctx the context that bounds the wait, not null
     * @return the value, or null exactly when the channel is closed and drained
     * @throws ContextException the context's error if it is or becomes done first
     * @throws InterruptedException if interrupted while waiting
     * @throws NullPointerException if {@code ctx} is null
     */
    default T receiveOrNull(Context ctx) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        ContextException err = ctx.err();
        if (err != null) {
            throw err;
        }
        T ready = tryReceive();
        if (ready != null) {
            return ready;
        }
        ReceiveChannel<Void> done = ctx.done();
        if (done instanceof NilChannel<?>) {
            return receiveOrNull(); // a context that is never cancelled bounds nothing
        }
        Object[] got = new Object[1];
        boolean received = new Select<Boolean>()
                .onReceive(this, v -> {
                    got[0] = v;
                    return Boolean.TRUE;
                })
                .onReceive(done, closed -> Boolean.FALSE)
                .run();
        if (!received) {
            throw ctx.err(); // done is closed only after err is set
        }
        @SuppressWarnings("unchecked")
        T v = (T) got[0];
        return v;
    }

    /**
     * Receives a value if one is ready now. Go: {@code select { case v := <-ch: default: }}.
     *
     * <p>Returns null both when no value is ready and when the channel is closed and drained; the two
     * differ in that the second is permanent ({@code isClosed() && size() == 0} stays true).
     *
     * @return a value, or null if none is ready
     */
    T tryReceive();

    /**
     * Whether the channel has been closed (values may still be buffered). Once true it stays true, and
     * no send succeeds after any thread has seen it true, so a consumer that stops on
     * {@code isClosed() && size() == 0} has received every value whose send succeeded.
     *
     * @return true if closed
     */
    boolean isClosed();

    /**
     * The number of values in the buffer now. Go: {@code len(ch)}. Linearizable: a count the buffer held
     * at one instant during the call.
     *
     * @return the number of buffered values
     */
    int size();

    /**
     * The buffer capacity. Go: {@code cap(ch)}.
     *
     * @return the capacity, 0 for an unbuffered channel
     */
    int capacity();

    /**
     * Iterates until the channel is closed and drained: Go's {@code for v := range ch}.
     *
     * <p>{@code hasNext()} blocks until a value arrives or the channel is closed and drained. Since
     * {@link Iterator} cannot throw {@link InterruptedException}, an interrupt while blocked there
     * restores the interrupt status and throws {@link java.util.concurrent.CancellationException}
     * whose cause is the {@code InterruptedException}.
     *
     * @return a single-use iterator that consumes values from this channel
     */
    @Override
    Iterator<T> iterator();

    /**
     * A sequential, ordered stream of received values that ends when the channel is closed and drained.
     * Each element is consumed from the channel as the stream pulls it; interruption behaves as in
     * {@link #iterator()}.
     *
     * @return a stream over the values received from this channel
     */
    default Stream<T> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }
}
