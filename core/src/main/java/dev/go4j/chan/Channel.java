package dev.go4j.chan;

/**
 * A typed conduit between goroutines (virtual threads): Go's {@code chan T}, made by
 * {@link #make(int) Channel.make(n)} as Go makes it with {@code make(chan T, n)}.
 *
 * <p>A {@code Channel} is both a {@link SendChannel} (Go's {@code chan<- T}) and a
 * {@link ReceiveChannel} (Go's {@code <-chan T}); hand out the narrower type to say who may do what.
 * {@link Select} waits on several channels at once.
 *
 * <h2>Semantics (Go's, rule for rule)</h2>
 * <ul>
 *   <li><b>Unbuffered</b> ({@code make()} or {@code make(0)}): a send completes only when a receiver
 *       takes the value — a rendezvous, like {@link java.util.concurrent.SynchronousQueue}.</li>
 *   <li><b>Buffered</b> ({@code make(n)}, n &ge; 1): FIFO; a send blocks only while the buffer is full,
 *       a receive only while it is empty.</li>
 *   <li><b>Close</b>: {@code close} wakes every blocked receiver (they see the channel closed) and every
 *       blocked sender (they throw). Buffered values are still received after close. Sending on a closed
 *       channel or closing it twice throws {@link ChannelClosedException} with Go's panic message.</li>
 *   <li><b>No null</b>: {@code null} elements are refused, so that {@code null} can mean Go's
 *       {@code ok == false} in {@link ReceiveChannel#receiveOrNull()}.</li>
 *   <li><b>Nil channel</b>: {@link #nil()} is Go's {@code nil} channel: sends and receives block forever
 *       (until interrupted), and a {@link Select} case on it is never ready — the way to disable a case.</li>
 * </ul>
 * A channel has no zero value to misuse: it exists only once made. It cannot be reopened after close.
 *
 * <p>Thread safety: every method may be called from any number of threads, platform or virtual.
 * Memory consistency effects: actions in a thread before it sends a value happen-before the actions
 * after the receive of that value in another thread; {@code close} happens-before every receive that
 * observes the channel closed.
 *
 * <p>Example — a producer and a {@code range} loop:
 * {@snippet class=dev.go4j.chan.ChannelSnippets region=range}
 *
 * @implNote Go's {@code runtime/chan.go} design: one lock per channel guards the buffer and two
 * intrusive wait queues (senders, receivers), and a value goes straight from a sender to a waiting
 * receiver. A buffered channel's lock parks an operation that finds it taken rather than spinning, so
 * that under contention one core runs a batch of operations on cache lines it holds, as
 * {@link java.util.concurrent.ArrayBlockingQueue}'s lock does; {@code trySend} and {@code tryReceive}
 * answer "not ready" without the lock, as Go's non-blocking operations do. Operations that need not
 * wait allocate nothing. A blocked operation allocates one wait node and one waiter, parks (no polling, no thread per
 * waiter), and is unparked by the operation that completes it. Footprint and speed beside Go, the JDK's
 * queues and jox: {@code benchmarks/README.md}.
 *
 * @param <T> the element type
 * @since 0.1.0
 */
public sealed interface Channel<T> extends SendChannel<T>, ReceiveChannel<T> permits HChan, NilChannel {

    /**
     * Makes an unbuffered channel. Go: {@code make(chan T)}.
     *
     * @param <T> the element type
     * @return a new, open, unbuffered channel
     */
    static <T> Channel<T> make() {
        return new HChan<>(0);
    }

    /**
     * Makes a channel with the given buffer capacity. Go: {@code make(chan T, capacity)}.
     *
     * @param <T> the element type
     * @param capacity the buffer size; 0 makes an unbuffered channel
     * @return a new, open channel
     * @throws IllegalArgumentException if {@code capacity} is negative (Go: {@code makechan: size out of range})
     */
    static <T> Channel<T> make(int capacity) {
        return new HChan<>(capacity);
    }

    /**
     * Go's {@code nil} channel: every send and receive blocks until interrupted (timed forms wait out
     * their timeout), {@code trySend}/{@code tryReceive} never succeed, a {@link Select} case on it is
     * never ready, and {@code close} throws ({@code "close of nil channel"}).
     *
     * @param <T> the element type
     * @return the nil channel (one shared, stateless instance)
     */
    @SuppressWarnings("unchecked")
    static <T> Channel<T> nil() {
        return (Channel<T>) NilChannel.INSTANCE;
    }
}
