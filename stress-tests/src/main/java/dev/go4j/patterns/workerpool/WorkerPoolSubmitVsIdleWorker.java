package dev.go4j.patterns.workerpool;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: a task queued while the workers are going idle, and nobody wakes one for it (a lost
 * wake-up). The pool wakes an idle worker only when no woken worker is still looking for work, and a
 * worker going idle re-checks the queue after it registers: if either half of that handshake is
 * wrong, a task sits in the queue beside parked workers until the pool is closed. The same for a
 * submit that finds the queue full and waits: the worker that takes a task must wake it.
 *
 * <p>The arbiter waits for the tasks without closing the pool (a close would wake every worker and
 * hide the lost wake-up), up to a bound far beyond any scheduling delay.
 *
 * <p>Run just this hazard: {@code java -jar stress-tests/target/jcstress.jar -t WorkerPoolSubmitVsIdleWorker}.
 */
public class WorkerPoolSubmitVsIdleWorker {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private WorkerPoolSubmitVsIdleWorker() {}

    /** 1 if the task ran (its handle completed in time), 0 if it was left in the queue. */
    private static int ran(TaskHandle<?> h) {
        try {
            h.get(PATIENCE);
            return 1;
        } catch (Exception e) {
            return 0;
        }
    }

    private static TaskHandle<Integer> submit(WorkerPool pool, Callable<Integer> task) {
        try {
            return pool.submit(task);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Two submitters racing one worker that is just started (polling or going idle). */
    abstract static class TwoSubmits {
        private final WorkerPool pool;
        private TaskHandle<Integer> h1;
        private TaskHandle<Integer> h2;

        TwoSubmits(int queueCapacity) {
            pool = WorkerPool.builder().workers(1).queueCapacity(queueCapacity).build();
        }

        void submit1() {
            h1 = submit(pool, () -> 1);
        }

        void submit2() {
            h2 = submit(pool, () -> 2);
        }

        void bothRan(II_Result r) {
            r.r1 = ran(h1);
            r.r2 = ran(h2);
            pool.close();
        }
    }

    /** One worker, just started, and two submitters; room for both tasks. r1, r2: whether each ran. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "both tasks ran")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a task stayed queued beside an idle worker: a lost wake-up")
    @State
    public static class OneWorker extends TwoSubmits {
        public OneWorker() {
            super(2);
        }

        @Actor
        public void actor1() {
            submit1();
        }

        @Actor
        public void actor2() {
            submit2();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            bothRan(r);
        }
    }

    /**
     * One worker and a queue of one: one of the two submits may find it full and wait for the worker
     * to take a task, which must wake it. r1, r2: whether each task ran.
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "both tasks ran")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a submit stayed blocked beside a free slot: a lost wake-up")
    @State
    public static class FullQueue extends TwoSubmits {
        public FullQueue() {
            super(1);
        }

        @Actor
        public void actor1() {
            submit1();
        }

        @Actor
        public void actor2() {
            submit2();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            bothRan(r);
        }
    }

    /**
     * Two workers; the first task waits until the second has started, so both must run at once: a
     * second worker must be woken while the first is busy. r1: whether the first task saw the second
     * start; r2: whether the second ran.
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "both tasks ran at once, on two workers")
    @Outcome(expect = Expect.FORBIDDEN, desc = "the second task was left queued while a worker idled: a lost wake-up")
    @State
    public static class TwoWorkers {
        private final WorkerPool pool = WorkerPool.builder().workers(2).queueCapacity(2).build();
        private final CountDownLatch secondStarted = new CountDownLatch(1);
        private TaskHandle<Integer> h1;
        private TaskHandle<Integer> h2;

        @Actor
        public void submitBoth() {
            h1 = submit(pool, () -> secondStarted.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS) ? 1 : 0);
            h2 = submit(pool, () -> {
                secondStarted.countDown();
                return 1;
            });
        }

        @Arbiter
        public void arbiter(II_Result r) {
            try {
                r.r1 = h1.get(PATIENCE.plusSeconds(5));
            } catch (Exception e) {
                r.r1 = -1;
            }
            r.r2 = ran(h2);
            pool.close();
        }
    }
}
