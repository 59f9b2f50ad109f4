package dev.go4j.patterns.pipeline;

import dev.go4j.Go;
import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.chan.Select;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.errgroup.ErrGroup;
import dev.go4j.sync.Semaphore;
import dev.go4j.sync.WaitGroup;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Go's pipeline stages on channels: each stage is a goroutine that receives from its input, sends to
 * its output, stops when the context is done or its input is closed, and always closes its output
 * (the Go blog's "Pipelines and cancellation", with {@code errgroup} for the errors).
 *
 * <p>Every stage runs in an {@link ErrGroup} made by {@link ErrGroup#withContext(Context)}: the
 * group's context stops the stages, the first failure of any stage cancels that context (so every
 * other stage stops), and a sink ({@link #collect}, {@link #drain}, {@link #forEach}) reports it once:
 * <pre>{@code
 * g, ctx := errgroup.WithContext(ctx)          ErrGroup g = ErrGroup.withContext(ctx);
 * nums := gen(ctx, 1, 2, 3)                    ReceiveChannel<Integer> nums = Stages.source(g, List.of(1, 2, 3));
 * sq := sq(ctx, nums)                          ReceiveChannel<Integer> sq = Stages.map(g, nums, n -> n * n);
 * for n := range sq { ... }                    List<Integer> out = Stages.collect(g, sq);
 * if err := g.Wait(); err != nil { ... }       // collect waits for the group and throws its first failure
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li><b>Who closes what:</b> a stage closes the channel it returns, exactly once, when it is done
 *       (input closed and drained, context done, or failure). The caller never closes a stage's
 *       output; it must close a channel it passes in as a source.</li>
 *   <li><b>Cancellation:</b> a stage blocked on a receive or a send returns when the group's context
 *       is done (Go's {@code case <-ctx.Done(): return}); a stage stopped that way is not a failure.</li>
 *   <li><b>Failures:</b> a stage function that throws (or returns null, which a channel cannot hold)
 *       fails the group: the context is cancelled with the failure as its cause and every stage
 *       stops. An interrupt of a stage's thread is a failure too, never a silent end of stream.</li>
 *   <li><b>Sinks</b> run on the calling thread, receive until the last stage's output is closed, wait
 *       for every goroutine of the group, and then throw the first failure (as an
 *       {@link ExecutionException}), or the context's error if the context was cancelled from outside:
 *       a cancelled or failed pipeline never looks like a short but complete one. If the caller is
 *       interrupted, the sink cancels the pipeline, waits for its goroutines and throws
 *       {@link InterruptedException}. After a sink returns, no goroutine of the group is running.</li>
 *   <li><b>Parallel maps</b> run at most {@code n} calls at once: {@link #mapOrdered} emits in input
 *       order, {@link #mapUnordered} as results finish, {@link #mapPartitioned} in input order within
 *       a key and in parallel across keys (Pekko's {@code mapAsyncPartitioned}).</li>
 * </ul>
 * Channels between stages are unbuffered, as in Go's canonical pipeline, except the output of a
 * parallel map, which has a buffer of {@code n}: its results arrive in bursts (a reorder buffer
 * releasing a run, {@code n} workers finishing together), and a rendezvous per value would make the
 * map wait for its consumer at every one (measured: about twice the time per value).
 *
 * <p>Thread safety: every method may be called from any thread; each stage's goroutine is the only
 * sender on its output. Memory consistency effects: those of the channels (a value's send
 * happens-before its receive), and every stage's actions happen-before a sink returns or throws.
 *
 * <p>Misuse: a null argument throws {@link NullPointerException} naming it; {@code n < 1} throws
 * {@link IllegalArgumentException}; a group made without a context throws
 * {@link IllegalStateException} (from {@link ErrGroup#context()}); a group with a limit is refused
 * ({@link IllegalStateException}) because a stage that waited for a slot could deadlock the pipeline.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.patterns.pipeline.PipelineSnippets region=stages}
 *
 * @implNote One virtual thread per stage (n + 2 for a parallel map, n + 1 for a merge of n), one
 * channel per edge. Per value: the channel operations, plus one small sequence object in an ordered
 * map. No polling; a blocked stage parks.
 * @since 0.1.0
 */
public final class Stages {
    /* Implementation overview
     *
     * stage(g, out, body): g.tryGo(() -> { try body() catch ContextException if ctx done: return
     *                                        finally out.close() })
     * A ContextException is "stopped" only if the group's own context is done; otherwise it came from
     * somewhere else in user code and is a failure like any other.
     *
     * mapOrdered: n workers, each: window.acquire, receive and number a value (one step under a lock),
     *   fn, leave the result in slots[seq % n], then send the consecutive results from `next` on if no
     *   other worker is sending them (a try-lock; the holder looks again after it lets go). The window
     *   (a Semaphore of n, released per value sent) keeps the values between intake and output within
     *   [next, next + n), so each has its own slot and the reorder buffer never grows. Go's usual shape
     *   is a dispatcher, the workers and a collector goroutine: the same contract with two more
     *   hand-offs per value, which the workers' shared reorder buffer cuts out.
     * merge: one forwarder per input (a WaitGroup), and a closer that waits for them: Go's Merge.
     */

    private Stages() {}

    // ------------------------------------------------------------------ sources

    /**
     * A generator: sends every element of {@code values}, then closes. Go: {@code gen(ctx, nums...)}.
     *
     * @param <T> the element type
     * @param g the pipeline's group
     * @param values the values to send, in order; none may be null
     * @return the output channel
     */
    public static <T> ReceiveChannel<T> source(ErrGroup g, Iterable<? extends T> values) {
        Objects.requireNonNull(values, "values");
        return source(g, values.iterator(), 0);
    }

    /**
     * A generator over an iterator, consumed on the stage's goroutine.
     *
     * @param <T> the element type
     * @param g the pipeline's group
     * @param values the values to send, in order; none may be null
     * @return the output channel
     */
    public static <T> ReceiveChannel<T> source(ErrGroup g, Iterator<? extends T> values) {
        return source(g, values, 0);
    }

    /**
     * A generator over a stream, consumed on the stage's goroutine and closed when the stage ends.
     *
     * @param <T> the element type
     * @param g the pipeline's group
     * @param values the values to send, in encounter order; none may be null
     * @return the output channel
     */
    public static <T> ReceiveChannel<T> source(ErrGroup g, Stream<? extends T> values) {
        Objects.requireNonNull(values, "values");
        Channel<T> out = Channel.make();
        stage(g, out, ctx -> {
            try (Stream<? extends T> s = values) {
                send(ctx, out, s.iterator());
            }
        });
        return out;
    }

    static <T> ReceiveChannel<T> source(ErrGroup g, Iterator<? extends T> values, int buffer) {
        Objects.requireNonNull(values, "values");
        Channel<T> out = Channel.make(buffer);
        stage(g, out, ctx -> send(ctx, out, values));
        return out;
    }

    // ------------------------------------------------------------------ one-to-one stages

    /**
     * Applies {@code fn} to every value: Go's {@code sq(ctx, in)} stage.
     *
     * @param <T> the input type
     * @param <R> the output type
     * @param g the pipeline's group
     * @param in the input
     * @param fn the transformation; a failure or a null result fails the pipeline
     * @return the output channel
     */
    public static <T, R> ReceiveChannel<R> map(ErrGroup g, ReceiveChannel<T> in, StageFunction<? super T, ? extends R> fn) {
        return map(g, in, fn, 0);
    }

    static <T, R> ReceiveChannel<R> map(ErrGroup g, ReceiveChannel<T> in, StageFunction<? super T, ? extends R> fn,
            int buffer) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(fn, "fn");
        Channel<R> out = Channel.make(buffer);
        stage(g, out, ctx -> {
            for (T v; (v = in.receiveOrNull(ctx)) != null; ) {
                out.send(ctx, notNull(fn.apply(v)));
            }
        });
        return out;
    }

    /**
     * Keeps the values for which {@code keep} is true, in order.
     *
     * @param <T> the value type
     * @param g the pipeline's group
     * @param in the input
     * @param keep the test; a failure fails the pipeline
     * @return the output channel
     */
    public static <T> ReceiveChannel<T> filter(ErrGroup g, ReceiveChannel<T> in, StagePredicate<? super T> keep) {
        return filter(g, in, keep, 0);
    }

    static <T> ReceiveChannel<T> filter(ErrGroup g, ReceiveChannel<T> in, StagePredicate<? super T> keep, int buffer) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(keep, "keep");
        Channel<T> out = Channel.make(buffer);
        stage(g, out, ctx -> {
            for (T v; (v = in.receiveOrNull(ctx)) != null; ) {
                if (keep.test(v)) {
                    out.send(ctx, v);
                }
            }
        });
        return out;
    }

    /**
     * Forwards the values of {@code in} until {@code ctx} is done or {@code in} is closed: Go's
     * {@code orDone(ctx, in)}, which lets a consumer range over a channel and still honour a context.
     * The output is closed in both cases. Needs no group: it cannot fail.
     *
     * @param <T> the value type
     * @param ctx stops the forwarding when done
     * @param in the input
     * @return the output channel
     */
    public static <T> ReceiveChannel<T> orDone(Context ctx, ReceiveChannel<T> in) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(in, "in");
        Channel<T> out = Channel.make();
        Go.go(() -> {
            try {
                for (T v; (v = in.receiveOrNull(ctx)) != null; ) {
                    out.send(ctx, v);
                }
            } catch (ContextException | InterruptedException stopped) {
                // Go: case <-ctx.Done(): return
            } finally {
                out.close();
            }
        });
        return out;
    }

    // ------------------------------------------------------------------ fan-out, fan-in, tee

    /**
     * Fan-in: sends every value of every input on one output, closed exactly once after every input
     * is closed (or the context is done). Go's reference {@code merge(ctx, cs...)}: a goroutine per
     * input, a WaitGroup, and a goroutine that waits and closes. Order is kept within each input only.
     *
     * @param <T> the value type
     * @param g the pipeline's group
     * @param inputs the channels to merge, not null and not containing null
     * @return the merged output
     */
    public static <T> ReceiveChannel<T> merge(ErrGroup g, List<? extends ReceiveChannel<? extends T>> inputs) {
        return merge(g, inputs, 0);
    }

    /**
     * Fan-in of the given channels: {@link #merge(ErrGroup, List)}.
     *
     * @param <T> the value type
     * @param g the pipeline's group
     * @param inputs the channels to merge
     * @return the merged output
     */
    @SafeVarargs
    public static <T> ReceiveChannel<T> merge(ErrGroup g, ReceiveChannel<? extends T>... inputs) {
        return merge(g, List.of(inputs), 0);
    }

    static <T> ReceiveChannel<T> merge(ErrGroup g, List<? extends ReceiveChannel<? extends T>> inputs, int buffer) {
        Objects.requireNonNull(inputs, "inputs");
        List<? extends ReceiveChannel<? extends T>> ins = List.copyOf(inputs);
        Context ctx = contextOf(g);
        Channel<T> out = Channel.make(buffer);
        WaitGroup wg = new WaitGroup();
        wg.add(ins.size());
        for (ReceiveChannel<? extends T> in : ins) {
            go(g, () -> {
                try {
                    for (T v; (v = in.receiveOrNull(ctx)) != null; ) {
                        out.send(ctx, v);
                    }
                } catch (ContextException e) {
                    rethrowUnlessDone(ctx, e);
                } finally {
                    wg.done();
                }
            });
        }
        go(g, () -> {
            try {
                wg.await(); // every forwarder ends: on its input's close or on the context
            } finally {
                out.close(); // the only closer, once
            }
        });
        return out;
    }

    /**
     * Fan-out: {@code n} workers over one input, each applying {@code fn} and sending on its own
     * output. Merge the outputs to fan back in ({@link #mapUnordered} does both).
     *
     * @param <T> the input type
     * @param <R> the output type
     * @param g the pipeline's group
     * @param in the shared input: each value goes to one worker
     * @param n the number of workers, at least 1
     * @param fn the work on one value
     * @return the workers' outputs, one channel per worker
     */
    public static <T, R> List<ReceiveChannel<R>> fanOut(ErrGroup g, ReceiveChannel<T> in, int n,
            StageFunction<? super T, ? extends R> fn) {
        checkN(n);
        List<ReceiveChannel<R>> outs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            outs.add(map(g, in, fn, 0));
        }
        return outs;
    }

    /**
     * Sends every value of {@code in} on two outputs: Go's {@code tee}. Each value is delivered to both
     * outputs before the next is received, to whichever consumer is ready first, so the two consumers
     * advance together (a slow one holds the other back by at most one value).
     *
     * @param <T> the value type
     * @param g the pipeline's group
     * @param in the input
     * @return the two outputs, both closed when {@code in} is
     */
    public static <T> List<ReceiveChannel<T>> tee(ErrGroup g, ReceiveChannel<T> in) {
        Objects.requireNonNull(in, "in");
        Context ctx = contextOf(g);
        Channel<T> a = Channel.make();
        Channel<T> b = Channel.make();
        go(g, () -> {
            try {
                for (T v; (v = in.receiveOrNull(ctx)) != null; ) {
                    T value = v;
                    Channel<T> rest = new Select<Channel<T>>()
                            .onSend(a, value, () -> b)
                            .onSend(b, value, () -> a)
                            .onReceive(ctx.done(), x -> null)
                            .run();
                    if (rest == null) {
                        return; // Go: case <-ctx.Done(): return
                    }
                    rest.send(ctx, value);
                }
            } catch (ContextException e) {
                rethrowUnlessDone(ctx, e);
            } finally {
                a.close();
                b.close();
            }
        });
        return List.of(a, b);
    }

    // ------------------------------------------------------------------ bounded parallel maps

    /**
     * Applies {@code fn} on {@code n} workers and emits the results as they finish (fan-out plus
     * fan-in). At most {@code n} calls run at once.
     *
     * @param <T> the input type
     * @param <R> the output type
     * @param g the pipeline's group
     * @param in the input
     * @param n the parallelism, at least 1
     * @param fn the work on one value
     * @return the output, in completion order
     */
    public static <T, R> ReceiveChannel<R> mapUnordered(ErrGroup g, ReceiveChannel<T> in, int n,
            StageFunction<? super T, ? extends R> fn) {
        return mapUnordered(g, in, n, fn, n);
    }

    static <T, R> ReceiveChannel<R> mapUnordered(ErrGroup g, ReceiveChannel<T> in, int n,
            StageFunction<? super T, ? extends R> fn, int buffer) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(fn, "fn");
        checkN(n);
        Context ctx = contextOf(g);
        Channel<R> out = Channel.make(buffer);
        workers(g, n, out, () -> {
            for (T v; (v = in.receiveOrNull(ctx)) != null; ) {
                out.send(ctx, notNull(fn.apply(v)));
            }
        });
        return out;
    }

    /**
     * Applies {@code fn} on {@code n} workers and emits the results in input order. At most {@code n}
     * values are in flight (received and not yet emitted), so a slow value holds back at most
     * {@code n - 1} finished ones: memory stays bounded whatever the input.
     *
     * @param <T> the input type
     * @param <R> the output type
     * @param g the pipeline's group
     * @param in the input
     * @param n the parallelism, at least 1
     * @param fn the work on one value
     * @return the output, in input order
     */
    public static <T, R> ReceiveChannel<R> mapOrdered(ErrGroup g, ReceiveChannel<T> in, int n,
            StageFunction<? super T, ? extends R> fn) {
        return mapOrdered(g, in, n, fn, n);
    }

    static <T, R> ReceiveChannel<R> mapOrdered(ErrGroup g, ReceiveChannel<T> in, int n,
            StageFunction<? super T, ? extends R> fn, int buffer) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(fn, "fn");
        checkN(n);
        Context ctx = contextOf(g);
        Channel<R> out = Channel.make(buffer);
        Reorder<R> reorder = new Reorder<>(n, out);
        ReentrantLock intake = new ReentrantLock(); // a receive and its sequence number, as one step
        long[] nextSeq = new long[1];
        workers(g, n, out, () -> {
            for (;;) {
                reorder.window.acquire(ctx, 1); // at most n values between intake and output
                T v;
                long seq;
                intake.lockInterruptibly();
                try {
                    if ((v = in.receiveOrNull(ctx)) == null) {
                        reorder.window.release(1);
                        return; // closed and drained: the values already taken still go out in order
                    }
                    seq = nextSeq[0]++;
                } finally {
                    intake.unlock();
                }
                reorder.finished(ctx, seq, notNull(fn.apply(v)));
            }
        });
        return out;
    }

    /**
     * The reorder buffer of {@link #mapOrdered}: finished values wait in {@code slots[seq % n]}, and
     * whichever worker holds the emitter lock sends the consecutive ones from {@code next} on.
     */
    private static final class Reorder<R> {
        final Semaphore window;
        private final AtomicReferenceArray<R> slots;
        private final ReentrantLock emitter = new ReentrantLock();
        private final Channel<R> out;
        private final int n;
        /** The oldest sequence number not yet sent; written under the emitter lock. */
        private volatile long next;

        Reorder(int n, Channel<R> out) {
            this.n = n;
            this.out = out;
            this.window = new Semaphore(n);
            this.slots = new AtomicReferenceArray<>(n);
        }

        /**
         * Leaves {@code r} in its slot, then sends what is ready in order, unless another worker holds
         * the emitter lock: that one looks again after it lets go (a volatile write of the slot, then a
         * read of the lock, against a write of the lock, then a read of the slot), so no value is
         * stranded.
         */
        void finished(Context ctx, long seq, R r) throws InterruptedException {
            slots.set((int) (seq % n), r);
            while (slots.get((int) (next % n)) != null && emitter.tryLock()) {
                try {
                    for (int i; ; ) {
                        R x = slots.get(i = (int) (next % n));
                        if (x == null) {
                            break;
                        }
                        out.send(ctx, x);
                        slots.set(i, null);
                        next = next + 1;
                        window.release(1);
                    }
                } finally {
                    emitter.unlock();
                }
            }
        }
    }

    /**
     * Applies {@code fn} with at most one call per key at a time and emits each key's results in input
     * order, while values of different keys run in parallel on {@code n} workers (Pekko's
     * {@code mapAsyncPartitioned}). Keys are spread over the workers by hash: a worker serves its keys
     * one value at a time, so a slow value delays only the keys of its worker.
     *
     * @param <T> the input type
     * @param <K> the key type
     * @param <R> the output type
     * @param g the pipeline's group
     * @param in the input
     * @param n the parallelism, at least 1
     * @param key extracts a value's key (null is a key like any other)
     * @param fn the work on one value
     * @return the output, in input order within each key
     */
    public static <T, K, R> ReceiveChannel<R> mapPartitioned(ErrGroup g, ReceiveChannel<T> in, int n,
            Function<? super T, ? extends K> key, StageFunction<? super T, ? extends R> fn) {
        return mapPartitioned(g, in, n, key, fn, n);
    }

    static <T, K, R> ReceiveChannel<R> mapPartitioned(ErrGroup g, ReceiveChannel<T> in, int n,
            Function<? super T, ? extends K> key, StageFunction<? super T, ? extends R> fn, int buffer) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fn, "fn");
        checkN(n);
        Context ctx = contextOf(g);
        List<Channel<T>> lanes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lanes.add(Channel.make(1));
        }
        go(g, () -> { // dispatcher: a key always goes to the same lane
            try {
                for (T v; (v = in.receiveOrNull(ctx)) != null; ) {
                    lanes.get(Math.floorMod(Objects.hashCode(key.apply(v)) * 0x9E3779B9, n)).send(ctx, v);
                }
            } catch (ContextException e) {
                rethrowUnlessDone(ctx, e);
            } finally {
                lanes.forEach(Channel::close);
            }
        });
        Channel<R> out = Channel.make(buffer);
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (Channel<T> lane : lanes) {
            go(g, () -> {
                try {
                    for (T v; (v = lane.receiveOrNull(ctx)) != null; ) {
                        out.send(ctx, notNull(fn.apply(v)));
                    }
                } catch (ContextException e) {
                    rethrowUnlessDone(ctx, e);
                } finally {
                    wg.done();
                }
            });
        }
        closeAfter(g, wg, out);
        return out;
    }

    // ------------------------------------------------------------------ sinks

    /**
     * Receives every value of {@code in} into a list, waits for the whole group, and reports the
     * first failure: Go's {@code for v := range out { ... }; if err := g.Wait(); err != nil { ... }}.
     *
     * @param <T> the value type
     * @param g the pipeline's group
     * @param in the last stage's output
     * @return every value, in the order received
     * @throws ExecutionException if a stage failed; the cause is the first failure
     * @throws ContextException the context's error if the context was cancelled from outside
     * @throws InterruptedException if the calling thread is interrupted; the pipeline is cancelled
     *         and its goroutines have ended when this is thrown
     */
    public static <T> List<T> collect(ErrGroup g, ReceiveChannel<T> in) throws ExecutionException, InterruptedException {
        List<T> out = new ArrayList<>();
        forEach(g, in, out::add);
        return out;
    }

    /**
     * Receives and discards every value of {@code in}, waits for the whole group and reports the first
     * failure, as {@link #collect}.
     *
     * @param <T> the value type
     * @param g the pipeline's group
     * @param in the last stage's output
     * @return the number of values received
     * @throws ExecutionException if a stage failed
     * @throws ContextException the context's error if the context was cancelled from outside
     * @throws InterruptedException if the calling thread is interrupted
     */
    public static <T> long drain(ErrGroup g, ReceiveChannel<T> in) throws ExecutionException, InterruptedException {
        long[] n = new long[1];
        forEach(g, in, v -> n[0]++);
        return n[0];
    }

    /**
     * Passes every value of {@code in} to {@code action} on the calling thread, waits for the whole
     * group and reports the first failure, as {@link #collect}. A failure of {@code action} cancels
     * the pipeline and is reported the same way.
     *
     * @param <T> the value type
     * @param g the pipeline's group
     * @param in the last stage's output
     * @param action receives each value
     * @throws ExecutionException if a stage or the action failed
     * @throws ContextException the context's error if the context was cancelled from outside
     * @throws InterruptedException if the calling thread is interrupted
     */
    public static <T> void forEach(ErrGroup g, ReceiveChannel<T> in, Consumer<? super T> action)
            throws ExecutionException, InterruptedException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(action, "action");
        Context ctx = contextOf(g);
        Throwable local = null;
        try {
            for (T v; (v = in.receiveOrNull(ctx)) != null; ) {
                action.accept(v);
            }
        } catch (ContextException e) {
            if (ctx.err() == null) {
                local = e;
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            local = e;
        }
        if (local != null) {
            Throwable failure = local;
            g.tryGo(() -> { // report it as the group's failure: the first one cancels every stage
                throw failure instanceof Exception ex ? ex : new ExecutionException(failure);
            });
        }
        ContextException outside = ctx.err(); // read before await, which cancels the context itself
        try {
            awaitUninterruptibly(g);
        } catch (ExecutionException e) {
            if (local instanceof InterruptedException ie) {
                if (e.getCause() == ie) {
                    throw ie; // the group is stopped and waited for; the caller sees its interrupt
                }
                Thread.currentThread().interrupt(); // a stage failed first: report that, keep the interrupt
            }
            throw e;
        }
        if (outside != null) {
            throw outside; // cancelled from outside: the output may be short, so say so
        }
    }

    // ------------------------------------------------------------------ internals

    /** A stage body: may throw anything; a ContextException of the group's done context is a stop. */
    @FunctionalInterface
    interface Body {
        void run(Context ctx) throws Exception;
    }

    /** Starts {@code body} as a stage of {@code g} that always closes {@code out}. */
    static void stage(ErrGroup g, Channel<?> out, Body body) {
        Context ctx = contextOf(g);
        go(g, () -> {
            try {
                body.run(ctx);
            } catch (ContextException e) {
                rethrowUnlessDone(ctx, e);
            } finally {
                out.close();
            }
        });
    }

    /** Starts {@code n} copies of {@code body} and closes {@code out} after the last one returns. */
    private static void workers(ErrGroup g, int n, Channel<?> out, Go.Task body) {
        Context ctx = contextOf(g);
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (int i = 0; i < n; i++) {
            go(g, () -> {
                try {
                    body.run();
                } catch (ContextException e) {
                    rethrowUnlessDone(ctx, e);
                } finally {
                    wg.done();
                }
            });
        }
        closeAfter(g, wg, out);
    }

    private static void closeAfter(ErrGroup g, WaitGroup wg, Channel<?> out) {
        go(g, () -> {
            try {
                wg.await();
            } finally {
                out.close();
            }
        });
    }

    private static void go(ErrGroup g, Go.Task task) {
        if (!g.tryGo(task)) {
            throw new IllegalStateException(
                    "g: a pipeline's group must have no limit (a stage waiting for a slot could deadlock it)");
        }
    }

    private static Context contextOf(ErrGroup g) {
        Objects.requireNonNull(g, "g");
        return g.context();
    }

    private static void rethrowUnlessDone(Context ctx, ContextException e) {
        if (ctx.err() == null) {
            throw e; // not our context: a failure of user code like any other
        }
        // Go: case <-ctx.Done(): return
    }

    private static <T> void send(Context ctx, Channel<T> out, Iterator<? extends T> values) throws InterruptedException {
        while (values.hasNext()) {
            out.send(ctx, Objects.requireNonNull(values.next(), "source: a channel holds no null element"));
        }
    }

    private static <R> R notNull(R r) {
        return Objects.requireNonNull(r, "stage function returned null: a channel holds no null");
    }

    private static void checkN(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n: the parallelism must be at least 1, got " + n);
        }
    }

    private static void awaitUninterruptibly(ErrGroup g) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    g.await();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the stages stop on the cancelled context: keep waiting
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
