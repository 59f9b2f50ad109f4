package dev.go4j.patterns.workerpool;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.sync.WaitGroup;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Related tasks run on a {@link WorkerPool}, whose results come back in submit order and whose first
 * failure cancels the rest: Go's {@code errgroup.WithContext} over a pool (pond's task group).
 *
 * <h2>Semantics (errgroup's)</h2>
 * <ul>
 *   <li>{@link #submit} queues a task on the pool (blocking while the queue is full). Each task gets a
 *       context derived from the group's {@link #context()}.</li>
 *   <li>The first task that fails cancels the group's context with its failure as the
 *       {@linkplain Context#cause(Context) cause}, and cancels every other task of the group: queued
 *       ones never run, running ones have their context cancelled and their thread interrupted.</li>
 *   <li>{@link #await} waits until every task has finished (a cancelled task still running is waited
 *       for, as errgroup waits for every goroutine), then returns the results in submit order, or
 *       throws an {@link ExecutionException} whose cause is the first failure, or a
 *       {@link CancellationException} if the group's parent context was cancelled. The group's
 *       context is cancelled when {@code await} returns.</li>
 *   <li>A task submitted after the group's context is done is not queued: its handle is cancelled at
 *       once (a producer loop need not check), and {@code await} reports the reason.</li>
 * </ul>
 *
 * <p>Thread safety: every method may be called from any thread. Memory consistency effects: the
 * actions of every task happen-before {@code await} returns or throws.
 *
 * <p>Misuse: a null task throws {@link NullPointerException}; a submit after the pool is closed
 * throws {@link RejectedExecutionException}.
 *
 * @implNote Per task: one handle and its context (registered with the group's context); a
 * {@link WaitGroup} counts the tasks; the first failure is one CAS.
 *
 * @param <T> the result type of the group's tasks
 * @since 0.1.0
 */
public final class TaskGroup<T> {
    private static final VarHandle FIRST;

    static {
        try {
            FIRST = MethodHandles.lookup().findVarHandle(TaskGroup.class, "first", Throwable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WorkerPool pool;
    private final Context parent;
    private final CancelableContext ctx;
    private final WaitGroup wg = new WaitGroup();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<TaskHandle<T>> handles = new ArrayList<>();
    private volatile Throwable first;

    TaskGroup(WorkerPool pool, Context parent) {
        this.pool = pool;
        this.parent = parent;
        this.ctx = Context.withCancel(parent);
    }

    /**
     * The group's context: cancelled by the first failure, and when {@link #await} returns.
     *
     * @return the context every task of the group derives from
     */
    public Context context() {
        return ctx;
    }

    /**
     * Queues a task of the group, blocking while the pool's queue is full. Go: {@code g.Go(f)}.
     *
     * @param task the task, not null
     * @return the task's handle (already cancelled if the group's context is done)
     * @throws InterruptedException if interrupted while waiting for room; the task is not queued
     * @throws RejectedExecutionException if the pool no longer accepts tasks
     * @throws NullPointerException if {@code task} is null
     */
    public TaskHandle<T> submit(ContextTask<? extends T> task) throws InterruptedException {
        Objects.requireNonNull(task, "task");
        TaskHandle<T> h = new TaskHandle<>(pool, ctx, task, this);
        wg.add(1);
        lock.lock();
        try {
            handles.add(h);
        } finally {
            lock.unlock();
        }
        boolean queued = false;
        try {
            if (ctx.err() == null) {
                pool.enqueue(ctx, h);
                queued = true;
            }
        } catch (ContextException groupDone) {
            // the group is cancelled: the task is not needed any more
        } finally {
            if (!queued) {
                h.cancel(false, false); // never reached the pool: uncounted; finished() balances wg
            }
        }
        if (first != null) {
            h.cancel(true); // a sibling failed while this one was being queued
        }
        return h;
    }

    /**
     * Waits for every task of the group and returns their results in submit order. Go:
     * {@code g.Wait()}.
     *
     * @return one result per submitted task, in submit order
     * @throws ExecutionException if a task failed: its cause is the first failure
     * @throws CancellationException if a task was cancelled without a failure in the group (its
     *         parent context was cancelled, or a handle was cancelled by the caller); the cause is
     *         the context's error, if any
     * @throws InterruptedException if interrupted while waiting; the tasks go on
     */
    public List<T> await() throws ExecutionException, InterruptedException {
        wg.await();
        ContextException stopped = parent.err();
        Throwable err = first;
        if (err != null) {
            ctx.cancel(err);
        } else {
            ctx.cancel();
        }
        if (err != null) {
            throw new ExecutionException(err);
        }
        List<TaskHandle<T>> all = snapshot();
        List<T> results = new ArrayList<>(all.size());
        for (TaskHandle<T> h : all) {
            if (h.isCancelled()) {
                CancellationException c = new CancellationException("a task of the group was cancelled");
                c.initCause(stopped);
                throw c;
            }
            results.add(h.resultNow());
        }
        return results;
    }

    /**
     * Describes the group, such as {@code TaskGroup[tasks=3, failed=false]}.
     *
     * @return the number of submitted tasks and whether one failed
     */
    @Override
    public String toString() {
        return "TaskGroup[tasks=" + snapshot().size() + ", failed=" + (first != null) + "]";
    }

    // ------------------------------------------------------------------ the handles' side

    void failed(TaskHandle<T> h, Throwable failure) {
        if (FIRST.compareAndSet(this, null, failure)) {
            ctx.cancel(failure); // Go: g.cancel(g.err), once
            for (TaskHandle<T> other : snapshot()) {
                if (other != h) {
                    other.cancel(true);
                }
            }
        }
    }

    void finished() {
        wg.done();
    }

    private List<TaskHandle<T>> snapshot() {
        lock.lock();
        try {
            return new ArrayList<>(handles);
        } finally {
            lock.unlock();
        }
    }
}
