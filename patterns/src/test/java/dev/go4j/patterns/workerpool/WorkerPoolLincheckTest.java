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
 * <p>The workers are platform threads from the pool's thread factory, so the model checker schedules
 * them like the submitters. Shown once to fail: with the worker's re-check of the queue after it
 * registers as idle left out, Lincheck finds the interleaving where the submit reads "no idle worker"
 * just before the worker registers, and the worker then parks beside the task.
 */
class WorkerPoolLincheckTest {
    private static final int INVOCATIONS = 300;

    /** Where the threads find the pool: a shared field, so the model checker sees it as shared. */
    private static volatile WorkerPool current;

    private static final ThreadFactory PLATFORM = Thread::new;

    /** One round: a new pool whose workers are going idle, two concurrent submits, both tasks awaited. */
    private static void twoSubmitsVsIdleWorkers(int workers) {
        current = WorkerPool.builder().workers(workers).queueCapacity(2).threadFactory(PLATFORM).build();
        AtomicInteger runs = new AtomicInteger();
        TaskHandle<?>[] handles = new TaskHandle<?>[2];
        Thread[] submitters = new Thread[2];
        for (int i = 0; i < 2; i++) {
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
        if (runs.get() != 2) {
            throw new AssertionError("tasks run " + runs.get() + " times, expected 2");
        }
        current.close();
        if (current.liveWorkers() != 0) {
            throw new AssertionError("a worker outlived close()");
        }
    }

    @Test
    void aSubmitNeverLeavesItsTaskBesideAnIdleWorker() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> twoSubmitsVsIdleWorkers(1));
    }

    @Test
    void aSubmitWhileAnotherWorkerSearchesIsNotLeftBehind() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> twoSubmitsVsIdleWorkers(2));
    }
}
