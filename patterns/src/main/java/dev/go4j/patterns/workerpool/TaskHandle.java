package dev.go4j.patterns.workerpool;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.chan.Select;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.context.DeadlineExceededException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The handle of one task submitted to a {@link WorkerPool}: a {@link Future} whose completion is also a
 * channel, so that it can be a {@link Select} case. Go has no futures; its idiom is a result channel
 * per task ({@code done := make(chan result, 1)}), which {@link #done()} mirrors.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>A task is <em>queued</em>, then <em>running</em>, then exactly one of succeeded, failed or
 *       cancelled ({@link #state()}); the first outcome wins and never changes.</li>
 *   <li>{@link #cancel(boolean)} on a queued task makes sure it never runs; on a running task it
 *       cancels the task's context and, with {@code mayInterruptIfRunning}, interrupts its thread. The
 *       handle is done (cancelled) at once, as {@link Future} requires; the worker is busy until the
 *       task actually returns, and its result is then discarded.</li>
 *   <li>A task that runs past the pool's per-task deadline fails with the context's
 *       {@link DeadlineExceededException} as the cause of {@link #get()}'s {@link ExecutionException}.
 *       A task that ends because its context was cancelled is cancelled, not failed.</li>
 *   <li>{@link #done()} is a channel that is closed once the handle is done, like
 *       {@link Context#done()}: {@code new Select<>().onReceive(h.done(), x -> h.resultNow())}.</li>
 * </ul>
 *
 * <p>Thread safety: every method may be called from any thread. Memory consistency effects: the
 * actions of the task happen-before a {@code get} that returns its result, and before the receipt of
 * the closed {@link #done()} channel; actions before {@code submit} happen-before the task runs.
 *
 * @implNote One object per task plus the task's context; the done channel is made only if someone
 * waits ({@code get}, {@code done}). Completion is one CAS; a waiter parks on the done channel.
 *
 * @param <T> the result type
 * @since 0.1.0
 */
public final class TaskHandle<T> implements Future<T> {
    /* Implementation overview
     *
     * state: QUEUED -> RUNNING -> SUCCEEDED | FAILED | INTERRUPTED (cancelled while running), or
     * QUEUED -> CANCELLED (never started). Every move is
     * a CAS; the one that reaches a final state counts it in the pool and signals completion (closes
     * the done channel). Only the worker writes value/failure, before its CAS, so a reader that sees
     * the final state (volatile read) sees them.
     *
     * done channel: made lazily. The completer writes state then reads `done`; done() writes `done`
     * then reads state (both volatile): at least one of them sees both, and a CAS on `closed` lets
     * exactly one of them close it.
     *
     * interrupts: cancel(true) and the deadline interrupt the runner only while `interrupt` is OPEN
     * (CAS OPEN -> BUSY -> OPEN around Thread.interrupt). When the task returns the worker moves it to
     * SHUT, waiting out a BUSY interrupter, and then clears its own interrupt status: no interrupt
     * aimed at this task can hit the next one.
     *
     * finished(): called once when the task will never run again (cancelled while queued, or returned);
     * a group waits for that, not for the handle's completion, so a group never outlives its tasks.
     */

    static final int QUEUED = 0, RUNNING = 1, SUCCEEDED = 2, FAILED = 3, CANCELLED = 4, INTERRUPTED = 5;
    private static final int OPEN = 0, BUSY = 1, SHUT = 2;
    private static final VarHandle STATE, DONE, CLOSED, INTERRUPT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(TaskHandle.class, "state", int.class);
            DONE = l.findVarHandle(TaskHandle.class, "done", Channel.class);
            CLOSED = l.findVarHandle(TaskHandle.class, "closed", int.class);
            INTERRUPT = l.findVarHandle(TaskHandle.class, "interrupt", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WorkerPool pool;
    private final Context parent;
    private final Object task; // a ContextTask, or a Callable when `plain`
    private final boolean plain;
    private final TaskGroup<T> group;

    private volatile int state;
    private T value;
    private Throwable failure;
    private volatile CancelableContext ctx;
    private volatile Thread runner;
    private volatile int interrupt;
    private volatile Channel<Void> done;
    private volatile int closed;

    TaskHandle(WorkerPool pool, Context parent, ContextTask<? extends T> task, TaskGroup<T> group) {
        this.pool = pool;
        this.parent = parent;
        this.task = task;
        this.plain = false;
        this.group = group;
    }

    /** A handle for a task that takes no context (one object less per task than a wrapping lambda). */
    TaskHandle(WorkerPool pool, Callable<? extends T> task) {
        this.pool = pool;
        this.parent = Context.background();
        this.task = task;
        this.plain = true;
        this.group = null;
    }

    // ------------------------------------------------------------------ Future

    /**
     * Cancels the task: a queued task never runs; a running one has its context cancelled and, if
     * {@code mayInterruptIfRunning}, its thread interrupted.
     *
     * @param mayInterruptIfRunning whether to interrupt the thread running the task
     * @return true if this call cancelled the task; false if it was already done
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel(mayInterruptIfRunning, true);
    }

    @Override
    public boolean isCancelled() {
        return state >= CANCELLED;
    }

    @Override
    public boolean isDone() {
        return state >= SUCCEEDED;
    }

    /**
     * Waits for the task and returns its result.
     *
     * @return the task's result
     * @throws CancellationException if the task was cancelled
     * @throws ExecutionException if the task failed; its cause is the failure (a
     *         {@link DeadlineExceededException} for a task that ran past its deadline)
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        if (!isDone()) {
            done().receiveOrNull(); // returns null once closed
        }
        return report();
    }

    /**
     * Waits at most the given time for the task and returns its result.
     *
     * @throws TimeoutException if the task is not done in time
     */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        return get(Duration.ofNanos(unit.toNanos(timeout)));
    }

    /**
     * Waits at most {@code timeout} for the task and returns its result.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @return the task's result
     * @throws TimeoutException if the task is not done in time
     * @throws CancellationException if the task was cancelled
     * @throws ExecutionException if the task failed
     * @throws InterruptedException if interrupted while waiting
     */
    public T get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(timeout, "timeout");
        if (!isDone() && timeout.isPositive()) {
            new Select<Void>().onReceive(done(), x -> null).onTimeout(timeout, () -> null).run();
        }
        if (!isDone()) {
            throw new TimeoutException("task not done within " + timeout);
        }
        return report();
    }

    /**
     * Waits for the task, or gives up when {@code ctx} is done. Go:
     * {@code select { case r := <-done: ...; case <-ctx.Done(): return ctx.Err() }}.
     *
     * @param ctx bounds the wait, not null
     * @return the task's result
     * @throws ContextException the context's error if it is done first
     * @throws CancellationException if the task was cancelled
     * @throws ExecutionException if the task failed
     * @throws InterruptedException if interrupted while waiting
     */
    public T get(Context ctx) throws InterruptedException, ExecutionException {
        Objects.requireNonNull(ctx, "ctx");
        if (!isDone()) {
            done().receiveOrNull(ctx);
        }
        return report();
    }

    /**
     * A channel that is closed when the task is done (succeeded, failed or cancelled); it carries no
     * value. Use it as a {@link Select} case. The same channel on every call.
     *
     * @return the done channel
     */
    public ReceiveChannel<Void> done() {
        Channel<Void> ch = done;
        if (ch == null) {
            Channel<Void> made = Channel.make();
            ch = (Channel<Void>) DONE.compareAndExchange(this, (Channel<Void>) null, made);
            if (ch == null) {
                ch = made;
            }
            if (isDone()) {
                closeDone(ch); // lost race with completion: it may not have seen the channel
            }
        }
        return ch;
    }

    /**
     * The state of the task, and of the handle: {@code RUNNING} while queued or running.
     *
     * @return the future's state
     */
    @Override
    public State state() {
        return switch (state) {
            case SUCCEEDED -> State.SUCCESS;
            case FAILED -> State.FAILED;
            case CANCELLED, INTERRUPTED -> State.CANCELLED;
            default -> State.RUNNING;
        };
    }

    /**
     * Whether a worker has started the task (it may since have finished).
     *
     * @return false while the task is queued, or if it was cancelled before it started
     */
    public boolean isStarted() {
        int s = state;
        return s != QUEUED && s != CANCELLED;
    }

    /**
     * Describes the handle, such as {@code TaskHandle[RUNNING]}.
     *
     * @return the state and, for a failed task, the failure
     */
    @Override
    public String toString() {
        int s = state;
        String name = switch (s) {
            case QUEUED -> "QUEUED";
            case RUNNING -> "RUNNING";
            case SUCCEEDED -> "SUCCEEDED";
            case FAILED -> "FAILED: " + failure;
            case CANCELLED -> "CANCELLED";
            default -> "CANCELLED while running";
        };
        return "TaskHandle[" + name + "]";
    }

    // ------------------------------------------------------------------ the pool's side

    /**
     * Runs the task on the calling worker thread, unless it was cancelled while queued; counts it in
     * the worker's {@code tally}.
     */
    void run(Thread me, Duration timeout, WorkerPool.Tally tally) {
        if (state != QUEUED) {
            return; // cancelled while queued: finished() was called by the canceller
        }
        // A plain Callable never sees a context, and its parent (background) is never done: without a
        // deadline it runs with none, and a cancel reaches it by the interrupt alone.
        CancelableContext c = timeout != null ? Context.withTimeout(parent, timeout)
                : plain ? null : Context.withCancel(parent);
        runner = me;
        ctx = c;
        if (!STATE.compareAndSet(this, QUEUED, RUNNING)) {
            if (c != null) {
                c.cancel(); // lost race with cancel(): the task never starts
            }
            return;
        }
        tally.started();
        Context.StopFunc deadline = timeout == null ? null : Context.afterFunc(c, this::interruptRunner);
        T v = null;
        Throwable f = null;
        try {
            ContextException early = c == null ? null : c.err(); // a group cancelled or a parent done
            if (early != null) {
                throw early;
            }
            v = plain ? ((Callable<? extends T>) task).call() : ((ContextTask<? extends T>) task).call(c);
        } catch (Throwable t) {
            f = t;
        }
        if (deadline != null) {
            deadline.stop();
        }
        shutInterrupts();
        ContextException err = null;
        if (c != null) {
            err = c.err();
            c.cancel(); // releases the deadline's timer and the parent's reference
        }
        if (f == null) {
            value = v;
            finish(SUCCEEDED, tally);
        } else if (err instanceof DeadlineExceededException) {
            failure = err;
            finish(FAILED, tally);
        } else if (err != null && (f == err || f instanceof ContextException || f instanceof InterruptedException)) {
            finish(INTERRUPTED, tally);
        } else {
            failure = f;
            finish(FAILED, tally);
        }
        tally.stopped();
        finished();
    }

    /**
     * Cancels; {@code count} is false for a task that was never accepted by the pool (a group's
     * submit that was refused), which the pool's counters must not see.
     */
    boolean cancel(boolean mayInterrupt, boolean count) {
        for (;;) {
            int s = state;
            if (s == QUEUED) {
                if (STATE.compareAndSet(this, QUEUED, CANCELLED)) {
                    if (count) {
                        pool.onCancel();
                    }
                    completed();
                    finished();
                    return true;
                }
            } else if (s == RUNNING) {
                if (STATE.compareAndSet(this, RUNNING, INTERRUPTED)) {
                    pool.onCancel();
                    completed();
                    CancelableContext c = ctx; // RUNNING is published after ctx and runner are set
                    if (c != null) {
                        c.cancel();
                    }
                    if (mayInterrupt) {
                        interruptRunner();
                    }
                    return true;
                }
            } else {
                return false;
            }
        }
    }

    TaskGroup<T> group() {
        return group;
    }

    // ------------------------------------------------------------------ internals

    private void finish(int outcome, WorkerPool.Tally tally) {
        if (STATE.compareAndSet(this, RUNNING, outcome)) {
            if (outcome == SUCCEEDED) {
                tally.succeeded();
            } else if (outcome == INTERRUPTED) {
                pool.onCancel();
            } else {
                pool.onFailure(this, failure);
            }
            completed();
            if (outcome == FAILED && group != null) {
                group.failed(this, failure);
            }
        }
        // else: cancel() won while the task ran; it counted and signalled, the outcome is discarded
    }

    /** Called once the handle reached its final state: signals every waiter. */
    private void completed() {
        Channel<Void> ch = done;
        if (ch != null) {
            closeDone(ch);
        }
    }

    /** Called once the task will never run again. */
    private void finished() {
        if (group != null) {
            group.finished();
        }
    }

    private void closeDone(Channel<Void> ch) {
        if (CLOSED.compareAndSet(this, 0, 1)) {
            ch.close();
        }
    }

    private void interruptRunner() {
        if (INTERRUPT.compareAndSet(this, OPEN, BUSY)) {
            try {
                runner.interrupt();
            } finally {
                interrupt = OPEN;
            }
        }
    }

    private void shutInterrupts() {
        while (!INTERRUPT.compareAndSet(this, OPEN, SHUT)) {
            Thread.yield(); // an interrupter is inside Thread.interrupt(): a few instructions
        }
        Thread.interrupted(); // an interrupt aimed at this task must not reach the next one
    }

    private T report() throws ExecutionException {
        int s = state;
        if (s == SUCCEEDED) {
            return value;
        }
        if (s == FAILED) {
            throw new ExecutionException(failure);
        }
        if (s >= CANCELLED) {
            throw new CancellationException(s == CANCELLED ? "task was cancelled before it started"
                    : "task was cancelled while running");
        }
        throw new IllegalStateException("task not done"); // unreachable: callers wait first
    }
}
