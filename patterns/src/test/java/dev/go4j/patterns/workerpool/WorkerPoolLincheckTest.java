package dev.go4j.patterns.workerpool;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;

/**
 * Model checking of {@link WorkerPool}'s hand-over between submitters and idle workers, with
 * Lincheck: every interleaving it explores of a worker going idle and two submits must end with both
 * tasks run exactly once, without closing the pool first (a close wakes every worker and would hide
 * a lost wake-up). A task left in the queue beside a parked worker leaves the test's {@code get()}
 * blocked forever, which Lincheck reports as a deadlock with the interleaving that led to it.
 *
 * <p>The same holds for a submit that finds the queue full: it waits, and the worker that takes a
 * task must wake it; a wake-up lost there leaves the submit blocked beside a free slot.
 *
 * <p>The workers are platform threads from the pool's thread factory, so the model checker schedules
 * them like the submitters. Shown once to fail: with the worker's re-check of the queue after it
 * registers as idle left out, Lincheck finds the interleaving where the submit reads "no idle worker"
 * just before the worker registers, and the worker then parks beside the task; with the blocked
 * submit's re-check for room left out, the interleaving where the worker takes a task just before the
 * submit registers, and the submit then parks beside the free slot.
 */
class WorkerPoolLincheckTest {
    private static final int INVOCATIONS = 300;

    /** Where the threads find the pool: a shared field, so the model checker sees it as shared. */
    private static volatile WorkerPool current;

    private static final ThreadFactory PLATFORM = Thread::new;

    /**
     * One round: a new pool whose workers are going idle, {@code submits} concurrent submits into a
     * queue of {@code capacity}, every task awaited.
     */
    private static void submitsVsIdleWorkers(int workers, int capacity, int submits) {
        current = WorkerPool.builder().workers(workers).queueCapacity(capacity).threadFactory(PLATFORM).build();
        AtomicInteger runs = new AtomicInteger();
        TaskHandle<?>[] handles = new TaskHandle<?>[submits];
        Thread[] submitters = new Thread[submits];
        for (int i = 0; i < submits; i++) {
            int me = i;
            submitters[i] = new Thread(() -> {
                try {
                    handles[me] = current.submit(runs::incrementAndGet);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
        }
        try {
            for (Thread t : submitters) {
                t.start();
            }
            for (Thread t : submitters) {
                t.join();
            }
            for (TaskHandle<?> h : handles) {
                h.get(); // blocks forever if the task was left queued beside idle workers
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        if (runs.get() != submits) {
            throw new AssertionError("tasks run " + runs.get() + " times, expected " + submits);
        }
        current.close();
        if (current.liveWorkers() != 0) {
            throw new AssertionError("a worker outlived close()");
        }
    }

    @Test
    void aSubmitNeverLeavesItsTaskBesideAnIdleWorker() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> submitsVsIdleWorkers(1, 2, 2));
    }

    @Test
    void aSubmitWhileAnotherWorkerSearchesIsNotLeftBehind() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> submitsVsIdleWorkers(2, 2, 2));
    }

    /** A queue of one: a submit finds it full and waits; the worker's take must wake it. */
    @Test
    void aSubmitBlockedOnAFullQueueIsWokenWhenAWorkerTakesATask() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> submitsVsIdleWorkers(1, 1, 2));
    }
}
