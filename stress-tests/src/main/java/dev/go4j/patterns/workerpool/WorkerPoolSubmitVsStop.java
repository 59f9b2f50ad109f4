package dev.go4j.patterns.workerpool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: a {@link WorkerPool} stopped while a task is being submitted.
 *
 * <p>Hypothesis: a submit racing {@code close()} is either refused, and its task never runs, or
 * accepted, and its task runs exactly once before {@code close()} returns; a submit racing
 * {@code shutdownNow()} is refused, or its task ends exactly once: it ran, or it is returned as never
 * started, or it was cancelled (taken by a worker at the instant of the stop). No task is lost, none
 * runs twice.
 *
 * <p>Run just this hazard: {@code java -jar stress-tests/target/jcstress.jar -t WorkerPoolSubmitVsStop}.
 */
public class WorkerPoolSubmitVsStop {

    private WorkerPoolSubmitVsStop() {}

    private static final int REFUSED = 0, SUCCEEDED = 1, RETURNED = 2, CANCELLED = 3, OTHER = 9;

    /** submit vs close. r1: accepted; r2: runs; r3: the handle's end. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "accepted before the close: drained, ran once")
    @Outcome(id = "0, 0, 0", expect = Expect.ACCEPTABLE, desc = "refused after the close: never ran")
    @Outcome(id = "1, 0, .*", expect = Expect.FORBIDDEN, desc = "accepted but lost: close returned without running it")
    @Outcome(id = ".*, 2, .*", expect = Expect.FORBIDDEN, desc = "ran twice")
    @Outcome(id = "0, 1, .*", expect = Expect.FORBIDDEN, desc = "refused, yet it ran")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class SubmitVsClose {
        private final WorkerPool pool = WorkerPool.of(1, 1);
        private final AtomicInteger runs = new AtomicInteger();
        private volatile TaskHandle<Integer> handle;

        @Actor
        public void submit() {
            try {
                handle = pool.submit(runs::incrementAndGet);
            } catch (RejectedExecutionException | InterruptedException refused) {
                // handle stays null
            }
        }

        @Actor
        public void close() {
            pool.close();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            TaskHandle<Integer> h = handle;
            r.r1 = h != null ? 1 : 0;
            r.r2 = runs.get(); // close() returned: every accepted task has run
            r.r3 = h == null ? REFUSED : h.isDone() && !h.isCancelled() ? SUCCEEDED : OTHER;
        }
    }

    /** submit vs shutdownNow. r1: accepted; r2: runs; r3: the handle's end. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "accepted and ran before the stop")
    @Outcome(id = "1, 0, 2", expect = Expect.ACCEPTABLE, desc = "accepted, never started: returned by shutdownNow, cancelled")
    @Outcome(id = "1, 0, 3", expect = Expect.ACCEPTABLE_INTERESTING,
            desc = "accepted, taken by the worker at the instant of the stop: cancelled, not run, not returned")
    @Outcome(id = "1, 1, 3", expect = Expect.ACCEPTABLE_INTERESTING,
            desc = "running when the stop came: cancelled while it ran (it still ran once)")
    @Outcome(id = "0, 0, 0", expect = Expect.ACCEPTABLE, desc = "refused after the stop")
    @Outcome(id = "1, 0, 9", expect = Expect.FORBIDDEN, desc = "accepted and lost: not run, not cancelled")
    @Outcome(id = ".*, 2, .*", expect = Expect.FORBIDDEN, desc = "ran twice")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class SubmitVsShutdownNow {
        private final WorkerPool pool = WorkerPool.of(1, 1);
        private final AtomicInteger runs = new AtomicInteger();
        private volatile TaskHandle<Integer> handle;
        private volatile List<TaskHandle<?>> returned;

        @Actor
        public void submit() {
            try {
                handle = pool.submit(runs::incrementAndGet);
            } catch (RejectedExecutionException | InterruptedException refused) {
                // handle stays null
            }
        }

        @Actor
        public void shutdownNow() {
            returned = pool.shutdownNow();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            try {
                if (!pool.awaitTermination(Duration.ofSeconds(30))) {
                    r.r1 = r.r2 = r.r3 = -1; // a worker never left
                    return;
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            TaskHandle<Integer> h = handle;
            r.r1 = h != null ? 1 : 0;
            r.r2 = runs.get();
            if (h == null) {
                r.r3 = REFUSED;
            } else if (returned.contains(h)) {
                r.r3 = h.isCancelled() && !h.isStarted() ? RETURNED : OTHER;
            } else if (h.isCancelled()) {
                r.r3 = CANCELLED;
            } else {
                r.r3 = h.isDone() ? SUCCEEDED : OTHER;
            }
        }
    }
}
