package dev.go4j.chan;

import dev.go4j.internal.Durations;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;

/** Go's nil channel: blocks forever, never ready in a select; see {@link Channel#nil()}. */
final class NilChannel<T> implements Channel<T> {
    static final NilChannel<Object> INSTANCE = new NilChannel<>();

    private NilChannel() {}

    /** Parks until interrupted or, if timed, until the deadline: a waiter nobody will ever fire. */
    private static void block(boolean timed, long deadline) throws InterruptedException {
        if (Thread.interrupted() || new Waiter().await(timed, deadline) == Waiter.INTERRUPTED) {
            throw new InterruptedException();
        }
    }

    private static void blockFor(Duration timeout) throws InterruptedException {
        long nanos = Durations.toNanos(timeout, "timeout");
        if (nanos > 0L) {
            block(true, Durations.deadline(nanos));
        }
    }

    @Override
    public void send(T value) throws InterruptedException {
        Objects.requireNonNull(value, "value");
        block(false, 0L);
    }

    @Override
    public boolean send(T value, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(value, "value");
        blockFor(timeout);
        return false;
    }

    @Override
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "value");
        return false;
    }

    @Override
    public void close() {
        throw new ChannelClosedException("close of nil channel");
    }

    @Override
    public boolean isClosed() {
        return false;
    }

    @Override
    public int size() {
        return 0;
    }

    @Override
    public int capacity() {
        return 0;
    }

    @Override
    public T receive() throws InterruptedException {
        block(false, 0L);
        throw new AssertionError("unreachable: a nil channel blocks forever");
    }

    @Override
    public T receiveOrNull() throws InterruptedException {
        return receive();
    }

    @Override
    public T receive(Duration timeout) throws InterruptedException {
        blockFor(timeout);
        return null;
    }

    @Override
    public T tryReceive() {
        return null;
    }

    @Override
    public Iterator<T> iterator() {
        return new ChannelIterator<>(this);
    }

    @Override
    public String toString() {
        return "Channel[nil]";
    }
}
