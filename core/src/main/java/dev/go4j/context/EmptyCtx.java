package dev.go4j.context;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import java.time.Instant;
import java.util.Optional;

/** {@link Context#background()} and {@link Context#todo()}: never cancelled, no deadline, no values. */
final class EmptyCtx implements Context {
    static final EmptyCtx BACKGROUND = new EmptyCtx("context.Background");
    static final EmptyCtx TODO = new EmptyCtx("context.TODO");

    private final String name;

    private EmptyCtx(String name) {
        this.name = name;
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
    public <T> T value(Key<T> key) {
        java.util.Objects.requireNonNull(key, "key");
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
