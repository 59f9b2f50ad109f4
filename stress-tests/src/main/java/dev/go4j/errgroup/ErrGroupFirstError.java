package dev.go4j.errgroup;

import dev.go4j.context.Context;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: tasks of an {@link ErrGroup} failing at the same time, and tasks started at the group's limit.
 *
 * <p>Hypothesis: exactly one failure is the first — the one {@code await} reports as the cause, the one
 * the group's context is cancelled with — and the other is attached as suppressed, never lost; and the
 * number of tasks running never exceeds the limit, while a free slot is never lost.
 *
 * <p>Run just this hazard: {@code ./mvnw -Pjcstress -Djcstress.args="-t ErrGroupFirstError"}, or
 * {@code java -jar stress-tests/target/jcstress.jar -t ErrGroupFirstError}.
 */
public class ErrGroupFirstError {

    private ErrGroupFirstError() {}

    private static final class Failure extends Exception {
        final int id;

        Failure(int id) {
            super("failure " + id, null, false, false);
            this.id = id;
        }
    }

    /** Arbiter part shared by the two failure races: cause, suppressed, context cause. */
    private static void report(ErrGroup g, III_Result r) {
        try {
            g.await();
            r.r1 = r.r2 = r.r3 = -1; // no failure reported: one was lost
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            r.r1 = id(e.getCause());
            Throwable[] later = e.getSuppressed();
            r.r2 = later.length == 1 ? id(later[0]) : -later.length;
            r.r3 = id(Context.cause(g.context()));
        }
    }

    private static int id(Throwable t) {
        return t instanceof Failure f ? f.id : 0;
    }

    /** The recording of two failures alone, from two threads. */
    @JCStressTest
    @Outcome(id = {"1, 2, 1", "2, 1, 2"}, expect = Expect.ACCEPTABLE,
            desc = "one failure won: reported, and the context's cause; the other is suppressed")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a failure lost, reported twice, or the context cancelled with the other one")
    @State
    public static class FailRace {
        private final ErrGroup g = ErrGroup.withContext(Context.background());

        @Actor
        public void first() {
            g.fail(new Failure(1));
        }

        @Actor
        public void second() {
            g.fail(new Failure(2));
        }

        @Arbiter
        public void arbiter(III_Result r) {
            report(g, r);
        }
    }

    /** Two real tasks, each in its own virtual thread, failing at once. */
    @JCStressTest
    @Outcome(id = {"1, 2, 1", "2, 1, 2"}, expect = Expect.ACCEPTABLE,
            desc = "one failure won: reported, and the context's cause; the other is suppressed")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a failure lost, reported twice, or the context cancelled with the other one")
    @State
    public static class TwoTasksFail {
        private final ErrGroup g = ErrGroup.withContext(Context.background());

        @Actor
        public void first() {
            g.tryGo(() -> { // no limit: always starts
                throw new Failure(1);
            });
        }

        @Actor
        public void second() {
            g.tryGo(() -> {
                throw new Failure(2);
            });
        }

        @Arbiter
        public void arbiter(III_Result r) {
            report(g, r);
        }
    }

    /** Limit 1: two tryGo calls race; each task records how many tasks run with it. */
    @JCStressTest
    @Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = Expect.ACCEPTABLE, desc = "one started; the other found the group at its limit")
    @Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "the first task finished before the second tryGo: both ran, one at a time")
    @Outcome(id = {"1, 1, 2"}, expect = Expect.FORBIDDEN, desc = "two tasks ran at once under limit 1")
    @Outcome(id = "0, 0, 0", expect = Expect.FORBIDDEN, desc = "the free slot was lost: nobody started")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class LimitNeverExceeded {
        private final ErrGroup g = new ErrGroup();
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger maxRunning = new AtomicInteger();

        public LimitNeverExceeded() {
            g.setLimit(1);
        }

        private void task() {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            running.decrementAndGet();
        }

        @Actor
        public void first(III_Result r) {
            r.r1 = g.tryGo(this::task) ? 1 : 0;
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = g.tryGo(this::task) ? 1 : 0;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            try {
                g.await();
            } catch (InterruptedException | ExecutionException e) {
                throw new AssertionError(e);
            }
            r.r3 = maxRunning.get();
        }
    }
}
