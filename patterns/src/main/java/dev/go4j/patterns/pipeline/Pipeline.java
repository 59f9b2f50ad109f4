package dev.go4j.patterns.pipeline;

import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.errgroup.ErrGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A fluent face over Go's pipeline {@link Stages}: {@code Pipeline.from(source).map(16, f).filter(p).toList()}
 * builds the same goroutines and channels a Go program would write by hand, on plain Java 21.
 *
 * <p>A {@code Pipeline} is an immutable description: each operation returns a new one, and nothing
 * runs until a terminal operation ({@link #toList}, {@link #forEach}, {@link #count}). Each terminal
 * call runs the whole pipeline in a fresh {@link ErrGroup} under a child of the given context (the
 * background context by default) and returns when every stage's goroutine has ended. A pipeline over
 * an {@link Iterable} can run again; one over a {@link Stream} or a channel only once.
 *
 * <h2>Semantics (those of {@link Stages})</h2>
 * <ul>
 *   <li>{@link #map(int, StageFunction) map(n, fn)} runs at most {@code n} calls at once and keeps the
 *       input order; {@link #mapUnordered} emits as calls finish; {@link #mapPartitioned} keeps the
 *       order within a key.</li>
 *   <li>The first failure anywhere cancels every stage and is thrown once, as the cause of an
 *       {@link ExecutionException}. A cancelled context throws its error; an interrupt cancels the
 *       pipeline and throws {@link InterruptedException}. The output is never silently short: JDK 24's
 *       {@code Gatherers.mapConcurrent} can end a stream early on interrupt; this cannot.</li>
 *   <li>Channels between stages are unbuffered (Go's default), the output of a parallel map has a
 *       buffer of {@code n}, and {@link #buffer(int)} sets a larger buffer for the stages that follow
 *       it.</li>
 * </ul>
 *
 * <p>Thread safety: a {@code Pipeline} is immutable and may be shared; terminal operations on a
 * re-runnable pipeline may run concurrently. Memory consistency effects: as {@link Stages}.
 *
 * <p>Misuse: a null argument throws {@link NullPointerException}; {@code n < 1} or a negative buffer
 * throws {@link IllegalArgumentException}.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.patterns.pipeline.PipelineSnippets region=fluent}
 *
 * @implNote Exactly the goroutines and channels of {@link Stages}, plus one lambda per operation at
 * build time; nothing per value beyond what the stages cost.
 *
 * @param <T> the type of the values this pipeline emits
 * @since 0.1.0
 */
public final class Pipeline<T> {
    private final Function<ErrGroup, ReceiveChannel<T>> build;
    private final int buffer;

    private Pipeline(Function<ErrGroup, ReceiveChannel<T>> build, int buffer) {
        this.build = build;
        this.buffer = buffer;
    }

    /**
     * A pipeline whose source sends the elements of {@code values} in order; it may run many times.
     *
     * @param <T> the element type
     * @param values the source values, none null
     * @return a new pipeline
     */
    public static <T> Pipeline<T> from(Iterable<? extends T> values) {
        Objects.requireNonNull(values, "values");
        return new Pipeline<>(g -> Stages.source(g, values.iterator(), 0), 0);
    }

    /**
     * A pipeline whose source sends the elements of {@code values}; it may run once (the stream is
     * consumed and closed by the source stage).
     *
     * @param <T> the element type
     * @param values the source values, none null
     * @return a new pipeline
     */
    public static <T> Pipeline<T> from(Stream<? extends T> values) {
        Objects.requireNonNull(values, "values");
        return new Pipeline<>(g -> Stages.source(g, values), 0);
    }

    /**
     * A pipeline that starts from a channel another goroutine fills and closes; it may run once.
     *
     * @param <T> the element type
     * @param values the source channel; its owner closes it
     * @return a new pipeline
     */
    public static <T> Pipeline<T> from(ReceiveChannel<T> values) {
        Objects.requireNonNull(values, "values");
        return new Pipeline<>(g -> values, 0);
    }

    /**
     * Gives the channels of the stages that follow a buffer of {@code capacity} values, so a fast
     * stage runs ahead of a slow one by up to that many (Go: {@code make(chan T, capacity)}).
     *
     * @param capacity the buffer of each following channel; 0 is unbuffered
     * @return a new pipeline
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public Pipeline<T> buffer(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity: must be zero or positive, got " + capacity);
        }
        return new Pipeline<>(build, capacity);
    }

    /**
     * Applies {@code fn} to each value, one at a time, in order.
     *
     * @param <R> the output type
     * @param fn the transformation, returning non-null
     * @return a new pipeline
     */
    public <R> Pipeline<R> map(StageFunction<? super T, ? extends R> fn) {
        Objects.requireNonNull(fn, "fn");
        return then(g -> Stages.map(g, build.apply(g), fn, buffer));
    }

    /**
     * Applies {@code fn} on {@code n} workers, at most {@code n} at once, keeping the input order.
     *
     * @param <R> the output type
     * @param n the parallelism, at least 1
     * @param fn the transformation, returning non-null
     * @return a new pipeline
     */
    public <R> Pipeline<R> map(int n, StageFunction<? super T, ? extends R> fn) {
        checkN(n);
        Objects.requireNonNull(fn, "fn");
        return then(g -> Stages.mapOrdered(g, build.apply(g), n, fn, Math.max(n, buffer)));
    }

    /**
     * Applies {@code fn} on {@code n} workers, at most {@code n} at once, emitting as calls finish.
     *
     * @param <R> the output type
     * @param n the parallelism, at least 1
     * @param fn the transformation, returning non-null
     * @return a new pipeline
     */
    public <R> Pipeline<R> mapUnordered(int n, StageFunction<? super T, ? extends R> fn) {
        checkN(n);
        Objects.requireNonNull(fn, "fn");
        return then(g -> Stages.mapUnordered(g, build.apply(g), n, fn, Math.max(n, buffer)));
    }

    /**
     * Applies {@code fn} on {@code n} workers, one value per key at a time, keeping the order within
     * each key.
     *
     * @param <K> the key type
     * @param <R> the output type
     * @param n the parallelism, at least 1
     * @param key extracts a value's key
     * @param fn the transformation, returning non-null
     * @return a new pipeline
     */
    public <K, R> Pipeline<R> mapPartitioned(int n, Function<? super T, ? extends K> key,
            StageFunction<? super T, ? extends R> fn) {
        checkN(n);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fn, "fn");
        return then(g -> Stages.mapPartitioned(g, build.apply(g), n, key, fn, Math.max(n, buffer)));
    }

    /**
     * Keeps the values for which {@code keep} is true.
     *
     * @param keep the test
     * @return a new pipeline
     */
    public Pipeline<T> filter(StagePredicate<? super T> keep) {
        Objects.requireNonNull(keep, "keep");
        return then(g -> Stages.filter(g, build.apply(g), keep, buffer));
    }

    /**
     * Runs the pipeline under the background context and collects its output.
     *
     * @return every value, in the order the last stage emitted them
     * @throws ExecutionException if a stage failed; its cause is the first failure
     * @throws InterruptedException if interrupted; the pipeline is cancelled and has ended
     */
    public List<T> toList() throws ExecutionException, InterruptedException {
        return toList(Context.background());
    }

    /**
     * Runs the pipeline under {@code ctx} and collects its output.
     *
     * @param ctx bounds the run
     * @return every value, in the order the last stage emitted them
     * @throws ExecutionException if a stage failed; its cause is the first failure
     * @throws ContextException the context's error if it was cancelled before the pipeline finished
     * @throws InterruptedException if interrupted; the pipeline is cancelled and has ended
     */
    public List<T> toList(Context ctx) throws ExecutionException, InterruptedException {
        List<T> out = new ArrayList<>();
        forEach(ctx, out::add);
        return out;
    }

    /**
     * Runs the pipeline under {@code ctx} and counts its output.
     *
     * @param ctx bounds the run
     * @return the number of values the last stage emitted
     * @throws ExecutionException if a stage failed
     * @throws ContextException the context's error if it was cancelled before the pipeline finished
     * @throws InterruptedException if interrupted
     */
    public long count(Context ctx) throws ExecutionException, InterruptedException {
        long[] n = new long[1];
        forEach(ctx, v -> n[0]++);
        return n[0];
    }

    /**
     * Runs the pipeline under {@code ctx}, passing each output value to {@code action} on the calling
     * thread; a failure of {@code action} cancels the pipeline and is reported like a stage's.
     *
     * @param ctx bounds the run
     * @param action receives each value
     * @throws ExecutionException if a stage or the action failed
     * @throws ContextException the context's error if it was cancelled before the pipeline finished
     * @throws InterruptedException if interrupted
     */
    public void forEach(Context ctx, Consumer<? super T> action) throws ExecutionException, InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(action, "action");
        try (CancelableContext run = Context.withCancel(ctx)) {
            ErrGroup g = ErrGroup.withContext(run);
            ReceiveChannel<T> out;
            try {
                out = build.apply(g);
            } catch (RuntimeException | Error e) {
                run.cancel(); // stages already started stop; wait for them before throwing
                try {
                    g.await();
                } catch (ExecutionException ignored) {
                    // the build failure is the one to report
                }
                throw e;
            }
            Stages.forEach(g, out, action);
        }
    }

    private <R> Pipeline<R> then(Function<ErrGroup, ReceiveChannel<R>> next) {
        return new Pipeline<>(next, buffer);
    }

    private static void checkN(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n: the parallelism must be at least 1, got " + n);
        }
    }
}
