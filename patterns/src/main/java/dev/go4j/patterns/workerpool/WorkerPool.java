package dev.go4j.patterns.workerpool;

import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.sync.WaitGroup;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * A fixed number of workers on virtual threads over a bounded queue, with back-pressure, per-task
 * handles, failure isolation and a graceful stop: the pool a Go service ships (pond, ants), in the
 * shape {@link java.util.concurrent.ThreadPoolExecutor} users expect. {@link Workers} is the literal
 * channel port it grows from.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li><b>Submit.</b> {@link #submit(Callable) submit} queues a task and returns its
 *       {@link TaskHandle}; it blocks while the queue is full (back-pressure, as a send on a full
 *       buffered channel). {@link #submit(Context, ContextTask) submit(ctx, task)} gives up with the
 *       context's error when {@code ctx} is done first, and the task's own context derives from
 *       {@code ctx}. {@link #trySubmit(Callable) trySubmit} never blocks: it returns null when the queue
 *       is full and counts a drop.</li>
 *   <li><b>Failure isolation.</b> A task that throws, or runs past the per-task deadline
 *       ({@link Builder#taskTimeout}: its context is cancelled with a deadline error and its thread
 *       interrupted), fails alone: the worker goes on with the next task, the failure reaches the
 *       task's handle and the {@linkplain Builder#onFailure failure handler}. A task that ends because
 *       its context was cancelled is counted as cancelled and reaches no handler. Nothing is ever
 *       printed.</li>
 *   <li><b>Groups.</b> {@link #group(Context)} makes a {@link TaskGroup}: errgroup semantics, results
 *       in submit order.</li>
 *   <li><b>Stop.</b> {@link #close()} stops taking tasks and waits while the workers drain the queued
 *       and the running ones. {@link #shutdown(Duration)} drains until the deadline, then cancels what is
 *       left and returns it. {@link #shutdownNow()} refuses new tasks, cancels the running ones (context
 *       and interrupt) and returns the queued ones, cancelled, that never started. A submit after any of
 *       them throws {@link RejectedExecutionException}; a submit blocked on a full queue when the pool
 *       stops throws it too, and its task never runs.</li>
 *   <li><b>Resize.</b> {@link #resize(int)} changes the number of workers while the pool runs: new
 *       workers start at once; surplus workers leave after their current task (an idle one at once).</li>
 *   <li><b>Counters</b> (pond's set) are plain getters: submitted, queued, running, succeeded,
 *       failed, cancelled, dropped; {@link #toString()} shows them with the state. Submitted and
 *       queued are read from the queue's own indices; running and succeeded are summed over the
 *       workers, each of which counts only its own tasks, so that counting costs no write another core
 *       also makes. Each is exact when the pool is quiet and off by the operations in flight while it
 *       is busy (a submit blocked on a full queue is not counted until it has queued its task).</li>
 * </ul>
 * Every accepted task ends exactly once, as succeeded, failed or cancelled; none runs twice.
 *
 * <p>Thread safety: every method may be called from any thread. Memory consistency effects: actions
 * before a submit happen-before the task runs; the task's actions happen-before its handle's
 * {@code get} returns and before {@link #close()} returns.
 *
 * <p>Misuse: a worker count below 1 or a queue capacity below 1 throw {@link IllegalArgumentException}
 * naming the argument; a null argument throws {@link NullPointerException}; {@code resize} after a stop
 * throws {@link IllegalStateException}.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.patterns.workerpool.WorkerPoolSnippets region=pool}
 *
 * @implNote The queue is a bounded lock-free ring (one CAS to queue a task, one to take it); each
 * worker is a virtual thread in a take loop, like {@link Workers}' receive loop. A worker parks only when
 * the queue is empty, and a submit wakes an idle worker only when no other woken worker is still
 * looking for a task (Go's scheduler wakes its idle processors the same way): a burst of submits wakes
 * one worker, which wakes the next while tasks remain, instead of one wake-up per task as a hand-off
 * to a channel's waiting receivers would. Per task: one {@link TaskHandle}, one child context (plus a
 * timer with a per-task deadline), and counts the running worker keeps for itself. No thread per
 * task, no polling.
 * @since 0.1.0
 */
public final class WorkerPool implements AutoCloseable {
    /* Implementation overview
     *
     * queue: a TaskQueue (lock-free bounded ring with a closed bit). A failed offer says FULL or
     *        CLOSED; closing is one atomic OR, so a task either entered before the close (and is then
     *        drained or cancelled) or is refused.
     * state: RUNNING -> CLOSED (queue closed; workers drain it and leave) -> STOPPED (shutdownNow:
     *        queued tasks are cancelled, running ones cancelled). Transitions under `lock`.
     * worker: loop { leave if a retirement is owed; o = poll; null -> leave if closed and drained,
     *        else go idle; current = task; if STOPPED cancel it else run it; current = null }.
     *        shutdownNow sets STOPPED then reads every worker's `current`; a worker sets `current`
     *        then reads the state: one of the two cancels the task (Dekker, both volatile).
     * idle workers: a stack under `parking`. Going idle: push, count it in `idle`, stop searching,
     *        then re-check the queue (and closed, retire) and take itself back out if there is work.
     *        A submit: offer, then if `idle != 0 && searching == 0` pop one worker and wake it as a
     *        searcher. The offer and the re-check are volatile writes followed by volatile reads of the
     *        other side's word, so one of the two always sees the other: a queued task never sits
     *        beside only idle workers. A submit that sees a searcher leaves the task to it: that
     *        searcher, counted before the submit's read and uncounted after it, either takes a task
     *        (and polls again after running it, or on retiring wakes a worker if tasks remain) or
     *        goes idle and then sees the task in its re-check. A searcher that takes a task wakes the
     *        next idle worker if more tasks wait: parallelism grows with the backlog, one wake-up at a
     *        time.
     * blocked submitters: a FIFO under `parking`, counted in `blocked`. A full offer registers, re-checks
     *        for room, parks; a worker that took a task reads `blocked` and wakes the first. Same Dekker
     *        pairing (poll then read `blocked`; register then read the room). A woken submitter that
     *        gives up (context, interrupt) passes the wake-up on if there is room.
     * resize down: `retire += k`, then up to k idle workers are woken; busy workers check `retire`
     *        after every task.
     */

    private static final int RUNNING = 0, CLOSED = 1, STOPPED = 2;
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final VarHandle SEARCHING;

    static {
        try {
            SEARCHING = MethodHandles.lookup().findVarHandle(WorkerPool.class, "searching", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final TaskQueue queue;
    private final Duration taskTimeout;
    private final BiConsumer<? super TaskHandle<?>, ? super Throwable> onFailure;
    private final ThreadFactory threads;

    private final ReentrantLock lock = new ReentrantLock();
    private volatile int state = RUNNING;
    private int size; // the target number of workers, guarded by lock
    private final AtomicInteger retire = new AtomicInteger();
    private final WaitGroup live = new WaitGroup();
    private final AtomicInteger liveCount = new AtomicInteger();
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();

    private final ReentrantLock parking = new ReentrantLock();
    private Worker idleTop; // the stack of idle workers, guarded by parking
    private final ArrayDeque<Submitter> submitters = new ArrayDeque<>(); // guarded by parking
    private volatile int idle; // idle workers, written under parking
    private volatile int searching; // woken workers that have not yet taken a task or gone idle again
    private volatile int blocked; // submitters waiting for room, written under parking

    private final Tally departed = new Tally(); // the tallies of workers that left, guarded by lock
    private final LongAdder failed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    private WorkerPool(Builder b) {
        this.name = b.name != null ? b.name : "pool-" + POOLS.incrementAndGet();
        this.queue = new TaskQueue(b.queueCapacity);
        this.taskTimeout = b.taskTimeout;
        this.onFailure = b.onFailure;
        this.threads = b.threads != null ? b.threads : Thread.ofVirtual().name(name + "-worker-", 1).factory();
        lock.lock();
        try {
            grow(b.workers);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a pool of {@code workers} workers over a queue of {@code queueCapacity} tasks, with no
     * per-task deadline and no failure handler. Go: {@code pond.NewPool(workers, pond.WithQueueSize(q))}.
     *
     * @param workers the number of workers, at least 1
     * @param queueCapacity how many tasks may wait, at least 1
     * @return a running pool
     * @throws IllegalArgumentException if an argument is below 1
     */
    public static WorkerPool of(int workers, int queueCapacity) {
        return builder().workers(workers).queueCapacity(queueCapacity).build();
    }

    /**
     * A builder with the defaults: as many workers as processors, a queue of 1024, no per-task
     * deadline, no failure handler, virtual threads named {@code pool-N-worker-M}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ submit

    /**
     * Queues {@code task}, blocking while the queue is full.
     *
     * @param <T> the result type
     * @param task the task, not null
     * @return the task's handle
     * @throws RejectedExecutionException if the pool is stopped, or stops while this call waits
     * @throws InterruptedException if interrupted while waiting for room; the task is not queued
     * @throws NullPointerException if {@code task} is null
     */
    public <T> TaskHandle<T> submit(Callable<? extends T> task) throws InterruptedException {
        Objects.requireNonNull(task, "task");
        TaskHandle<T> h = new TaskHandle<>(this, task);
        enqueue(Context.background(), h);
        return h;
    }

    /**
     * Queues {@code task}, which receives its own context, blocking while the queue is full.
     *
     * @param <T> the result type
     * @param task the task, not null
     * @return the task's handle
     * @throws RejectedExecutionException if the pool is stopped, or stops while this call waits
     * @throws InterruptedException if interrupted while waiting for room; the task is not queued
     * @throws NullPointerException if {@code task} is null
     */
    public <T> TaskHandle<T> submit(ContextTask<? extends T> task) throws InterruptedException {
        return submit(Context.background(), task);
    }

    /**
     * Queues {@code task}, blocking while the queue is full, or gives up when {@code ctx} is done. Go:
     * {@code select { case jobs <- task: case <-ctx.Done(): return ctx.Err() }}. The task's context
     * derives from {@code ctx}.
     *
     * @param <T> the result type
     * @param ctx bounds the wait and is the parent of the task's context, not null
     * @param task the task, not null
     * @return the task's handle
     * @throws ContextException the context's error if it is done before the task is queued
     * @throws RejectedExecutionException if the pool is stopped, or stops while this call waits
     * @throws InterruptedException if interrupted while waiting for room; the task is not queued
     * @throws NullPointerException if an argument is null
     */
    public <T> TaskHandle<T> submit(Context ctx, ContextTask<? extends T> task) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(task, "task");
        TaskHandle<T> h = new TaskHandle<>(this, ctx, task, null);
        enqueue(ctx, h);
        return h;
    }

    /**
     * Queues {@code task} if there is room now; otherwise counts a drop and returns null. Go:
     * {@code select { case jobs <- task: default: dropped++ }} (pond's {@code TrySubmit}).
     *
     * @param <T> the result type
     * @param task the task, not null
     * @return the task's handle, or null if the queue was full
     * @throws RejectedExecutionException if the pool is stopped
     * @throws NullPointerException if {@code task} is null
     */
    public <T> TaskHandle<T> trySubmit(Callable<? extends T> task) {
        Objects.requireNonNull(task, "task");
        return tryEnqueue(new TaskHandle<>(this, task));
    }

    /**
     * Queues {@code task}, which receives its own context, if there is room now; otherwise counts a
     * drop and returns null.
     *
     * @param <T> the result type
     * @param task the task, not null
     * @return the task's handle, or null if the queue was full
     * @throws RejectedExecutionException if the pool is stopped
     * @throws NullPointerException if {@code task} is null
     */
    public <T> TaskHandle<T> trySubmit(ContextTask<? extends T> task) {
        Objects.requireNonNull(task, "task");
        return tryEnqueue(new TaskHandle<>(this, Context.background(), task, null));
    }

    private <T> TaskHandle<T> tryEnqueue(TaskHandle<T> h) {
        int r = queue.offer(h);
        if (r == TaskQueue.CLOSED) {
            throw rejected();
        }
        if (r == TaskQueue.FULL) {
            dropped.increment();
            return null;
        }
        signalWork();
        return h;
    }

    /**
     * Makes a group of related tasks whose context derives from {@code ctx}: errgroup semantics,
     * results in submit order. Go: {@code g, ctx := errgroup.WithContext(ctx)} over this pool.
     *
     * @param <T> the result type of the group's tasks
     * @param ctx the parent of the group's context, not null
     * @return a new group
     * @throws NullPointerException if {@code ctx} is null
     */
    public <T> TaskGroup<T> group(Context ctx) {
        Objects.requireNonNull(ctx, "ctx");
        return new TaskGroup<>(this, ctx);
    }

    // ------------------------------------------------------------------ stop

    /**
     * Stops taking tasks and waits until the queued and running ones are done and every worker has
     * left: a graceful drain, like {@link java.util.concurrent.ExecutorService#close()}. If interrupted
     * while waiting, it calls {@link #shutdownNow()}, keeps waiting, and returns with the interrupt
     * status set. Idempotent. Calling it from a task of this pool waits for that task, that is
     * forever: stop a pool from outside it.
     */
    @Override
    public void close() {
        stopAccepting(CLOSED);
        boolean interrupted = false;
        while (true) {
            try {
                live.await();
                break;
            } catch (InterruptedException e) {
                if (!interrupted) {
                    shutdownNow();
                }
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops taking tasks, drains the queue until {@code timeout} has passed, then cancels whatever is
     * left (queued and running) and returns it. Go: {@code srv.Shutdown(ctx)} with a deadline, then
     * {@code cancel()}. Does not wait for cancelled tasks to return: see {@link #awaitTermination}.
     *
     * @param timeout how long to let the workers drain; zero or negative cancels at once
     * @return the tasks cancelled at the deadline (queued first, then running); empty if the pool drained
     * @throws InterruptedException if interrupted while waiting; the pool is then stopped at once
     * @throws NullPointerException if {@code timeout} is null
     */
    public List<TaskHandle<?>> shutdown(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        stopAccepting(CLOSED);
        try {
            if (live.await(timeout)) {
                return List.of();
            }
        } catch (InterruptedException e) {
            shutdownNow();
            throw e;
        }
        return stop(true);
    }

    /**
     * Stops at once: refuses new tasks, cancels the running ones (their context, and an interrupt) and
     * returns the queued tasks, cancelled, that never started. Like
     * {@link java.util.concurrent.ExecutorService#shutdownNow()}. A task a worker took from the queue at
     * the same instant is cancelled too but is not in the list.
     *
     * @return the cancelled tasks that never started, in queue order
     */
    public List<TaskHandle<?>> shutdownNow() {
        return stop(false);
    }

    /**
     * Waits until every worker has left (after a stop).
     *
     * @param timeout how long to wait at most
     * @return true if terminated, false if the timeout elapsed first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return live.await(timeout);
    }

    /**
     * Whether the pool was stopped and every worker has left.
     *
     * @return true once terminated
     */
    public boolean isTerminated() {
        return state != RUNNING && liveCount.get() == 0;
    }

    /**
     * Whether the pool no longer accepts tasks.
     *
     * @return true after {@code close}, {@code shutdown} or {@code shutdownNow}
     */
    public boolean isShutdown() {
        return state != RUNNING;
    }

    // ------------------------------------------------------------------ resize

    /**
     * Sets the number of workers. New workers start at once; surplus ones leave after their current
     * task, or at once if idle. Go: ants' {@code Tune(size)}.
     *
     * @param workers the new number of workers, at least 1
     * @throws IllegalArgumentException if {@code workers < 1}
     * @throws IllegalStateException if the pool is stopped
     */
    public void resize(int workers) {
        checkWorkers(workers);
        lock.lock();
        try {
            if (state != RUNNING) {
                throw new IllegalStateException("resize of a stopped pool");
            }
            if (workers > size) {
                int more = workers - size;
                for (int owed; more > 0 && (owed = retire.get()) > 0; ) { // cancel pending retirements first
                    int keep = Math.min(owed, more);
                    if (retire.compareAndSet(owed, owed - keep)) {
                        more -= keep;
                    }
                }
                size = workers - more;
                grow(more);
            } else if (workers < size) {
                int fewer = size - workers;
                retire.addAndGet(fewer);
                size = workers;
                wakeIdle(fewer); // busy workers check `retire` after each task

            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The target number of workers (those leaving after a shrink may still be finishing a task).
     *
     * @return the number of workers set at build or by the last {@link #resize}
     */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ counters

    /**
     * Returns the number of tasks accepted (queued) since the pool started.
     *
     * @return the number of tasks accepted (queued) since the pool started
     */
    public long submitted() {
        return queue.offered();
    }

    /**
     * Returns the number of accepted tasks that no worker has taken yet.
     *
     * @return the number of accepted tasks that no worker has taken yet
     */
    public long queued() {
        return queue.size();
    }

    /**
     * Returns the number of tasks running now.
     *
     * @return the number of tasks running now
     */
    public long running() {
        Tally t = tally();
        return t.started - t.stopped;
    }

    /**
     * Returns the number of tasks that returned normally.
     *
     * @return the number of tasks that returned normally
     */
    public long succeeded() {
        return tally().succeeded;
    }

    /**
     * Returns the number of tasks that threw or ran past their deadline.
     *
     * @return the number of tasks that threw or ran past their deadline
     */
    public long failed() {
        return failed.sum();
    }

    /**
     * Returns the number of tasks cancelled, queued or running.
     *
     * @return the number of tasks cancelled, queued or running
     */
    public long cancelled() {
        return cancelled.sum();
    }

    /**
     * Returns the number of tasks {@code trySubmit} refused because the queue was full.
     *
     * @return the number of tasks {@code trySubmit} refused because the queue was full
     */
    public long dropped() {
        return dropped.sum();
    }

    /**
     * Returns the number of workers alive now, including those about to leave after a shrink.
     *
     * @return the number of workers alive now, including those about to leave after a shrink
     */
    public int liveWorkers() {
        return liveCount.get();
    }

    /**
     * Describes the pool, such as {@code WorkerPool[pool-1, RUNNING, workers=4, queued=2/1024,
     * running=4, submitted=10, succeeded=3, failed=1, cancelled=0, dropped=0]}; for diagnostics.
     *
     * @return the name, the state and the counters
     */
    @Override
    public String toString() {
        String s = switch (state) {
            case RUNNING -> "RUNNING";
            case CLOSED -> isTerminated() ? "TERMINATED" : "CLOSING";
            default -> isTerminated() ? "TERMINATED" : "STOPPING";
        };
        return "WorkerPool[" + name + ", " + s + ", workers=" + liveCount.get() + ", queued=" + queued() + "/"
                + queue.capacity() + ", running=" + running() + ", submitted=" + submitted() + ", succeeded="
                + succeeded() + ", failed=" + failed() + ", cancelled=" + cancelled() + ", dropped=" + dropped()
                + "]";
    }

    // ------------------------------------------------------------------ the handles' side

    void enqueue(Context ctx, TaskHandle<?> h) throws InterruptedException {
        for (int r; (r = queue.offer(h)) != TaskQueue.OK; ) {
            if (r == TaskQueue.CLOSED) {
                throw rejected();
            }
            awaitRoom(ctx);
        }
        signalWork();
    }

    void onCancel() {
        cancelled.increment();
    }

    void onFailure(TaskHandle<?> h, Throwable failure) {
        failed.increment();
        if (onFailure != null) {
            try {
                onFailure.accept(h, failure);
            } catch (Throwable handlerFailed) { // the worker must live on; keep the evidence
                if (handlerFailed != failure) {
                    failure.addSuppressed(handlerFailed);
                }
            }
        }
    }

    // ------------------------------------------------------------------ internals

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException("task rejected: " + name + " is shut down");
    }

    /** Moves to {@code target} (or stays later) and closes the queue once. */
    private void stopAccepting(int target) {
        lock.lock();
        try {
            if (state < target) {
                if (state == RUNNING) {
                    queue.close(); // under lock, before the state: a closed queue alone refuses offers
                }
                state = target;
                wakeAll(); // idle workers drain and leave; blocked submitters are refused
            }
        } finally {
            lock.unlock();
        }
    }

    private List<TaskHandle<?>> stop(boolean withRunning) {
        stopAccepting(STOPPED);
        List<TaskHandle<?>> out = new ArrayList<>();
        for (Object o; (o = queue.poll()) != null; ) {
            TaskHandle<?> h = (TaskHandle<?>) o;
            if (h.cancel(false)) {
                out.add(h);
            }
        }
        for (Worker w : workers) {
            TaskHandle<?> h = w.current;
            if (h != null && h.cancel(true) && withRunning) {
                out.add(h);
            }
        }
        return out;
    }

    /** Starts {@code n} workers; called under lock. */
    private void grow(int n) {
        for (int i = 0; i < n; i++) {
            Worker w = new Worker();
            live.add(1);
            liveCount.incrementAndGet();
            workers.add(w);
            Thread t;
            try {
                t = threads.newThread(w);
                t.start();
            } catch (Throwable notStarted) {
                w.leave();
                throw notStarted;
            }
            size++;
        }
    }

    // ------------------------------------------------------------------ parking and waking

    /** After a task was queued: wakes an idle worker unless a woken one is still looking for work. */
    private void signalWork() {
        if (idle != 0 && searching == 0) {
            wakeIdle(true);
        }
    }

    /**
     * Wakes one idle worker, as a searcher; if {@code unlessSearching}, only if no woken worker is
     * still searching.
     */
    private void wakeIdle(boolean unlessSearching) {
        Worker w;
        parking.lock();
        try {
            w = idleTop;
            if (w == null || (unlessSearching && searching != 0)) {
                return;
            }
            popIdle(w);
        } finally {
            parking.unlock();
        }
        LockSupport.unpark(w.thread);
    }

    /** Wakes up to {@code n} idle workers, as searchers. */
    private void wakeIdle(int n) {
        List<Worker> woken = new ArrayList<>();
        parking.lock();
        try {
            for (Worker w; woken.size() < n && (w = idleTop) != null; ) {
                popIdle(w);
                woken.add(w);
            }
        } finally {
            parking.unlock();
        }
        for (Worker w : woken) {
            LockSupport.unpark(w.thread);
        }
    }

    /** Takes the top idle worker {@code w} off the stack as a searcher; called under parking. */
    private void popIdle(Worker w) {
        idleTop = w.next;
        w.next = null;
        w.inIdleStack = false;
        w.woken = true;
        idle--;
        SEARCHING.getAndAdd(this, 1);
    }

    /** Wakes every idle worker and every blocked submitter: the pool stops taking tasks. */
    private void wakeAll() {
        wakeIdle(Integer.MAX_VALUE);
        for (Submitter sub; (sub = nextSubmitter()) != null; ) {
            LockSupport.unpark(sub.thread);
        }
    }

    /** After a task was taken: lets the first blocked submitter try again. */
    private void signalRoom() {
        if (blocked != 0) {
            Submitter sub = nextSubmitter();
            if (sub != null) {
                LockSupport.unpark(sub.thread);
            }
        }
    }

    private Submitter nextSubmitter() {
        parking.lock();
        try {
            Submitter sub = submitters.pollFirst();
            if (sub != null) {
                blocked--;
                sub.signalled = true;
            }
            return sub;
        } finally {
            parking.unlock();
        }
    }

    /**
     * Parks a submitter that found the queue full until a worker takes a task (or the pool stops), its
     * context is done or it is interrupted. Returns to retry the offer.
     */
    private void awaitRoom(Context ctx) throws InterruptedException {
        Thread me = Thread.currentThread();
        Submitter sub = new Submitter(me);
        parking.lock();
        try {
            submitters.addLast(sub);
            blocked++;
        } finally {
            parking.unlock();
        }
        Context.StopFunc onDone = Context.afterFunc(ctx, () -> LockSupport.unpark(me));
        boolean gaveUp = true;
        try {
            // the re-check after registering: a worker that took a task before it saw `blocked == 0`
            while (!sub.signalled && !queue.hasSpace() && !queue.isClosed()) {
                ContextException err = ctx.err();
                if (err != null) {
                    throw err;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                LockSupport.park(this);
            }
            gaveUp = false;
        } finally {
            onDone.stop();
            boolean signalled;
            parking.lock();
            try {
                signalled = sub.signalled;
                if (!signalled) {
                    submitters.remove(sub);
                    blocked--;
                }
            } finally {
                parking.unlock();
            }
            if (gaveUp && signalled && queue.hasSpace()) {
                signalRoom(); // the room this submitter was woken for goes to the next one
            }
        }
    }

    private boolean owesRetirement() {
        for (int owed; (owed = retire.get()) > 0; ) {
            if (retire.compareAndSet(owed, owed - 1)) {
                return true;
            }
        }
        return false;
    }

    /** A submitter waiting for room. */
    private static final class Submitter {
        final Thread thread;
        volatile boolean signalled; // set under parking when taken off the queue of submitters

        Submitter(Thread thread) {
            this.thread = thread;
        }
    }

    private final class Worker implements Runnable {
        final Tally tally = new Tally();
        volatile TaskHandle<?> current;
        Thread thread;
        Worker next; // the idle stack; guarded by parking
        boolean inIdleStack; // guarded by parking
        volatile boolean woken; // taken off the idle stack by a waker
        private boolean searcher; // woken and counted in `searching`; this worker's own

        @Override
        public void run() {
            thread = Thread.currentThread();
            try {
                while (!owesRetirement()) {
                    Object o = queue.poll();
                    if (o == null) {
                        if (queue.isDrained()) {
                            return; // closed and drained: Go's range loop ends
                        }
                        awaitWork();
                        continue;
                    }
                    if (searcher) {
                        searcher = false;
                        if ((int) SEARCHING.getAndAdd(WorkerPool.this, -1) == 1 && idle != 0 && queue.hasValue()) {
                            wakeIdle(true); // more tasks wait: the next idle worker searches
                        }
                    }
                    signalRoom();
                    TaskHandle<?> h = (TaskHandle<?>) o;
                    current = h;
                    if (state == STOPPED) {
                        h.cancel(false); // shutdownNow raced us for this task: it must not start
                    } else {
                        h.run(thread, taskTimeout, tally);
                    }
                    current = null;
                }
            } finally {
                leave();
            }
        }

        /** Goes idle: registers, re-checks for work, parks until a submit, a resize or a stop wakes it. */
        private void awaitWork() {
            parking.lock();
            try {
                next = idleTop;
                idleTop = this;
                inIdleStack = true;
                idle++;
                if (searcher) {
                    searcher = false;
                    SEARCHING.getAndAdd(WorkerPool.this, -1);
                }
            } finally {
                parking.unlock();
            }
            if (queue.hasValue() || queue.isClosed() || retire.get() > 0) {
                parking.lock();
                try {
                    if (inIdleStack) {
                        unlinkIdle(this);
                        return;
                    }
                } finally {
                    parking.unlock();
                }
            }
            while (!woken) {
                LockSupport.park(this);
                Thread.interrupted(); // nobody interrupts an idle worker on purpose: keep serving
            }
            woken = false;
            searcher = true; // the waker counted this worker in `searching`
        }

        void leave() {
            if (searcher) {
                searcher = false;
                SEARCHING.getAndAdd(WorkerPool.this, -1);
            }
            if (idle != 0 && queue.hasValue()) {
                wakeIdle(true); // a submit may have left its task to this worker before it retired
            }
            lock.lock();
            try {
                departed.add(tally);
                workers.remove(this);
            } finally {
                lock.unlock();
            }
            liveCount.decrementAndGet();
            live.done();
        }
    }

    /** Takes {@code w} out of the idle stack; called under parking. */
    private void unlinkIdle(Worker w) {
        if (idleTop == w) {
            idleTop = w.next;
        } else {
            Worker p = idleTop;
            while (p.next != w) {
                p = p.next;
            }
            p.next = w.next;
        }
        w.next = null;
        w.inIdleStack = false;
        idle--;
    }

    /** The sum of the departed workers' tallies and the live ones', read under the lock. */
    private Tally tally() {
        Tally sum = new Tally();
        lock.lock();
        try {
            sum.add(departed);
            for (Worker w : workers) {
                sum.add(w.tally);
            }
        } finally {
            lock.unlock();
        }
        return sum;
    }

    /**
     * One worker's counts of the tasks it ran. Only the worker writes them (no read-modify-write on a
     * line another core writes, which on two cores costs more than the task); readers sum them.
     */
    static final class Tally {
        private static final VarHandle STARTED, STOPPED, SUCCEEDED;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                STARTED = l.findVarHandle(Tally.class, "started", long.class);
                STOPPED = l.findVarHandle(Tally.class, "stopped", long.class);
                SUCCEEDED = l.findVarHandle(Tally.class, "succeeded", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long started; // tasks this worker started
        long stopped; // of those, the ones that have returned
        long succeeded; // tasks that succeeded on this worker

        void started() {
            STARTED.setOpaque(this, started + 1); // single writer: a plain read of its own count
        }

        void stopped() {
            STOPPED.setOpaque(this, stopped + 1);
        }

        void succeeded() {
            SUCCEEDED.setOpaque(this, succeeded + 1);
        }

        /** Adds {@code t}'s counts, read in the order that keeps {@code started - stopped} non-negative. */
        void add(Tally t) {
            long done = (long) STOPPED.getOpaque(t);
            succeeded += (long) SUCCEEDED.getOpaque(t);
            started += Math.max(done, (long) STARTED.getOpaque(t));
            stopped += done;
        }
    }

    // ------------------------------------------------------------------ builder

    /**
     * Configures a {@link WorkerPool}. Not thread-safe; {@link #build()} may be called more than once.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int workers = Runtime.getRuntime().availableProcessors();
        private int queueCapacity = 1024;
        private Duration taskTimeout;
        private BiConsumer<? super TaskHandle<?>, ? super Throwable> onFailure;
        private String name;
        private ThreadFactory threads;

        private Builder() {}

        /**
         * The number of workers: goroutines reading the jobs channel, in Go's canonical pool.
         *
         * @param workers the number of workers, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code workers < 1}
         */
        public Builder workers(int workers) {
            checkWorkers(workers);
            this.workers = workers;
            return this;
        }

        /**
         * The capacity of the queue of tasks waiting for a worker: Go's buffered jobs channel.
         *
         * @param queueCapacity how many tasks may wait for a worker, at least 1; a full queue blocks
         *        {@code submit} and makes {@code trySubmit} drop
         * @return this builder
         * @throws IllegalArgumentException if {@code queueCapacity < 1}
         */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity: must be at least 1, got " + queueCapacity);
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * A deadline for each task, from the moment a worker starts it: past it the task's context is
         * cancelled with {@link dev.go4j.context.DeadlineExceededException} and its thread interrupted,
         * and the task fails with that error.
         *
         * @param taskTimeout positive, or null for none
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder taskTimeout(Duration taskTimeout) {
            if (taskTimeout != null && !taskTimeout.isPositive()) {
                throw new IllegalArgumentException("taskTimeout: must be positive, got " + taskTimeout);
            }
            this.taskTimeout = taskTimeout;
            return this;
        }

        /**
         * A handler for failed tasks (thrown, or past their deadline), called on the worker's thread
         * before the handle completes. A failure it throws is added to the task's failure as a
         * suppressed exception. Cancelled tasks are not failures and never reach it.
         *
         * @param onFailure the handler, or null for none
         * @return this builder
         */
        public Builder onFailure(BiConsumer<? super TaskHandle<?>, ? super Throwable> onFailure) {
            this.onFailure = onFailure;
            return this;
        }

        /**
         * The pool's name.
         *
         * @param name the pool's name, in {@code toString} and the workers' thread names; not null
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * The factory of the workers' threads (virtual threads by default). A platform-thread factory
         * works but gives up the cheap parking the pool is built for.
         *
         * @param threads the factory, not null
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory threads) {
            this.threads = Objects.requireNonNull(threads, "threads");
            return this;
        }

        /**
         * Starts the pool.
         *
         * @return a running pool
         */
        public WorkerPool build() {
            return new WorkerPool(this);
        }
    }

    private static void checkWorkers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers: must be at least 1, got " + workers);
        }
    }
}
