package dev.go4j.chan;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;

/** Go's {@code for v := range ch}: receives until the channel is closed and drained. */
final class ChannelIterator<T> implements Iterator<T> {
    private final ReceiveChannel<T> ch;
    private T next;
    private boolean done;

    ChannelIterator(ReceiveChannel<T> ch) {
        this.ch = ch;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        try {
            next = ch.receiveOrNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException ce = new CancellationException("interrupted while ranging over a channel");
            ce.initCause(e);
            throw ce;
        }
        done = next == null;
        return !done;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("channel closed and drained");
        }
        T v = next;
        next = null;
        return v;
    }
}
