package dev.go4j.patterns.workerpool;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: a {@link WorkerPool} shrunk (or grown) while tasks are submitted.
 *
 * <p>Hypothesis: the two submitted tasks each run exactly once whatever the resize does to the
 * workers (a retiring worker never takes a task it then drops, nor leaves a task queued beside idle
 * workers), and after {@code close()} no worker is left.
 *
 * <p>Run just this hazard: {@code java -jar stress-tests/target/jcstress.jar -t WorkerPoolResizeVsSubmit}.
 */
public class WorkerPoolResizeVsSubmit {

    private WorkerPoolResizeVsSubmit() {}

    private static void submitTwo(WorkerPool pool, AtomicInteger runs) {
        try {
            pool.submit(runs::incrementAndGet);
            pool.submit(runs::incrementAndGet);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** 3 workers shrunk to 1 while two tasks are submitted. r1: runs; r2: workers left after close; r3: size. */
    @JCStressTest
    @Outcome(id = "2, 0, 1", expect = Expect.ACCEPTABLE, desc = "both tasks ran once; the pool ended clean at its new size")
    @Outcome(id = "1, .*", expect = Expect.FORBIDDEN, desc = "a task was lost to a retiring worker")
    @Outcome(id = "3, .*", expect = Expect.FORBIDDEN, desc = "a task ran twice")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a worker outlived close(), or impossible")
    @State
    public static class Shrink {
        private final WorkerPool pool = WorkerPool.builder().workers(3).queueCapacity(1).build();
        private final AtomicInteger runs = new AtomicInteger();

        @Actor
        public void resize() {
            pool.resize(1);
        }

        @Actor
        public void submit() {
            submitTwo(pool, runs);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            int size = pool.size();
            pool.close();
            r.r1 = runs.get();
            r.r2 = pool.liveWorkers();
            r.r3 = size;
        }
    }

    /** 1 worker grown to 3 while two tasks are submitted. */
    @JCStressTest
    @Outcome(id = "2, 0, 3", expect = Expect.ACCEPTABLE, desc = "both tasks ran once; the pool ended clean at its new size")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a task lost or run twice, a worker outlived close(), or impossible")
    @State
    public static class Grow {
        private final WorkerPool pool = WorkerPool.builder().workers(1).queueCapacity(1).build();
        private final AtomicInteger runs = new AtomicInteger();

        @Actor
        public void resize() {
            pool.resize(3);
        }

        @Actor
        public void submit() {
            submitTwo(pool, runs);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            int size = pool.size();
            pool.close();
            r.r1 = runs.get();
            r.r2 = pool.liveWorkers();
            r.r3 = size;
        }
    }
}
