package dev.go4j.patterns.workerpool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Hazard: {@code shutdownNow()} while a task is finishing on a worker.
 *
 * <p>Hypothesis: the running task ends exactly once — succeeded (it returned first) or cancelled (the
 * stop came first) — and the counters agree with its handle; it is never in the list of tasks that
 * never started; the pool terminates.
 *
 * <p>Run just this hazard: {@code java -jar stress-tests/target/jcstress.jar -t WorkerPoolShutdownNowVsRunningTask}.
 */
@JCStressTest
@Outcome(id = "1, 0, 0, 1", expect = Expect.ACCEPTABLE, desc = "the task returned first: succeeded, counted once")
@Outcome(id = "0, 1, 0, 1", expect = Expect.ACCEPTABLE, desc = "the stop came first: cancelled while running, counted once")
@Outcome(id = ".*, .*, 1, .*", expect = Expect.FORBIDDEN, desc = "a started task reported as never started")
@Outcome(id = "1, 1, .*", expect = Expect.FORBIDDEN, desc = "counted both succeeded and cancelled")
@Outcome(expect = Expect.FORBIDDEN, desc = "not ended, ended twice, or the pool did not terminate")
@State
public class WorkerPoolShutdownNowVsRunningTask {
    private final WorkerPool pool = WorkerPool.of(1, 1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final TaskHandle<Integer> running;
    private volatile List<TaskHandle<?>> neverStarted;

    public WorkerPoolShutdownNowVsRunningTask() {
        CountDownLatch started = new CountDownLatch(1);
        try {
            running = pool.submit(ctx -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    // interrupted by shutdownNow: return normally, the handle is already cancelled
                }
                return 1;
            });
            started.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Actor
    public void finish() {
        release.countDown();
    }

    @Actor
    public void stop() {
        neverStarted = pool.shutdownNow();
    }

    /** r1: succeeded count, r2: cancelled count, r3: in the never-started list, r4: handle ended as the counters say. */
    @Arbiter
    public void arbiter(IIII_Result r) {
        try {
            if (!pool.awaitTermination(Duration.ofSeconds(30))) {
                r.r1 = r.r2 = r.r3 = r.r4 = -1;
                return;
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        r.r1 = (int) pool.succeeded();
        r.r2 = (int) pool.cancelled();
        r.r3 = neverStarted.contains(running) ? 1 : 0;
        boolean agrees = running.isDone() && (running.isCancelled() ? r.r2 == 1 : r.r1 == 1);
        r.r4 = agrees ? 1 : 0;
    }
}
