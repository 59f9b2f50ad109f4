package dev.go4j.sync;

import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: a {@link WaitGroup} timed wait that gives up while the last {@code done()} brings the
 * counter to zero, followed by a new round's {@code add}.
 *
 * <p>Hypothesis: the waiter either leaves the count before the zero (its wait returns false, and the
 * {@code add(1)} it then makes is counted) or is released by the zero (its wait returns true, and it
 * adds nothing). A waiter that checked "counter != 0" and uncounted itself in two steps could let the
 * {@code done()} become the releaser in between, return false, and have its {@code add(1)} wiped out
 * by the release's reset of the state word: the counter then reads 0 with a task running, and that
 * task's {@code done()} throws "negative WaitGroup counter". Leaving is now one CAS on the word
 * {@code add} uses, allowed only while the counter is positive.
 *
 * <p>Run just this hazard: {@code java -jar stress-tests/target/jcstress.jar -t WaitGroupTimedWaitVsDoneAndAdd}.
 */
public class WaitGroupTimedWaitVsDoneAndAdd {

    private WaitGroupTimedWaitVsDoneAndAdd() {}

    /**
     * r1 = the timed wait's result (1 = reached zero), r2 = the counter once both actors are done.
     * The wait's timeout is one nanosecond: it counts itself in and gives up at once, right where a
     * {@code done()} may reach zero.
     */
    @JCStressTest
    @Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "done() reached zero first: the wait was released and added nothing")
    @Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the wait gave up first: its add(1) is counted")
    @Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "the wait gave up after the zero and the release wiped out its add(1)")
    @Outcome(expect = Expect.FORBIDDEN, desc = "the wait was interrupted (-1), an add was refused (-2), or impossible")
    @State
    public static class GiveUpThenAdd {
        private final WaitGroup wg = new WaitGroup();
        private int waited;

        public GiveUpThenAdd() {
            wg.add(1);
        }

        @Actor
        public void waiterThenAdd() {
            try {
                boolean zero = wg.await(Duration.ofNanos(1));
                waited = zero ? 1 : 0;
                if (!zero) {
                    wg.add(1); // a launcher that timed out while a task ran starts another
                }
            } catch (InterruptedException e) {
                waited = -1;
            } catch (IllegalStateException misuse) {
                waited = -2;
            }
        }

        @Actor
        public void done() {
            wg.done();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = waited;
            r.r2 = wg.counter();
        }
    }

    /**
     * The same with a waiter that is interrupted instead of timing out: r1 = 1 if the wait completed
     * normally (released by the zero), 0 if it threw InterruptedException (it gave up, then added);
     * r2 = the counter at the end.
     */
    @JCStressTest
    @Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "done() reached zero first: the wait completed and added nothing")
    @Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the wait gave up first: its add(1) is counted")
    @Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "the wait gave up after the zero and the release wiped out its add(1)")
    @Outcome(expect = Expect.FORBIDDEN, desc = "an add was refused (-2), or impossible")
    @State
    public static class InterruptedThenAdd {
        private final WaitGroup wg = new WaitGroup();
        private int waited;

        public InterruptedThenAdd() {
            wg.add(1);
        }

        @Actor
        public void waiterThenAdd() {
            Thread.currentThread().interrupt(); // seen by the park: the wait joins, then gives up
            try {
                waited = wg.awaitSlow(false, 0L, null) ? 1 : 0;
            } catch (InterruptedException e) {
                waited = 0;
                try {
                    wg.add(1);
                } catch (IllegalStateException misuse) {
                    waited = -2;
                }
            } finally {
                Thread.interrupted(); // a completed wait keeps the status; leave the actor thread clean
            }
        }

        @Actor
        public void done() {
            wg.done();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = waited;
            r.r2 = wg.counter();
        }
    }
}
