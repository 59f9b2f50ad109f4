package dev.go4j.context;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import java.time.Instant;
import java.util.Optional;

/** {@link Context#withValue}: one key-value pair; cancellation is the parent's (Go's valueCtx). */
final class ValueCtx implements Context {
    final Context parent;
    final Key<?> key;
    final Object value;
    /** The nearest cancelable ancestor, whose state this context shares; null if there is none. */
    final CancelCtx canceler;

    ValueCtx(Context parent, Key<?> key, Object value) {
        this.parent = parent;
        this.key = key;
        this.value = value;
        this.canceler = Contexts.cancelerOf(parent);
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.ofNullable(Contexts.deadlineOf(parent));
    }

    @Override
    public ReceiveChannel<Void> done() {
        return canceler != null ? canceler.done() : Channel.nil();
    }

    @Override
    public ContextException err() {
        return canceler != null ? canceler.err() : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T value(Key<T> key) {
        return (T) Contexts.valueOf(this, key);
    }

    @Override
    public String toString() {
        return parent + ".WithValue(" + key + ", " + Contexts.stringify(value) + ")";
    }
}
