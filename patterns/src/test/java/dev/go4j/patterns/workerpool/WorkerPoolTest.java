package dev.go4j.patterns.workerpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.chan.Channel;
import dev.go4j.chan.Select;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.context.DeadlineExceededException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The production pool, {@link WorkerPool}, rule by rule. */
class WorkerPoolTest {

    /** Every worker thread any test's pool started: none may outlive its test. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ThreadFactory tracked = r -> {
        Thread t = Thread.ofVirtual().unstarted(r);
        threads.add(t);
        return t;
    };
    private final CountDownLatch gate = new CountDownLatch(1);

    private final List<WorkerPool> pools = new CopyOnWriteArrayList<>();

    private WorkerPool pool(int workers, int queue) {
        return track(WorkerPool.builder().workers(workers).queueCapacity(queue).threadFactory(tracked).build());
    }

    private WorkerPool track(WorkerPool p) {
        pools.add(p);
        return p;
    }

    /** Blocks until cancelled, then throws the context's error: only the context can end it. */
    private static Object untilCancelled(Context ctx) throws InterruptedException {
        return Channel.<Integer>make().receive(ctx);
    }

    /** A task that blocks until the test opens the gate. */
    private Integer blocked(Context ctx) throws InterruptedException {
        gate.await();
        return 1;
    }

    @AfterEach
    void noWorkerOutlivesItsPool() {
        gate.countDown();
        pools.forEach(WorkerPool::close);
        await().untilAsserted(() -> assertThat(threads).noneMatch(Thread::isAlive));
    }

    @Test
    void submitRunsTheTaskAndTheHandleReturnsItsResult() throws Exception {
        {
            WorkerPool p = pool(2, 4);
            TaskHandle<String> h = p.submit(() -> "done");
            assertThat(h.get()).isEqualTo("done");
            assertThat(h.isDone()).isTrue();
            assertThat(h.state()).isEqualTo(Future.State.SUCCESS);
            assertThat(h.resultNow()).isEqualTo("done");
        }
    }

    @Test
    void submitBlocksWhileTheQueueIsFull() throws Exception {
        {
            WorkerPool p = pool(1, 1);
            TaskHandle<Integer> running = p.submit(this::blocked);
            await().until(() -> p.running() == 1);
            TaskHandle<Integer> queued = p.submit(this::blocked);
            AtomicReference<TaskHandle<Integer>> third = new AtomicReference<>();
            Thread submitter = Thread.ofVirtual().start(() -> {
                try {
                    third.set(p.submit(() -> 3));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            await().until(() -> submitter.getState() == Thread.State.WAITING);
            assertThat(third.get()).as("back-pressure: no room, no return").isNull();
            assertThat(p.queued()).isEqualTo(1);
            gate.countDown();
            submitter.join();
            assertThat(third.get().get()).isEqualTo(3);
            assertThat(running.get()).isEqualTo(1);
            assertThat(queued.get()).isEqualTo(1);
        }
    }

    @Test
    void submitWithAContextGivesUpWhenTheContextIsDone() throws Exception {
        try (CancelableContext ctx = Context.withCancel(Context.background())) {
            WorkerPool p = pool(1, 1);
            p.submit(this::blocked);
            await().until(() -> p.running() == 1);
            p.submit(this::blocked);
            Thread canceller = Thread.ofVirtual().start(() -> {
                await().until(() -> p.queued() == 1);
                ctx.cancel();
            });
            assertThatThrownBy(() -> p.submit(ctx, c -> 3)).isInstanceOf(ContextCanceledException.class);
            canceller.join();
            assertThat(p.submitted()).isEqualTo(2);
        }
    }

    @Test
    void aTaskSubmittedWithAContextIsCancelledWithIt() throws Exception {
        try (CancelableContext ctx = Context.withCancel(Context.background())) {
            WorkerPool p = pool(1, 1);
            CountDownLatch started = new CountDownLatch(1);
            TaskHandle<Object> h = p.submit(ctx, c -> {
                started.countDown();
                return untilCancelled(c);
            });
            started.await();
            ctx.cancel();
            assertThatThrownBy(h::get).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void trySubmitRefusesAtOnceWhenFullAndCountsADrop() throws Exception {
        {
            WorkerPool p = pool(1, 1);
            assertThat(p.trySubmit(this::blocked)).isNotNull();
            await().until(() -> p.running() == 1);
            assertThat(p.trySubmit(this::blocked)).isNotNull();
            assertThat(p.trySubmit(() -> 3)).isNull();
            assertThat(p.trySubmit(() -> 4)).isNull();
            assertThat(p.dropped()).isEqualTo(2);
            assertThat(p.submitted()).isEqualTo(2);
            gate.countDown();
        }
    }

    @Test
    void aFailingTaskFailsAloneTheWorkerLivesOnAndTheHandlerSeesIt() throws Exception {
        Map<TaskHandle<?>, Throwable> seen = new ConcurrentHashMap<>();
        {
            WorkerPool p = track(WorkerPool.builder().workers(1).queueCapacity(4).threadFactory(tracked)
                .onFailure(seen::put).build());
            TaskHandle<Object> bad = p.submit(() -> {
                throw new IllegalStateException("boom");
            });
            TaskHandle<String> good = p.submit(() -> "still here");
            assertThatThrownBy(bad::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThat(good.get()).isEqualTo("still here");
            assertThat(seen).containsOnlyKeys(bad);
            assertThat(seen.get(bad)).hasMessage("boom");
            assertThat(bad.exceptionNow()).hasMessage("boom");
            assertThat(p.failed()).isEqualTo(1);
            assertThat(p.succeeded()).isEqualTo(1);
            assertThat(p.liveWorkers()).isEqualTo(1);
        }
    }

    @Test
    void aThrowingHandlerDoesNotKillTheWorker() throws Exception {
        try (WorkerPool p = WorkerPool.builder().workers(1).queueCapacity(4).threadFactory(tracked)
                .onFailure((h, e) -> {
                    throw new IllegalArgumentException("handler broke");
                }).build()) {
            TaskHandle<Object> bad = p.submit(() -> {
                throw new IllegalStateException("boom");
            });
            assertThatThrownBy(bad::get).cause().hasMessage("boom")
                    .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                            .containsExactly("handler broke"));
            assertThat(p.submit(() -> 2).get()).isEqualTo(2);
        }
    }

    @Test
    void aTaskPastItsDeadlineIsInterruptedAndFailsWithDeadlineExceeded() throws Exception {
        Map<TaskHandle<?>, Throwable> seen = new ConcurrentHashMap<>();
        AtomicReference<Throwable> insideTask = new AtomicReference<>();
        {
            WorkerPool p = track(WorkerPool.builder().workers(1).queueCapacity(4).threadFactory(tracked)
                .taskTimeout(Duration.ofMillis(50)).onFailure(seen::put).build());
            TaskHandle<Integer> slow = p.submit(ctx -> {
                try {
                    return blocked(ctx); // ignores its context: only the interrupt stops it
                } catch (InterruptedException e) {
                    insideTask.set(e);
                    throw e;
                }
            });
            assertThatThrownBy(slow::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(DeadlineExceededException.class);
            assertThat(insideTask.get()).isInstanceOf(InterruptedException.class);
            assertThat(seen).containsOnlyKeys(slow);
            assertThat(p.submit(ctx -> Thread.currentThread().isInterrupted()).get())
                    .as("the interrupt aimed at the late task does not reach the next one").isFalse();
            assertThat(p.failed()).isEqualTo(1);
        }
    }

    @Test
    void aTaskEndedByItsCancelledContextIsCancelledNotFailed() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        {
            WorkerPool p = track(WorkerPool.builder().workers(1).queueCapacity(4).threadFactory(tracked)
                .onFailure((h, e) -> handled.incrementAndGet()).build());
            CountDownLatch started = new CountDownLatch(1);
            TaskHandle<Void> h = p.submit(ctx -> {
                started.countDown();
                untilCancelled(ctx);
                return null;
            });
            started.await();
            assertThat(h.cancel(false)).isTrue();
            assertThat(h.isCancelled()).isTrue();
            p.close();
            assertThat(p.cancelled()).isEqualTo(1);
            assertThat(p.failed()).isZero();
            assertThat(handled).hasValue(0);
        }
    }

    @Test
    void aCancelledQueuedTaskNeverRuns() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        {
            WorkerPool p = pool(1, 2);
            p.submit(this::blocked);
            await().until(() -> p.running() == 1);
            TaskHandle<Integer> queued = p.submit(() -> ran.incrementAndGet());
            assertThat(queued.cancel(true)).isTrue();
            assertThat(queued.cancel(true)).isFalse();
            assertThat(queued.isStarted()).isFalse();
            assertThatThrownBy(queued::get).isInstanceOf(CancellationException.class);
            gate.countDown();
        }
        assertThat(ran).hasValue(0);
    }

    @Test
    void cancelWithInterruptStopsARunningTask() throws Exception {
        {
            WorkerPool p = pool(1, 2);
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> inside = new AtomicReference<>();
            TaskHandle<Integer> h = p.submit(ctx -> {
                started.countDown();
                try {
                    return blocked(ctx);
                } catch (InterruptedException e) {
                    inside.set(e);
                    throw e;
                }
            });
            started.await();
            assertThat(h.cancel(true)).isTrue();
            assertThat(h.isStarted()).isTrue();
            assertThat(h.state()).isEqualTo(Future.State.CANCELLED);
            await().until(() -> inside.get() != null);
            assertThat(p.submit(() -> 5).get()).isEqualTo(5);
        }
    }

    @Test
    void cancelWithInterruptStopsARunningCallableAndTheWorkerLivesOn() throws Exception {
        WorkerPool p = pool(1, 2);
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> inside = new AtomicReference<>();
        TaskHandle<Integer> h = p.submit(() -> { // a Callable: no context, only the interrupt reaches it
            started.countDown();
            try {
                gate.await();
                return 1;
            } catch (InterruptedException e) {
                inside.set(e);
                throw e;
            }
        });
        started.await();
        assertThat(h.cancel(true)).isTrue();
        assertThat(h.state()).isEqualTo(Future.State.CANCELLED);
        assertThatThrownBy(h::get).isInstanceOf(CancellationException.class);
        await().until(() -> inside.get() != null);
        assertThat(p.submit(() -> 5).get()).isEqualTo(5);
        await().until(() -> p.cancelled() == 1 && p.succeeded() == 1 && p.running() == 0);
    }

    @Test
    void aHandleIsUsableInASelect() throws Exception {
        {
            WorkerPool p = pool(1, 2);
            TaskHandle<Integer> slow = p.submit(this::blocked);
            String first = new Select<String>()
                    .onReceive(slow.done(), x -> "done")
                    .onTimeout(Duration.ofMillis(1), () -> "not yet")
                    .run();
            assertThat(first).isEqualTo("not yet");
            assertThat(slow.done()).isSameAs(slow.done());
            gate.countDown();
            Integer v = new Select<Integer>().onReceive(slow.done(), x -> slow.resultNow()).run();
            assertThat(v).isEqualTo(1);
            assertThat(slow.get(Context.background())).isEqualTo(1);
        }
    }

    @Test
    void getWithATimeoutThrowsTimeoutExceptionWhileTheTaskRuns() throws Exception {
        {
            WorkerPool p = pool(1, 2);
            TaskHandle<Integer> slow = p.submit(this::blocked);
            assertThatThrownBy(() -> slow.get(1, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> slow.get(Duration.ZERO)).isInstanceOf(TimeoutException.class);
            gate.countDown();
            assertThat(slow.get(1, TimeUnit.MINUTES)).isEqualTo(1);
        }
    }

    @Test
    void aGroupReturnsResultsInSubmitOrder() throws Exception {
        {
            WorkerPool p = pool(4, 8);
            TaskGroup<Integer> g = p.group(Context.background());
            for (int i = 0; i < 20; i++) {
                int n = i;
                g.submit(ctx -> {
                    if (n % 3 == 0) {
                        Thread.yield(); // finish out of order
                    }
                    return n;
                });
            }
            assertThat(g.await()).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
            assertThat(g.context().err()).as("cancelled when await returns").isNotNull();
        }
    }

    @Test
    void aGroupsFirstFailureCancelsTheRestAndIsThrown() throws Exception {
        {
            WorkerPool p = pool(2, 8);
            TaskGroup<Integer> g = p.group(Context.background());
            CountDownLatch siblingStarted = new CountDownLatch(1);
            TaskHandle<Integer> sibling = g.submit(ctx -> {
                siblingStarted.countDown();
                return blocked(ctx);
            });
            siblingStarted.await();
            TaskHandle<Integer> bad = g.submit(ctx -> {
                throw new IllegalStateException("first");
            });
            TaskHandle<Integer> queuedBehind = g.submit(ctx -> 3);
            assertThatThrownBy(g::await).isInstanceOf(ExecutionException.class).cause().hasMessage("first");
            assertThat(sibling.isCancelled()).isTrue();
            assertThat(bad.state()).isEqualTo(Future.State.FAILED);
            assertThat(queuedBehind.isDone()).isTrue();
            assertThat(Context.cause(g.context())).hasMessage("first");
            TaskHandle<Integer> late = g.submit(ctx -> 4);
            assertThat(late.isCancelled()).as("a submit after the failure is not queued").isTrue();
        }
    }

    @Test
    void aGroupWhoseParentIsCancelledThrowsCancellation() throws Exception {
        try (CancelableContext parent = Context.withCancel(Context.background())) {
            WorkerPool p = pool(1, 8);
            TaskGroup<Integer> g = p.group(parent);
            CountDownLatch started = new CountDownLatch(1);
            g.submit(ctx -> {
                started.countDown();
                untilCancelled(ctx);
                return 1;
            });
            started.await();
            parent.cancel();
            assertThatThrownBy(g::await).isInstanceOf(CancellationException.class)
                    .hasCauseInstanceOf(ContextCanceledException.class);
        }
    }

    @Test
    void closeDrainsQueuedAndRunningTasksAndRefusesNewOnes() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        WorkerPool p = pool(2, 100);
        for (int i = 0; i < 100; i++) {
            p.submit(() -> ran.incrementAndGet());
        }
        p.close();
        assertThat(ran).hasValue(100);
        assertThat(p.isTerminated()).isTrue();
        assertThat(p.succeeded()).isEqualTo(100);
        assertThatThrownBy(() -> p.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> p.trySubmit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
        p.close(); // idempotent
        assertThat(p.toString()).contains("TERMINATED");
    }

    @Test
    void aSubmitBlockedOnAFullQueueIsRefusedWhenThePoolStops() throws Exception {
        {
            WorkerPool p = pool(1, 1);
            p.submit(this::blocked);
            await().until(() -> p.running() == 1);
            p.submit(this::blocked);
            AtomicReference<Throwable> refused = new AtomicReference<>();
            Thread submitter = Thread.ofVirtual().start(() -> {
                try {
                    p.submit(() -> 3);
                } catch (Throwable t) {
                    refused.set(t);
                }
            });
            await().until(() -> submitter.getState() == Thread.State.WAITING);
            Thread closer = Thread.ofVirtual().start(p::close);
            submitter.join();
            assertThat(refused.get()).isInstanceOf(RejectedExecutionException.class);
            gate.countDown();
            closer.join();
            assertThat(p.succeeded()).isEqualTo(2);
        }
    }

    @Test
    void shutdownDrainsUntilTheDeadlineThenCancelsAndReportsTheRest() throws Exception {
        WorkerPool p = pool(1, 4);
        TaskHandle<Integer> running = p.submit(this::blocked);
        await().until(() -> p.running() == 1);
        TaskHandle<Integer> queued = p.submit(() -> 2);
        List<TaskHandle<?>> left = p.shutdown(Duration.ofMillis(20));
        assertThat(left).containsExactly(queued, running);
        assertThat(queued.isCancelled()).isTrue();
        assertThat(running.isCancelled()).isTrue();
        assertThat(p.awaitTermination(Duration.ofMinutes(1))).isTrue(); // blocked() was interrupted
    }

    @Test
    void shutdownOfADrainedPoolReportsNothing() throws Exception {
        WorkerPool p = pool(2, 4);
        TaskHandle<Integer> h = p.submit(() -> 1);
        assertThat(p.shutdown(Duration.ofMinutes(1))).isEmpty();
        assertThat(h.get()).isEqualTo(1);
        assertThat(p.isTerminated()).isTrue();
    }

    @Test
    void shutdownNowCancelsRunningTasksAndReturnsThoseThatNeverStarted() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        WorkerPool p = pool(1, 4);
        TaskHandle<Integer> running = p.submit(this::blocked);
        await().until(() -> p.running() == 1);
        TaskHandle<Integer> a = p.submit(() -> ran.incrementAndGet());
        TaskHandle<Integer> b = p.submit(() -> ran.incrementAndGet());
        List<TaskHandle<?>> never = p.shutdownNow();
        assertThat(never).containsExactly(a, b);
        assertThat(running.isCancelled()).isTrue();
        assertThat(p.awaitTermination(Duration.ofMinutes(1))).isTrue();
        assertThat(ran).hasValue(0);
        assertThat(p.cancelled()).isEqualTo(3);
        assertThat(p.isShutdown()).isTrue();
        assertThatThrownBy(() -> p.resize(3)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void resizeAddsWorkersAtOnceAndRetiresIdleOnes() throws Exception {
        {
            WorkerPool p = pool(1, 8);
            CountDownLatch allRunning = new CountDownLatch(3);
            p.resize(3);
            assertThat(p.size()).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                p.submit(ctx -> {
                    allRunning.countDown();
                    return blocked(ctx);
                });
            }
            allRunning.await(); // three at once: the new workers serve
            gate.countDown();
            await().until(() -> p.running() == 0);
            p.resize(1);
            await().until(() -> p.liveWorkers() == 1); // idle workers leave at once
            assertThat(p.submit(() -> 9).get()).isEqualTo(9);
            p.resize(2);
            await().until(() -> p.liveWorkers() == 2);
        }
    }

    @Test
    void shrinkingRetiresBusyWorkersAfterTheirTask() throws Exception {
        {
            WorkerPool p = pool(3, 1);
            CountDownLatch allRunning = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                p.submit(ctx -> {
                    allRunning.countDown();
                    return blocked(ctx);
                });
            }
            allRunning.await();
            p.submit(() -> 4); // the queue is full: every worker is busy when the pool shrinks
            p.resize(1);
            assertThat(p.liveWorkers()).isEqualTo(3);
            gate.countDown();
            await().until(() -> p.liveWorkers() == 1 && p.succeeded() == 4);
        }
    }

    @Test
    void aTaskQueuedWhileOneWorkerIsBusyWakesAnIdleOne() throws Exception {
        WorkerPool p = pool(2, 4);
        CountDownLatch secondRan = new CountDownLatch(1);
        TaskHandle<Boolean> first = p.submit(ctx -> secondRan.await(30, TimeUnit.SECONDS));
        await().until(() -> p.running() == 1);
        TaskHandle<Integer> second = p.submit(() -> {
            secondRan.countDown();
            return 2;
        });
        assertThat(second.get()).isEqualTo(2);
        assertThat(first.get()).as("the second task ran while the first still held its worker").isTrue();
    }

    @Test
    void aBacklogWakesEveryIdleWorker() throws Exception {
        int n = 8;
        WorkerPool p = pool(n, n);
        CountDownLatch allStarted = new CountDownLatch(n);
        List<TaskHandle<Boolean>> handles = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) { // each task waits until all n have started: n workers must run at once
            handles.add(p.submit(ctx -> {
                allStarted.countDown();
                return allStarted.await(30, TimeUnit.SECONDS);
            }));
        }
        for (TaskHandle<Boolean> h : handles) {
            assertThat(h.get()).isTrue();
        }
    }

    @Test
    void blockedSubmittersGetInOneByOneAsWorkersTakeTasks() throws Exception {
        WorkerPool p = pool(1, 1);
        p.submit(this::blocked);
        await().until(() -> p.running() == 1);
        p.submit(() -> 0); // the queue is full
        List<TaskHandle<Integer>> late = new CopyOnWriteArrayList<>();
        Thread[] submitters = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int v = i + 1;
            submitters[i] = Thread.ofVirtual().start(() -> {
                try {
                    late.add(p.submit(() -> v));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
        }
        await().until(() -> submitters[0].getState() == Thread.State.WAITING
                && submitters[1].getState() == Thread.State.WAITING);
        assertThat(late).isEmpty();
        gate.countDown();
        for (Thread t : submitters) {
            t.join();
        }
        assertThat(late).hasSize(2);
        for (TaskHandle<Integer> h : late) {
            assertThat(h.get()).isIn(1, 2);
        }
        await().until(() -> p.succeeded() == 4);
    }

    @Test
    void burstsOfSmallTasksAllRunAndCloseEndsEveryWorker() throws Exception {
        for (int round = 0; round < 300; round++) {
            WorkerPool p = WorkerPool.builder().workers(16).queueCapacity(16).build(); // untracked: 4 800 threads
            AtomicInteger runs = new AtomicInteger();
            for (int i = 0; i < 500; i++) {
                p.submit(runs::incrementAndGet);
            }
            p.close(); // returns once every worker has left: a worker parked and never woken hangs it
            assertThat(runs.get()).isEqualTo(500);
            assertThat(p.isTerminated()).isTrue();
            assertThat(p.succeeded()).isEqualTo(500);
        }
    }

    @Test
    void countersAndToStringShowTheState() throws Exception {
        {
            WorkerPool p = track(WorkerPool.builder().name("images").workers(1).queueCapacity(2)
                .threadFactory(tracked).build());
            p.submit(this::blocked);
            await().until(() -> p.running() == 1);
            p.submit(() -> 2);
            p.trySubmit(() -> 3);
            assertThat(p.trySubmit(() -> 4)).isNull();
            assertThat(p.toString()).isEqualTo("WorkerPool[images, RUNNING, workers=1, queued=2/2, running=1,"
                    + " submitted=3, succeeded=0, failed=0, cancelled=0, dropped=1]");
            gate.countDown();
        }
    }

    @Test
    void countersNeitherDropNorDoubleCountTheTasksOfWorkersThatLeave() throws Exception {
        int tasks = 20_000;
        WorkerPool p = pool(4, 64);
        AtomicReference<String> wrong = new AtomicReference<>();
        AtomicInteger done = new AtomicInteger();
        Thread reader = Thread.ofVirtual().start(() -> {
            long last = 0;
            while (done.get() == 0) {
                long now = p.succeeded();
                if (now < last || now > tasks) {
                    wrong.compareAndSet(null, "succeeded() went from " + last + " to " + now);
                }
                last = now;
                LockSupport.parkNanos(50_000); // a spinning reader would starve the workers of carriers
            }
        });
        try {
            for (int i = 0; i < tasks; i++) {
                if (i % 100 == 0) {
                    p.resize(1 + (i / 100) % 6); // workers leave (adding up their counts) and join
                }
                p.submit(() -> 1);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> p.succeeded() == tasks);
        } finally {
            done.set(1);
            reader.join();
        }
        p.close();
        assertThat(wrong.get()).isNull();
        assertThat(p.succeeded()).isEqualTo(tasks);
        assertThat(p.submitted()).isEqualTo(tasks);
        assertThat(p.queued()).isZero();
        assertThat(p.running()).isZero();
        assertThat(p.failed() + p.cancelled()).isZero();
    }

    @Test
    void workersAreVirtualThreadsNamedAfterThePool() throws Exception {
        {
            WorkerPool p = track(WorkerPool.builder().name("mail").workers(1).build());
            Thread t = p.submit(Thread::currentThread).get();
            assertThat(t.isVirtual()).isTrue();
            assertThat(t.getName()).startsWith("mail-worker-");
        }
    }

    @Test
    void badArgumentsThrowNamingTheArgument() {
        assertThatThrownBy(() -> WorkerPool.of(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workers");
        assertThatThrownBy(() -> WorkerPool.of(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> WorkerPool.builder().taskTimeout(Duration.ZERO))
                .hasMessageContaining("taskTimeout");
        {
            WorkerPool p = pool(1, 1);
            assertThatThrownBy(() -> p.submit((java.util.concurrent.Callable<Object>) null)).hasMessageContaining("task");
            assertThatThrownBy(() -> p.submit(null, c -> 1)).hasMessageContaining("ctx");
            assertThatThrownBy(() -> p.resize(0)).hasMessageContaining("workers");
        }
    }
}
