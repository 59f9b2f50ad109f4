package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link Channel}, model-checked with Lincheck: every interleaving Lincheck explores
 * of a few concurrent operations must give results that some one-at-a-time order of the same operations
 * gives on {@link GoChannelSpec}, Go's channel rules written sequentially.
 *
 * <p>The non-blocking operations ({@code trySend}, {@code tryReceive}, {@code close}, {@code size},
 * {@code isClosed}) are checked against the sequential specification, for capacities 0, 1 and 2, on
 * random scenarios plus the scenarios that target the known hazards: a {@code trySend} that succeeds
 * after its own thread saw {@code isClosed()}, and a {@code size()} that reports a count the channel
 * never held. Go's panics become result words ({@code "send-on-closed"}, {@code "close-of-closed"}).
 * The blocking {@code send} and {@code receive} are checked with {@link Lincheck#runConcurrentTest}:
 * fixed threads, every interleaving explored, and an assertion on the outcome.
 *
 * <p>Each check is shown once to fail on a deliberately broken channel kept in this file.
 */
class ChannelLincheckTest {

    private static final int ITERATIONS = 5;
    private static final int INVOCATIONS = 300;

    // ------------------------------------------------------------------ the operations under test

    /** The operations Lincheck calls, on a channel of the given capacity; Go's panics become words. */
    public abstract static class ChannelOps {
        final Channel<Integer> ch;

        ChannelOps(int capacity) {
            ch = Channel.make(capacity);
        }

        /** Go: {@code select { case ch <- v: default: }}; a send on a closed channel panics. */
        @Operation
        public String trySend(@Param(gen = IntGen.class, conf = "1:3") int v) {
            try {
                return ch.trySend(v) ? "sent" : "would-block";
            } catch (ChannelClosedException e) {
                return "send-on-closed";
            }
        }

        /** Go: {@code select { case v, ok := <-ch: default: }}; "closed" when closed and drained. */
        @Operation
        public Object tryReceive() {
            Integer v = ch.tryReceive();
            if (v != null) {
                return v;
            }
            return "empty"; // tryReceive does not tell "empty" from "closed and drained"
        }

        /** Go: {@code close(ch)}; closing twice panics. */
        @Operation
        public String close() {
            try {
                ch.close();
                return "closed";
            } catch (ChannelClosedException e) {
                return "close-of-closed";
            }
        }

        /** Go: {@code len(ch)}. */
        @Operation
        public int size() {
            return ch.size();
        }

        /** Whether close has happened. */
        @Operation
        public boolean isClosed() {
            return ch.isClosed();
        }
    }

    /** {@code make(chan int)}. */
    public static class Unbuffered extends ChannelOps {
        public Unbuffered() {
            super(0);
        }
    }

    /** {@code make(chan int, 1)}. */
    public static class Buffered1 extends ChannelOps {
        public Buffered1() {
            super(1);
        }
    }

    /** {@code make(chan int, 2)}. */
    public static class Buffered2 extends ChannelOps {
        public Buffered2() {
            super(2);
        }
    }

    // ------------------------------------------------------------------ Go's rules, sequentially

    /**
     * Go's channel, one operation at a time: a FIFO buffer of {@code cap} values and a closed flag. With
     * no blocked partner (these scenarios have none), an unbuffered {@code trySend} never succeeds and
     * an unbuffered {@code tryReceive} finds nothing.
     */
    public abstract static class GoChannelSpec {
        private final int cap;
        private final ArrayDeque<Integer> buf = new ArrayDeque<>();
        private boolean closed;

        GoChannelSpec(int cap) {
            this.cap = cap;
        }

        public String trySend(int v) {
            if (closed) {
                return "send-on-closed";
            }
            if (buf.size() < cap) {
                buf.addLast(v);
                return "sent";
            }
            return "would-block";
        }

        public Object tryReceive() {
            Integer v = buf.pollFirst();
            return v != null ? v : "empty";
        }

        public String close() {
            if (closed) {
                return "close-of-closed";
            }
            closed = true;
            return "closed";
        }

        public int size() {
            return buf.size();
        }

        public boolean isClosed() {
            return closed;
        }
    }

    /** Capacity 0. */
    public static class Spec0 extends GoChannelSpec {
        public Spec0() {
            super(0);
        }
    }

    /** Capacity 1. */
    public static class Spec1 extends GoChannelSpec {
        public Spec1() {
            super(1);
        }
    }

    /** Capacity 2. */
    public static class Spec2 extends GoChannelSpec {
        public Spec2() {
            super(2);
        }
    }

    // ------------------------------------------------------------------ deliberately broken channels

    /**
     * Broken on purpose: publishes "closed" before the channel is closed (so a thread can see
     * {@code isClosed()} and then send successfully).
     */
    public static class ClosedFlagSetFirst extends ChannelOps {
        private volatile boolean closedFlag;

        public ClosedFlagSetFirst() {
            super(1);
        }

        @Override
        @Operation
        public String close() {
            if (closedFlag) {
                return "close-of-closed";
            }
            closedFlag = true; // the bug: visible before the close below
            return super.close();
        }

        @Override
        @Operation
        public boolean isClosed() {
            return closedFlag;
        }
    }

    /**
     * Broken on purpose: {@code size()} from two counters read one after the other, so a receive and a
     * send between the two reads show a count the channel never held.
     */
    public static class SizeFromTwoReads extends ChannelOps {
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger received = new AtomicInteger();

        public SizeFromTwoReads() {
            super(2);
        }

        @Override
        @Operation
        public String trySend(@Param(gen = IntGen.class, conf = "1:3") int v) {
            String r = super.trySend(v);
            if (r.equals("sent")) {
                sent.incrementAndGet();
            }
            return r;
        }

        @Override
        @Operation
        public Object tryReceive() {
            Object r = super.tryReceive();
            if (r instanceof Integer) {
                received.incrementAndGet();
            }
            return r;
        }

        @Override
        @Operation
        public int size() {
            int r = received.get();
            return sent.get() - r; // the bug: two reads, not one instant
        }
    }

    // ------------------------------------------------------------------ scenarios

    private static Actor actor(String name, Object... args) {
        Class<?>[] types = new Class<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = int.class;
        }
        try {
            Method m = ChannelOps.class.getMethod(name, types);
            return new Actor(m, List.of(args));
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /** One thread closes; another asks {@code isClosed()} and then sends: Go's "no send succeeds after close is seen". */
    private static ExecutionScenario closeVsIsClosedThenSend() {
        return new ExecutionScenario(List.of(),
                List.of(List.of(actor("close")), List.of(actor("isClosed"), actor("trySend", 1), actor("size"))),
                List.of(actor("tryReceive"), actor("tryReceive")), null);
    }

    /** A channel that holds one value; one thread receives it and sends another while the other reads {@code size()}. */
    private static ExecutionScenario sizeVsReceiveThenSend() {
        return new ExecutionScenario(List.of(actor("trySend", 1)),
                List.of(List.of(actor("tryReceive"), actor("trySend", 2)), List.of(actor("size"), actor("size"))),
                List.of(), null);
    }

    private static ModelCheckingOptions options(Class<?> spec) {
        return new ModelCheckingOptions()
                .iterations(ITERATIONS)
                .invocationsPerIteration(INVOCATIONS)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .addCustomScenario(closeVsIsClosedThenSend())
                .addCustomScenario(sizeVsReceiveThenSend())
                .sequentialSpecification(spec);
    }

    // ------------------------------------------------------------------ the checks

    /** {@code make(chan int)}: the non-blocking operations are linearizable. */
    @Test
    void unbufferedChannelIsLinearizable() {
        options(Spec0.class).check(Unbuffered.class);
    }

    /** {@code make(chan int, 1)}: the non-blocking operations are linearizable. */
    @Test
    void bufferedChannelOfOneIsLinearizable() {
        options(Spec1.class).check(Buffered1.class);
    }

    /** {@code make(chan int, 2)}: the non-blocking operations are linearizable. */
    @Test
    void bufferedChannelOfTwoIsLinearizable() {
        options(Spec2.class).check(Buffered2.class);
    }

    /** The check catches a channel that says "closed" before it is. */
    @Test
    void checkCatchesClosedFlagSetBeforeClose() {
        assertThatThrownBy(() -> options(Spec1.class).check(ClosedFlagSetFirst.class))
                .isInstanceOf(LincheckAssertionError.class);
    }

    /** The check catches a {@code size()} assembled from two reads. */
    @Test
    void checkCatchesSizeFromTwoReads() {
        assertThatThrownBy(() -> options(Spec2.class).check(SizeFromTwoReads.class))
                .isInstanceOf(LincheckAssertionError.class);
    }

    // ------------------------------------------------------------------ blocking send and receive

    private static final int BLOCKING_INVOCATIONS = 200;

    /**
     * An assertion inside a Lincheck-run lambda. (AssertJ's assertion objects refuse {@code equals},
     * which Lincheck's model checker calls on the objects it tracks.)
     */
    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** Starts the bodies on platform threads, joins them all. */
    private static void runThreads(Runnable... bodies) {
        Thread[] ts = new Thread[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            ts[i] = new Thread(bodies[i]);
            ts[i].start();
        }
        try {
            for (Thread t : ts) {
                t.join();
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A blocking send as an outcome word (shared with SelectLincheckTest). */
    static String send(Channel<Integer> ch, int v) {
        try {
            ch.send(v);
            return "sent";
        } catch (ChannelClosedException e) {
            return "send-on-closed";
        } catch (InterruptedException e) {
            return "interrupted";
        }
    }

    /** A blocking two-value receive as an outcome word (shared with SelectLincheckTest). */
    static String receive(Channel<Integer> ch) {
        try {
            Integer v = ch.receiveOrNull();
            return v == null ? "closed" : "got " + v;
        } catch (InterruptedException e) {
            return "interrupted";
        }
    }

    private static String close(Channel<Integer> ch) {
        try {
            ch.close();
            return "closed";
        } catch (ChannelClosedException e) {
            return "close-of-closed";
        }
    }

    /**
     * A send, a receive and a close on one channel, each on its own thread. Go's rules: the send
     * either hands its value over (and the receiver gets it, or, buffered, it waits in the buffer) or
     * panics and its value is nowhere; the receive gets the value or sees closed; every call returns.
     */
    private static void sendReceiveClose(int capacity, Set<String> allowed) {
        Lincheck.runConcurrentTest(BLOCKING_INVOCATIONS, () -> {
            Channel<Integer> ch = Channel.make(capacity);
            String[] r = new String[3];
            runThreads(() -> r[0] = send(ch, 1), () -> r[1] = receive(ch), () -> r[2] = close(ch));
            Integer left = ch.tryReceive();
            String outcome = r[0] + ", " + r[1] + ", " + r[2] + ", left " + left;
            check(allowed.contains(outcome), "outcome of send, receive, close: " + outcome);
        });
    }

    /** {@code make(chan int)}: send, receive and close race; nothing is lost, duplicated or stuck. */
    @Test
    void unbufferedSendReceiveCloseAreLinearizable() {
        sendReceiveClose(0, Set.of(
                "sent, got 1, closed, left null",
                "send-on-closed, closed, closed, left null"));
    }

    /** {@code make(chan int, 1)}: the same; a value sent before close may stay buffered. */
    @Test
    void bufferedSendReceiveCloseAreLinearizable() {
        sendReceiveClose(1, Set.of(
                "sent, got 1, closed, left null",
                "send-on-closed, closed, closed, left null"));
    }

    /**
     * {@code make(chan int, 1)} holding a value: a blocked send and a receive that frees its slot.
     * FIFO: the receiver gets the first value, the second waits in the buffer, and the size seen by a
     * third thread never exceeds the capacity.
     */
    @Test
    void blockedSendCompletesWhenAReceiveFreesTheSlot() {
        Lincheck.runConcurrentTest(BLOCKING_INVOCATIONS, () -> {
            Channel<Integer> ch = Channel.make(1);
            ch.trySend(1);
            String[] r = new String[3];
            runThreads(() -> r[0] = send(ch, 2), () -> r[1] = receive(ch), () -> r[2] = "size " + ch.size());
            Integer left = ch.tryReceive();
            String outcome = r[0] + ", " + r[1] + ", " + r[2] + ", left " + left;
            check(outcome.equals("sent, got 1, size 1, left 2") || outcome.equals("sent, got 1, size 0, left 2"),
                    "outcome of send, receive, size: " + outcome);
        });
    }

    /**
     * A context-bounded send and receive (Go: each a select with {@code <-ctx.Done()}) meet while the
     * context is cancelled, each on its own thread. Each ends in exactly one case and the two agree: a
     * send that returned left its value in the receiver or the buffer; one that gave up left it nowhere.
     */
    private static void contextBoundedHandoffVsCancel(int capacity, Set<String> allowed) {
        contextBoundedHandoffVsCancel(capacity, allowed, false);
    }

    /**
     * As above; {@code broken} makes the receive look at the context again after it got a value and
     * let the context win (dropping the value): the lost hand-off the check must catch.
     */
    private static void contextBoundedHandoffVsCancel(int capacity, Set<String> allowed, boolean broken) {
        Lincheck.runConcurrentTest(BLOCKING_INVOCATIONS, () -> {
            CancelableContext ctx = Context.withCancel(Context.background());
            Channel<Integer> ch = Channel.make(capacity);
            String[] r = new String[2];
            runThreads(() -> {
                try {
                    ch.send(ctx, 1);
                    r[0] = "sent";
                } catch (ContextException e) {
                    r[0] = "ctx";
                } catch (InterruptedException e) {
                    r[0] = "interrupted";
                }
            }, () -> {
                try {
                    Integer v = ch.receiveOrNull(ctx);
                    r[1] = broken && ctx.err() != null ? "ctx" : "got " + v;
                } catch (ContextException e) {
                    r[1] = "ctx";
                } catch (InterruptedException e) {
                    r[1] = "interrupted";
                }
            }, ctx::cancel);
            String outcome = r[0] + ", " + r[1] + ", left " + ch.tryReceive();
            check(allowed.contains(outcome), "outcome of send(ctx), receive(ctx), cancel: " + outcome);
        });
    }

    /** {@code make(chan int)}: the value moves only in a rendezvous, or not at all. */
    @Test
    void unbufferedContextBoundedHandoffVsCancelIsLinearizable() {
        contextBoundedHandoffVsCancel(0, Set.of("sent, got 1, left null", "ctx, ctx, left null"));
    }

    /** {@code make(chan int, 1)}: the send need not wait; its value may stay in the buffer. */
    @Test
    void bufferedContextBoundedHandoffVsCancelIsLinearizable() {
        contextBoundedHandoffVsCancel(1, Set.of("sent, got 1, left null", "sent, ctx, left 1", "ctx, ctx, left null"));
    }

    /** The context-bounded check catches a receive that lets the context win after it took the value. */
    @Test
    void contextBoundedCheckCatchesADroppedValue() {
        assertThatThrownBy(() -> contextBoundedHandoffVsCancel(0, Set.of("sent, got 1, left null", "ctx, ctx, left null"), true))
                .isInstanceOf(LincheckAssertionError.class)
                .hasMessageContaining("sent, ctx, left null");
    }

    /** The blocking check catches a send that returns before its value is in the channel. */
    @Test
    void blockingCheckCatchesALostSend() {
        assertThatThrownBy(() -> Lincheck.runConcurrentTest(BLOCKING_INVOCATIONS, () -> {
            Channel<Integer> ch = Channel.make(1);
            String[] r = new String[3];
            // broken on purpose: "sent" is decided from isClosed(), then the value is offered
            runThreads(() -> {
                boolean open = !ch.isClosed();
                r[0] = open ? "sent" : "send-on-closed";
                if (open) {
                    try {
                        ch.trySend(1);
                    } catch (ChannelClosedException e) {
                        // the value is lost
                    }
                }
            }, () -> r[1] = receive(ch), () -> r[2] = close(ch));
            Integer left = ch.tryReceive();
            String outcome = r[0] + ", " + r[1] + ", " + r[2] + ", left " + left;
            check(Set.of("sent, got 1, closed, left null", "send-on-closed, closed, closed, left null")
                    .contains(outcome), "outcome of send, receive, close: " + outcome);
        })).isInstanceOf(LincheckAssertionError.class).hasMessageContaining("outcome of send, receive, close");
    }
}
