package dev.go4j.patterns.workerpool;

import dev.go4j.Go;
import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.sync.WaitGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Go's canonical worker pool, line for line on channels: a jobs channel, {@code n} workers ranging over
 * it, a results channel, a {@link WaitGroup}, and a goroutine that closes the results when every worker
 * is done. This is the literal port; {@link WorkerPool} is the pool a service ships.
 *
 * <pre>{@code
 * results := make(chan Result, n)                   ReceiveChannel<Result<J, R>> results =
 * var wg sync.WaitGroup                                 Workers.workers(ctx, n, jobs, fn);
 * for i := 0; i < n; i++ {
 *     wg.Add(1)
 *     go worker(ctx, jobs, results, &wg)            // each: for j := range jobs { results <- fn(j) }
 * }                                                 //       and return on <-ctx.Done()
 * go func() { wg.Wait(); close(results) }()
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #workers} starts {@code n} goroutines (virtual threads) that receive jobs until
 *       {@code jobs} is closed and drained, apply {@code fn}, and send one {@link Result} per job on
 *       the returned channel (buffered, capacity {@code n}). A job whose function throws gives a
 *       failed result; the worker goes on with the next job (Go: the error travels in the result).</li>
 *   <li>Who closes what (Go's rule: the sender closes): the caller's producer closes {@code jobs};
 *       the pool closes the results channel, exactly once, after the last worker has returned.</li>
 *   <li>Cancellation: every worker returns as soon as {@code ctx} is done, whether it waits for a job
 *       or for room to send a result (Go's {@code select} on {@code ctx.Done()}); the results channel
 *       is then closed. Results already sent stay receivable. Results of jobs that were running
 *       when the context was done are dropped, as in Go; {@link #run} reports such jobs with the
 *       context's error instead of dropping them.</li>
 *   <li>{@link #run} is the whole program over a list: a producer goroutine sends the jobs and closes
 *       the channel, {@code n} workers process them, and the caller receives one result per job, in
 *       the order of the list.</li>
 * </ul>
 *
 * <p>Thread safety: both methods may be called from any thread. Memory consistency effects: actions
 * before sending a job happen-before {@code fn} runs on it; the actions of {@code fn} happen-before
 * the receipt of its result.
 *
 * <p>Misuse: {@code n < 1} throws {@link IllegalArgumentException} naming {@code n}; a null argument
 * throws {@link NullPointerException} naming it. Not closing {@code jobs} leaves the workers waiting
 * (until {@code ctx} is done): Go's classic goroutine leak.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.patterns.workerpool.WorkerPoolSnippets region=workers}
 *
 * @implNote Per job: one {@link Result} and two channel operations, each under its channel's lock
 * (Go's too); one that finds the buffer empty or full parks its virtual thread until the other side
 * wakes it. Per call: {@code n + 1} virtual threads, and for {@link #run} one more (the producer) and
 * a child context.
 * @since 0.1.0
 */
public final class Workers {
    /* Implementation overview
     *
     * worker:  loop { j = jobs.receiveOrNull(ctx) -> null: return; r = fn(j); results.send(ctx, r) }
     *          a ContextException from either call is Go's `case <-ctx.Done(): return`.
     * closer:  wg.await(); results.close()  -- the only closer, after the last wg.done().
     * run:     producer sends list indices (so a null job or equal jobs stay distinct), results land in
     *          an array slot per index; a slot still empty at the end belongs to a job the cancelled
     *          context stopped, and gets the context's error.
     */

    private Workers() {}

    /**
     * Starts {@code n} workers over {@code jobs} and returns their results channel, closed when every
     * worker is done. Go: the {@code worker} goroutines, the {@code WaitGroup} and the closer
     * goroutine of the canonical pool.
     *
     * @param <J> the job type
     * @param <R> the value type
     * @param ctx stops the workers when done, not null
     * @param n the number of workers, at least 1
     * @param jobs the jobs; the caller closes it when there are no more
     * @param fn the work on one job, called on a worker's virtual thread
     * @return the results, one per processed job in completion order; closed after the last worker returns
     * @throws IllegalArgumentException if {@code n < 1}
     * @throws NullPointerException if an argument is null
     */
    public static <J, R> ReceiveChannel<Result<J, R>> workers(
            Context ctx, int n, ReceiveChannel<J> jobs, JobFunction<? super J, ? extends R> fn) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(fn, "fn");
        if (n < 1) {
            throw new IllegalArgumentException("n: the number of workers must be at least 1, got " + n);
        }
        Channel<Result<J, R>> results = Channel.make(n);
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                try {
                    worker(ctx, jobs, results, fn);
                } finally {
                    wg.done();
                }
            });
        }
        Go.go(() -> {
            awaitUninterruptibly(wg);
            results.close();
        });
        return results;
    }

    /**
     * Processes every job of a list on {@code n} workers and returns one result per job, in list order:
     * the whole canonical program (producer, workers, closer, collector).
     *
     * <p>If {@code ctx} is done first, the jobs that did not finish get a failed result whose error is
     * the context's {@link Context#err() err()}: the list is never silently short. If the calling
     * thread is interrupted, every goroutine this call started is stopped before it throws.
     *
     * @param <J> the job type
     * @param <R> the value type
     * @param ctx bounds the whole run, not null
     * @param n the number of workers, at least 1
     * @param jobs the jobs, not null (an element may be null)
     * @param fn the work on one job
     * @return one result per job, {@code results.get(i)} for {@code jobs.get(i)}
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws IllegalArgumentException if {@code n < 1}
     * @throws NullPointerException if an argument is null
     */
    public static <J, R> List<Result<J, R>> run(
            Context ctx, int n, List<? extends J> jobs, JobFunction<? super J, ? extends R> fn)
            throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(fn, "fn");
        List<J> list = new ArrayList<>(jobs); // a snapshot: the caller may change its list afterwards
        @SuppressWarnings("unchecked")
        Result<J, R>[] out = new Result[list.size()];
        try (CancelableContext run = Context.withCancel(ctx)) { // defer cancel(): no goroutine outlives the call
            Channel<Integer> indices = Channel.make(n);
            Go.go(() -> {
                try {
                    for (int i = 0; i < list.size(); i++) {
                        indices.send(run, i);
                    }
                } catch (ContextException | InterruptedException stopped) {
                    // Go: case <-ctx.Done(): return
                } finally {
                    indices.close(); // the producer is the only sender: it closes
                }
            });
            ReceiveChannel<Result<Integer, R>> results = workers(run, n, indices, i -> fn.apply(list.get(i)));
            for (Result<Integer, R> r; (r = results.receiveOrNull()) != null; ) {
                int i = r.job();
                out[i] = new Result<>(list.get(i), r.value(), r.error());
            }
            Throwable stopped = ctx.err() != null ? ctx.err() : new CancellationException("workers stopped");
            for (int i = 0; i < out.length; i++) {
                if (out[i] == null) {
                    out[i] = Result.failed(list.get(i), stopped);
                }
            }
        }
        return Arrays.asList(out);
    }

    private static <J, R> void worker(Context ctx, ReceiveChannel<J> jobs, Channel<Result<J, R>> results,
            JobFunction<? super J, ? extends R> fn) {
        try {
            for (J j; (j = jobs.receiveOrNull(ctx)) != null; ) {
                Result<J, R> r;
                try {
                    r = Result.ok(j, fn.apply(j));
                } catch (Exception e) {
                    r = Result.failed(j, e);
                }
                results.send(ctx, r);
            }
        } catch (ContextException | InterruptedException stopped) {
            // Go: case <-ctx.Done(): return. An interrupt ends the worker the same way.
        }
    }

    private static void awaitUninterruptibly(WaitGroup wg) {
        boolean interrupted = false;
        while (true) {
            try {
                wg.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the closer must close: keep waiting
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
