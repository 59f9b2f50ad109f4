package dev.go4j.time;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A timer's {@code stop()} or {@code reset()} racing another {@code reset()}, from a fired timer whose
 * value nobody has received.
 *
 * <p>Hypothesis (Go 1.23 holds the timer's lock across the whole of Stop and Reset): the outcome is
 * always one of the sequential orders. Before, the CAS that re-armed the timer committed first and the
 * drain of the old value ran later, so the other call could slip in between: "stop true, reset false,
 * timer stopped, no value" — a receiver then waited forever — or two resets that both claimed, or both
 * denied, the stale value. Each call is now one critical section under the timer's lock.
 *
 * <p>Run just this test: {@code java -jar stress-tests/target/jcstress.jar -t TimerStopResetVsReset}
 */
public class TimerStopResetVsReset {

    private TimerStopResetVsReset() {}

    /** A timer on a manual clock that has fired: its value waits, unreceived, in the channel. */
    static Timer fired(ManualClock clock) {
        Timer t = clock.newTimer(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        return t;
    }

    /**
     * r1 = stop returned true, r2 = reset returned true, r3 = the timer is armed at the end, r4 = a
     * value is left in the channel at the end.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 1, 0", expect = ACCEPTABLE, desc = "stop, then reset: stop discarded the value, reset re-armed a stopped timer")
    @Outcome(id = "1, 1, 0, 0", expect = ACCEPTABLE, desc = "reset, then stop: reset discarded the value, stop stopped the new arming")
    @Outcome(id = "1, 0, 0, 0", expect = FORBIDDEN, desc = "stop took the reset's arming and reset found nothing: no value will ever come")
    @Outcome(id = "0, 1, 1, 0", expect = FORBIDDEN, desc = "stop found the timer unarmed, then the reset drained the value it would have stopped")
    @Outcome(expect = FORBIDDEN, desc = "a stale value survived, or no sequential order explains it")
    @State
    public static class StopVsReset {
        final ManualClock clock = new ManualClock();
        final Timer timer = fired(clock);
        int stopped;
        int reset;

        @Actor
        public void stop() {
            stopped = timer.stop() ? 1 : 0;
        }

        @Actor
        public void reset() {
            reset = timer.reset(Duration.ofHours(1)) ? 1 : 0;
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            r.r1 = stopped;
            r.r2 = reset;
            r.r3 = timer.isArmed() ? 1 : 0;
            r.r4 = timer.c().tryReceive() != null ? 1 : 0;
        }
    }

    /**
     * r1, r2 = what each reset returned, r3 = a value is left in the channel at the end. In either
     * order the first reset finds the unreceived value and the second finds the first's arming: both
     * return true.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "one reset discarded the value, the other replaced the first's arming")
    @Outcome(id = {"1, 0, 0", "0, 1, 0"}, expect = FORBIDDEN, desc = "a reset slipped between the other's re-arming and its drain")
    @Outcome(expect = FORBIDDEN, desc = "a stale value survived, or no sequential order explains it")
    @State
    public static class ResetVsReset {
        final ManualClock clock = new ManualClock();
        final Timer timer = fired(clock);
        int first;
        int second;

        @Actor
        public void reset1() {
            first = timer.reset(Duration.ofHours(1)) ? 1 : 0;
        }

        @Actor
        public void reset2() {
            second = timer.reset(Duration.ofHours(2)) ? 1 : 0;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r1 = first;
            r.r2 = second;
            r.r3 = timer.c().tryReceive() != null ? 1 : 0;
        }
    }
}
