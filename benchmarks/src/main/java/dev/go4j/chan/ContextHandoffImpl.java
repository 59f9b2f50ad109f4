package dev.go4j.chan;

import dev.go4j.benchmarks.Baseline;
import dev.go4j.context.Context;

/**
 * The context-bounded unbuffered hand-offs compared by {@link ChannelContextBenchmark}: each send and
 * each receive also gives up when a context is cancelled, Go's
 * {@code select { case ch <- v: case <-ctx.Done(): }} and {@code select { case v := <-ch: case <-ctx.Done(): }}.
 */
public enum ContextHandoffImpl {
    /** {@code ch.send(ctx, v)} and {@code ch.receive(ctx)}: one registration on the done channel per wait. */
    @Baseline
    GO4J {
        @Override
        Handoff<Integer> create(Context ctx) {
            Channel<Integer> ch = Channel.make();
            return new Handoff<>() {
                @Override
                public void put(Integer value) throws InterruptedException {
                    ch.send(ctx, value);
                }

                @Override
                public Integer take() throws InterruptedException {
                    return ch.receive(ctx);
                }
            };
        }
    },
    /** The literal Go port: a two-case go4j {@link Select} on each side. */
    SELECT {
        @Override
        Handoff<Integer> create(Context ctx) {
            Channel<Integer> ch = Channel.make();
            Integer[] got = new Integer[1];
            Select<Boolean> receive = new Select<Boolean>()
                    .onReceive(ch, v -> {
                        got[0] = v;
                        return Boolean.TRUE;
                    })
                    .onReceive(ctx.done(), closed -> Boolean.FALSE);
            return new Handoff<>() {
                @Override
                public void put(Integer value) throws InterruptedException {
                    if (!new Select<Boolean>()
                            .onSend(ch, value, () -> Boolean.TRUE)
                            .onReceive(ctx.done(), closed -> Boolean.FALSE)
                            .run()) {
                        throw ctx.err();
                    }
                }

                @Override
                public Integer take() throws InterruptedException {
                    if (!receive.run()) { // one consumer: the select and its slot are reused
                        throw ctx.err();
                    }
                    return got[0];
                }
            };
        }
    },
    /** {@code ch.send(v)} and {@code ch.receive()} with no context: the floor. */
    PLAIN {
        @Override
        Handoff<Integer> create(Context ctx) {
            return Handoff.of(Channel.<Integer>make());
        }
    },
    /** jox: a rendezvous channel and a done channel, {@code select} of two clauses on each side. */
    JOX {
        @Override
        Handoff<Integer> create(Context ctx) {
            com.softwaremill.jox.Channel<Integer> ch = com.softwaremill.jox.Channel.newRendezvousChannel();
            com.softwaremill.jox.Channel<Integer> done = com.softwaremill.jox.Channel.newRendezvousChannel();
            return new Handoff<>() {
                @Override
                public void put(Integer value) throws InterruptedException {
                    com.softwaremill.jox.Select.select(ch.sendClause(value), done.receiveClause());
                }

                @Override
                public Integer take() throws InterruptedException {
                    Object v = com.softwaremill.jox.Select.select(ch.receiveClause(), done.receiveClause());
                    return (Integer) v;
                }
            };
        }
    };

    abstract Handoff<Integer> create(Context ctx);
}
