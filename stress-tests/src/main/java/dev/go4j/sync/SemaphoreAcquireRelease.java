package dev.go4j.sync;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: a weighted {@link Semaphore}'s acquires racing its releases and its waiters' cancellations.
 *
 * <p>Hypothesis: the semaphore never grants more units than it has, never loses a unit (a free unit is
 * always grantable), and a waiter whose context is cancelled while a release grants it the units gives
 * them back — whoever wins, the held count matches what the callers believe they hold.
 *
 * <p>Run just this hazard: {@code ./mvnw -Pjcstress -Djcstress.args="-t SemaphoreAcquireRelease"}, or
 * {@code java -jar stress-tests/target/jcstress.jar -t SemaphoreAcquireRelease}.
 */
public class SemaphoreAcquireRelease {

    private SemaphoreAcquireRelease() {}

    /** Size 1, held: a try races a release followed by a try; exactly one of the two tries wins. */
    @JCStressTest
    @Outcome(id = "1, 0, 1", expect = Expect.ACCEPTABLE, desc = "the first try came after the release and won the unit")
    @Outcome(id = "0, 1, 1", expect = Expect.ACCEPTABLE, desc = "the first try came before the release (or lost); the second won")
    @Outcome(id = "1, 1, 2", expect = Expect.FORBIDDEN, desc = "both tries won one unit: over-grant")
    @Outcome(id = "0, 0, 0", expect = Expect.FORBIDDEN, desc = "a released unit was free and nobody got it: unit lost")
    @Outcome(expect = Expect.FORBIDDEN, desc = "held count disagrees with the grants")
    @State
    public static class TryAcquireVsRelease {
        private final Semaphore sem = new Semaphore(1);

        public TryAcquireVsRelease() {
            sem.tryAcquire(1);
        }

        @Actor
        public void trier(III_Result r) {
            r.r1 = sem.tryAcquire(1) ? 1 : 0;
        }

        @Actor
        public void releaserThenTrier(III_Result r) {
            sem.release(1);
            r.r2 = sem.tryAcquire(1) ? 1 : 0;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = (int) sem.held();
        }
    }

    /** The waiter's side: a context-bounded acquire of one unit; 1 if acquired, 0 if cancelled. */
    private static int acquire(Semaphore sem, CancelableContext ctx) {
        try {
            sem.acquire(ctx, 1);
            return 1;
        } catch (ContextException cancelled) {
            return 0;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Size 1, held: a context-bounded waiter races a release that is followed by a cancel. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "granted before the cancel was seen")
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "cancelled (before or after the grant); the unit went back")
    @Outcome(id = "0, 1", expect = Expect.FORBIDDEN, desc = "cancelled but the unit stays held: unit lost")
    @Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "acquired but not held: over-grant")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class ReleaseThenCancel {
        private final Semaphore sem = new Semaphore(1);
        private final CancelableContext ctx = Context.withCancel(Context.background());

        public ReleaseThenCancel() {
            sem.tryAcquire(1);
        }

        @Actor
        public void waiter(II_Result r) {
            r.r1 = acquire(sem, ctx);
        }

        @Actor
        public void releaseThenCancel() {
            sem.release(1);
            ctx.cancel();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = (int) sem.held();
        }
    }

    /** Size 1, held: a context-bounded waiter races a cancel that is followed by a release. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "cancelled; the unit released after it is free")
    @Outcome(id = "0, 1", expect = Expect.FORBIDDEN, desc = "cancelled but the unit stays held: unit lost")
    @Outcome(id = {"1, 1", "1, 0"}, expect = Expect.FORBIDDEN, desc = "acquired although the context was cancelled before the unit was free")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class CancelThenRelease {
        private final Semaphore sem = new Semaphore(1);
        private final CancelableContext ctx = Context.withCancel(Context.background());

        public CancelThenRelease() {
            sem.tryAcquire(1);
        }

        @Actor
        public void waiter(II_Result r) {
            r.r1 = acquire(sem, ctx);
        }

        @Actor
        public void cancelThenRelease() {
            ctx.cancel();
            sem.release(1);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = (int) sem.held();
        }
    }
}
