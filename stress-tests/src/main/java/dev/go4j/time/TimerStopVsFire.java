package dev.go4j.time;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A timer fires (its clock advances past the deadline) while another thread stops it.
 *
 * <p>Hypothesis (Go 1.23's contract): exactly one of "stop returned true and nothing is ever
 * delivered" and "stop returned false and the value was delivered" — never both, never neither —
 * and a stopped timer leaves nothing in its clock. The clock is a {@link ManualClock}, so the firing
 * happens on the actor that advances it.
 *
 * <p>Run just this test: {@code java -jar stress-tests/target/jcstress.jar -t TimerStopVsFire}
 */
public class TimerStopVsFire {

    /**
     * A func timer: r1 = times the function ran (started inline here), r2 = stop returned true.
     */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "fired first: the function ran, stop returned false")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "stopped first: stop returned true, the function never ran")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "stop claimed to prevent a call that happened")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "neither fired nor stopped: the call was lost")
    @Outcome(expect = FORBIDDEN, desc = "ran twice")
    @State
    public static class Func {
        final ManualClock clock = new ManualClock();
        final AtomicInteger ran = new AtomicInteger();
        final Timer timer = Timer.start(clock, Duration.ofSeconds(1), ran::incrementAndGet, Runnable::run);
        int stopped;

        @Actor
        public void fire() {
            clock.advance(Duration.ofSeconds(1));
        }

        @Actor
        public void stop() {
            stopped = timer.stop() ? 1 : 0;
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = ran.get();
            r.r2 = stopped;
        }
    }

    /**
     * A channel timer: one actor advances the clock and then polls the channel (fire, then receive),
     * the other stops the timer. r1 = stop returned true, r2 = the receiver got the value, r3 = a
     * value is still in the channel at the end (must never be: after stop, nothing stale remains).
     * Two actors, so that it runs on a 2-CPU machine.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "stopped before the value was received (fired or not): it is discarded")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the receiver got the value first; stop returned false")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "stop claimed the timer, but the value was received")
    @Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "stop returned false, yet nobody received the value")
    @Outcome(expect = FORBIDDEN, desc = "a stale value stayed in the channel after stop")
    @State
    public static class Channel {
        final ManualClock clock = new ManualClock();
        final Timer timer = clock.newTimer(Duration.ofSeconds(1));
        int stopped;
        int received;

        @Actor
        public void fireThenReceive() {
            clock.advance(Duration.ofSeconds(1));
            received = timer.c().tryReceive() != null ? 1 : 0;
        }

        @Actor
        public void stop() {
            stopped = timer.stop() ? 1 : 0;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            // the clock fired before the arbiter in every run; a value still here was never stopped
            int left = timer.c().tryReceive() != null ? 1 : 0;
            r.r1 = stopped;
            r.r2 = received;
            r.r3 = left;
        }
    }

    /**
     * Stop with the clock's own cancellation: r1 = stop returned true, r2 = tasks left in the clock.
     */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "stopped first: the task was removed from the clock")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "fired first: stop returned false, the task left the clock by running")
    @Outcome(expect = FORBIDDEN, desc = "a task stayed in the clock")
    @State
    public static class Release {
        final ManualClock clock = new ManualClock();
        final Timer timer = Timer.start(clock, Duration.ofSeconds(1), () -> {}, Runnable::run);
        int stopped;

        @Actor
        public void fire() {
            clock.advance(Duration.ofSeconds(1));
        }

        @Actor
        public void stop() {
            stopped = timer.stop() ? 1 : 0;
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = stopped;
            r.r2 = clock.pendingTimers();
        }
    }
}
