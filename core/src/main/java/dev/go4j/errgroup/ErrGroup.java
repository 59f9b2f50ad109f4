package dev.go4j.errgroup;

import dev.go4j.Go;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.sync.Semaphore;
import dev.go4j.sync.WaitGroup;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A group of tasks working on subtasks of one common job, whose wait reports the first failure: Go's
 * {@code golang.org/x/sync/errgroup.Group}.
 *
 * <p>Semantics (Go's): {@link #go(Go.Task) go(task)} runs {@code task} in a new virtual thread (a
 * goroutine); {@link #await()} blocks until every task started so far has finished and then reports the
 * first failure (Go's {@code Wait}; Java reserves the name {@code wait}). A group made by
 * {@link #withContext(Context)} also owns a derived {@link #context()} that is cancelled, with the first
 * failure as its {@linkplain Context#cause(Context) cause}, as soon as a task fails — so its siblings can
 * stop early — and in any case when {@code await} returns. {@link #setLimit(int) setLimit(n)} caps the
 * number of tasks running at once: {@code go} then blocks until a task finishes and
 * {@link #tryGo(Go.Task) tryGo} returns false instead.
 *
 * <p>Failures: every {@link Throwable} a task throws counts as an error, checked or not. Go's
 * {@code Wait} only sees returned errors (a panic crashes the process; newer x/sync versions re-panic it
 * in {@code Wait}); Java code signals most failures with unchecked exceptions, so here a
 * {@code RuntimeException} or an {@code Error} is reported like a returned error — never lost and never
 * sent to the uncaught-exception handler. {@code await} throws an {@link ExecutionException} whose
 * {@linkplain ExecutionException#getCause() cause} is the first failure, itself, unwrapped; the failures
 * of later tasks are attached to it as {@linkplain Throwable#getSuppressed() suppressed} exceptions
 * (often the {@link dev.go4j.context.ContextCanceledException}s of siblings stopped by the
 * cancellation). The Go idiom maps like this:
 * <pre>{@code
 * if err := g.Wait(); err != nil { return err }    // Go
 * g.await();                                       // Java: the ExecutionException propagates
 * }</pre>
 *
 * <p>Zero state and reuse: {@code new ErrGroup()} is Go's zero {@code errgroup.Group{}}: no limit, no
 * context. A group may be reused after {@code await} returns, as in Go, but the first failure stays
 * recorded: every later {@code await} reports it (Go's {@code errOnce}).
 *
 * <p>Thread safety: every method may be called from any thread; tasks may start further tasks. Memory
 * consistency effects: actions before {@code go(task)} happen-before the task runs; the actions of every
 * task happen-before {@code await} returns or throws.
 *
 * <p>Misuse: a null task or parent throws {@link NullPointerException}; changing the limit while tasks
 * are active throws {@link IllegalStateException} with Go's panic message {@code "errgroup: modify limit
 * while N goroutines in the group are still active"}; {@link #context()} on a plain group throws
 * {@link IllegalStateException}.
 *
 * <p>Example — fetch every page, stop at the first failure:
 * {@snippet class=dev.go4j.errgroup.ErrGroupSnippets region=withContext}
 * and with at most two fetches at a time:
 * {@snippet class=dev.go4j.errgroup.ErrGroupSnippets region=limit}
 *
 * @implNote Go's {@code errgroup.go}: a {@link WaitGroup} counts the tasks; the first failure is kept by
 * one CAS; the limit is a {@link Semaphore} of {@code n} units (Go uses a buffered channel of tokens), so
 * blocked {@code go} calls are served in FIFO order and park. Per task: one virtual thread, one lambda,
 * two atomic updates and, with a limit, one semaphore acquire and release; nothing else is allocated
 * unless the task fails.
 * @since 0.1.0
 */
public final class ErrGroup {
    /* Implementation overview
     *
     * go(task):  [sem.acquire()]  active++  wg.add(1)  Go.go(wrapper)
     * wrapper:   task.run(); on failure: CAS first (null -> e; the winner cancels ctx with e), else
     *            queue e as a later failure; finally: active--, [sem.release()], wg.done().
     * await():   wg.await(); cancel ctx; throw ExecutionException(first) + suppressed later failures.
     *
     * The failure is recorded before wg.done(), and wg.done() happens-before wg.await() returns, so
     * await always sees the failure of every task it waited for. A task remembers the semaphore it
     * acquired from, so a limit changed while no task is active never receives a foreign release.
     * If wg.add(1) refuses (a misuse it reports by throwing), active and the permit are given back
     * before the exception propagates: a refused start leaves the group as it was.
     */

    private static final VarHandle FIRST;

    static {
        try {
            FIRST = MethodHandles.lookup().findVarHandle(ErrGroup.class, "first", Throwable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CancelableContext ctx;
    private final WaitGroup wg = new WaitGroup();
    private final AtomicInteger active = new AtomicInteger();
    private final ConcurrentLinkedQueue<Throwable> later = new ConcurrentLinkedQueue<>();
    private volatile Semaphore limit;
    private volatile int limitValue = -1;
    private volatile Throwable first;

    /** Creates a group with no limit and no context: Go's zero {@code errgroup.Group{}}. */
    public ErrGroup() {
        this.ctx = null;
    }

    private ErrGroup(CancelableContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Creates a group with a context derived from {@code parent}, cancelled by the first failure (with
     * the failure as cause) or when {@link #await()} returns, whichever comes first. Go:
     * {@code g, ctx := errgroup.WithContext(parent)}; the context is {@link #context()}.
     *
     * @param parent the parent context, not null
     * @return the new group
     * @throws NullPointerException if {@code parent} is null
     */
    public static ErrGroup withContext(Context parent) {
        Objects.requireNonNull(parent, "parent");
        return new ErrGroup(Context.withCancel(parent));
    }

    /**
     * The group's context: the {@code ctx} of Go's {@code g, ctx := errgroup.WithContext(parent)}. Pass
     * it to the tasks so that they stop once a sibling has failed.
     *
     * @return the context derived at {@link #withContext(Context)}
     * @throws IllegalStateException if the group was made by {@code new ErrGroup()}, which has none
     */
    public Context context() {
        if (ctx == null) {
            throw new IllegalStateException("errgroup: a plain group has no context; make it with ErrGroup.withContext(parent)");
        }
        return ctx;
    }

    /**
     * Runs {@code task} in a new virtual thread, blocking first while the group is at its limit. Go:
     * {@code g.Go(f)}. A failure of the task is recorded for {@link #await()} (the first one also
     * cancels the group's context).
     *
     * @param task the work, not null; it may throw anything
     * @throws InterruptedException if interrupted while blocked at the limit; the task is not started
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalStateException with {@code "sync: WaitGroup misuse: Add called concurrently with
     *         Wait"} if the task would start while an {@link #await()} is being released (Go panics
     *         the same way); the task is not started and the group is left as it was
     */
    public void go(Go.Task task) throws InterruptedException {
        Objects.requireNonNull(task, "task");
        Semaphore sem = limit;
        if (sem != null) {
            sem.acquire();
        }
        start(task, sem);
    }

    /**
     * Runs {@code task} in a new virtual thread only if the group is below its limit, without blocking.
     * Go: {@code g.TryGo(f)}.
     *
     * @param task the work, not null
     * @return true if the task was started, false if the group is at its limit
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalStateException as {@link #go(Go.Task)}; the group is left as it was
     */
    public boolean tryGo(Go.Task task) {
        Objects.requireNonNull(task, "task");
        Semaphore sem = limit;
        if (sem != null && !sem.tryAcquire()) {
            return false;
        }
        start(task, sem);
        return true;
    }

    /**
     * Limits the number of tasks running at once to {@code n}; a negative {@code n} removes the limit.
     * Go: {@code g.SetLimit(n)}. A limit of zero blocks every {@code go} (and fails every
     * {@code tryGo}) until the limit is changed. Call it before starting tasks.
     *
     * <p>Go allows changing the limit while tasks run if the group had no limit; here any active task
     * forbids a change, so that the limit always describes every running task.
     *
     * @param n the maximum number of running tasks, or negative for no limit
     * @throws IllegalStateException with {@code "errgroup: modify limit while N goroutines in the group
     *         are still active"} if tasks are running
     */
    public void setLimit(int n) {
        int running = active.get();
        if (running != 0) {
            throw new IllegalStateException("errgroup: modify limit while " + running + " goroutines in the group are still active");
        }
        limit = n < 0 ? null : new Semaphore(n);
        limitValue = Math.max(n, -1);
    }

    /**
     * Blocks until every started task has finished, cancels the group's context, and reports the first
     * failure. Go: {@code g.Wait()}; a normal return is Go's nil error.
     *
     * <p>If interrupted, the tasks go on and the context is not cancelled; call {@code await} again to
     * wait for them.
     *
     * @throws ExecutionException if a task failed: its cause is the first failure, unwrapped, and the
     *         later failures are suppressed exceptions of it
     * @throws InterruptedException if the thread is interrupted before or while waiting
     */
    public void await() throws ExecutionException, InterruptedException {
        wg.await();
        Throwable err = first;
        if (ctx != null) {
            if (err != null) {
                ctx.cancel(err);
            } else {
                ctx.cancel();
            }
        }
        if (err != null) {
            ExecutionException reported = new ExecutionException(err);
            for (Throwable t : later) {
                reported.addSuppressed(t);
            }
            throw reported;
        }
    }

    /**
     * Returns a description of the group's state, such as {@code "ErrGroup[active=2, limit=4,
     * failed=true]"}; for diagnostics, not for synchronization.
     *
     * @return the number of running tasks, the limit ({@code -1} for none) and whether a task failed
     */
    @Override
    public String toString() {
        return "ErrGroup[active=" + active.get() + ", limit=" + limitValue + ", failed=" + (first != null) + "]";
    }

    // ---------------------------------------------------------------- internals

    private void start(Go.Task task, Semaphore sem) {
        active.incrementAndGet();
        try {
            wg.add(1);
        } catch (Throwable refused) { // misuse (e.g. "Add called concurrently with Wait"): nothing started
            active.decrementAndGet();
            if (sem != null) {
                sem.release();
            }
            throw refused;
        }
        try {
            Go.go(() -> run(task, sem));
        } catch (Throwable notStarted) { // e.g. OutOfMemoryError: no thread will finish the task
            finish(sem);
            throw notStarted;
        }
    }

    private void run(Go.Task task, Semaphore sem) {
        try {
            task.run();
        } catch (Throwable failure) {
            fail(failure);
        } finally {
            finish(sem);
        }
    }

    /** Records a failure: the first wins the CAS and cancels the context. Package-private for stress tests. */
    void fail(Throwable failure) {
        if (FIRST.compareAndSet(this, null, failure)) {
            if (ctx != null) {
                ctx.cancel(failure); // Go: g.cancel(g.err), once
            }
        } else {
            later.add(failure);
        }
    }

    private void finish(Semaphore sem) {
        active.decrementAndGet();
        if (sem != null) {
            sem.release();
        }
        wg.done();
    }
}
