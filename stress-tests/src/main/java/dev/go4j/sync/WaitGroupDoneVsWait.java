package dev.go4j.sync;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: a {@link WaitGroup} wait racing the {@code done()} calls that bring the counter to zero.
 *
 * <p>Hypothesis: a wait never returns before the counter reaches zero, sees everything the tasks did
 * before their {@code done()}, and is never left parked once the counter is zero (no lost wake-up).
 * {@link StateWordModel} isolates the handshake that makes the last point hold: the waiter counts
 * itself into the state word only while the counter is positive, so the {@code done()} that reaches
 * zero always reads that count.
 *
 * <p>Run just this hazard: {@code ./mvnw -Pjcstress -Djcstress.args="-t WaitGroupDoneVsWait"}, or
 * {@code java -jar stress-tests/target/jcstress.jar -t WaitGroupDoneVsWait}.
 */
public class WaitGroupDoneVsWait {

    private WaitGroupDoneVsWait() {}

    /**
     * The state-word handshake alone, on an {@link AtomicLong} laid out as WaitGroup's word (counter
     * in the high 32 bits, waiters in the low 32). The waiter joins with a CAS that requires a
     * positive counter; the last {@code done()} subtracts one and reads the waiter count it must wake.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "done() first: the waiter saw zero and returned at once")
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "waiter counted first: done() saw it and will wake it")
    @Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "waiter counted but done() saw no waiter: lost wake-up")
    @Outcome(id = "0, 1", expect = Expect.FORBIDDEN, desc = "done() saw a waiter that never joined: phantom wake-up")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class StateWordModel {
        private static final long ONE = 1L << 32;
        private final AtomicLong state = new AtomicLong(ONE); // counter 1, no waiter

        @Actor
        public void waiter(II_Result r) {
            for (;;) {
                long s = state.get();
                if ((s >>> 32) == 0) {
                    r.r1 = 0; // returns without parking
                    return;
                }
                if (state.compareAndSet(s, s + 1)) {
                    r.r1 = 1; // counted: will park
                    return;
                }
            }
        }

        @Actor
        public void done(II_Result r) {
            long s = state.addAndGet(-ONE);
            r.r2 = (int) s != 0 ? 1 : 0; // waiters to release
        }
    }

    /** The real class: a parked {@code await()} returns once {@code done()} brings the counter to zero. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the wait returned after done()")
    @Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "the wait stayed parked after the counter reached zero")
    @State
    public static class WaitWakesOnDone {
        private final WaitGroup wg = new WaitGroup();

        public WaitWakesOnDone() {
            wg.add(1);
        }

        @Actor
        public void waiter() {
            try {
                wg.await();
            } catch (InterruptedException e) {
                // the harness interrupts a wait that hung: recorded as STALE
            }
        }

        @Signal
        public void done() {
            wg.done();
        }
    }

    /** The real class, timed: a timed wait far from its deadline returns once the counter is zero. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the timed wait returned after done()")
    @Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "the timed wait stayed parked after the counter reached zero")
    @State
    public static class TimedWaitWakesOnDone {
        private final WaitGroup wg = new WaitGroup();

        public TimedWaitWakesOnDone() {
            wg.add(1);
        }

        @Actor
        public void waiter() {
            try {
                wg.await(Duration.ofDays(1));
            } catch (InterruptedException e) {
                // the harness interrupts a wait that hung: recorded as STALE
            }
        }

        @Signal
        public void done() {
            wg.done();
        }
    }

    /**
     * The real class with two tasks, one of which then waits (two actors, so that it also runs on a
     * two-processor machine): the wait returns only after the other task's {@code done()}, and sees the
     * plain write that task made before it. The two {@code done()} calls race each other, and the wait
     * either parks and is woken or finds the counter at zero.
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "the wait returned after both done() calls and sees both writes")
    @Outcome(id = {"0, 1", "0, 0", "1, 0"}, expect = Expect.FORBIDDEN,
            desc = "the wait returned before the other task's done(), or its write before done() is not visible")
    @Outcome(expect = Expect.FORBIDDEN, desc = "the wait was interrupted (-1), or impossible")
    @State
    public static class WaitNeverReturnsEarly {
        private final WaitGroup wg = new WaitGroup();
        private int x;
        private int y;

        public WaitNeverReturnsEarly() {
            wg.add(2);
        }

        @Actor
        public void task() {
            x = 1;
            wg.done();
        }

        @Actor
        public void taskThenWaiter(II_Result r) {
            y = 1;
            wg.done();
            try {
                wg.await();
            } catch (InterruptedException e) {
                r.r1 = -1;
                r.r2 = -1;
                return;
            }
            r.r1 = x;
            r.r2 = y;
        }
    }
}
