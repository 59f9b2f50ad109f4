package dev.go4j.context;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import java.time.Instant;
import java.util.Optional;

/** {@link Context#withoutCancel}: the parent's values, none of its cancellation (Go's withoutCancelCtx). */
final class WithoutCancelCtx implements Context {
    final Context parent;

    WithoutCancelCtx(Context parent) {
        this.parent = parent;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public ReceiveChannel<Void> done() {
        return Channel.nil();
    }

    @Override
    public ContextException err() {
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T value(Key<T> key) {
        return (T) Contexts.valueOf(parent, key);
    }

    @Override
    public String toString() {
        return parent + ".WithoutCancel";
    }
}
