package dev.go4j.patterns.ratelimit;

import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZZ_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * Hazard: concurrent {@code tryAcquire} calls on a window limiter with room for fewer permits than they
 * ask for together.
 *
 * <p>Hypothesis: never more than {@code limit} permits in the window — the sliding log under its lock,
 * and the sliding-window counter through its one CAS — and never fewer than fit: every permit the
 * window has room for goes to some caller (all or nothing per call). The counter's roll-over to a new
 * window, racing callers that read the clock before and after it moved, grants no extra permit.
 *
 * <p>Run just this hazard: {@code cd stress-tests/target && java -jar jcstress.jar -t
 * SlidingLogConcurrentAcquire}.
 */
public class SlidingLogConcurrentAcquire {

    private SlidingLogConcurrentAcquire() {}

    private static final Duration HOUR = Duration.ofHours(1);

    /** The exact log, limit 2: three callers ask for one permit each; exactly two win. */
    @JCStressTest
    @Outcome(id = "true, true, false", expect = Expect.ACCEPTABLE, desc = "two permits, to the first and second callers")
    @Outcome(id = "true, false, true", expect = Expect.ACCEPTABLE, desc = "two permits, to the first and third callers")
    @Outcome(id = "false, true, true", expect = Expect.ACCEPTABLE, desc = "two permits, to the second and third callers")
    @Outcome(id = "true, true, true", expect = Expect.FORBIDDEN, desc = "three permits in a window of two: over-grant")
    @Outcome(expect = Expect.FORBIDDEN, desc = "fewer than two granted: a permit the window had room for was lost")
    @State
    public static class Log {
        private final SlidingLogLimiter limiter = new SlidingLogLimiter(2, HOUR, new ManualClock());

        @Actor
        public void first(ZZZ_Result r) {
            r.r1 = limiter.tryAcquire();
        }

        @Actor
        public void second(ZZZ_Result r) {
            r.r2 = limiter.tryAcquire();
        }

        @Actor
        public void third(ZZZ_Result r) {
            r.r3 = limiter.tryAcquire();
        }
    }

    /**
     * The exact log, limit 3, one caller asking for 2 and two for 1: the window's three permits always
     * go, all or nothing per call.
     */
    @JCStressTest
    @Outcome(id = "true, true, false", expect = Expect.ACCEPTABLE, desc = "2 + 1: the third caller found the window full")
    @Outcome(id = "true, false, true", expect = Expect.ACCEPTABLE, desc = "2 + 1: the second caller found the window full")
    @Outcome(id = "false, true, true", expect = Expect.ACCEPTABLE, desc = "1 + 1 first: the 2 no longer fit")
    @Outcome(id = "true, true, true", expect = Expect.FORBIDDEN, desc = "4 permits in a window of 3: over-grant")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a permit the window had room for was lost, or a call took part of its permits")
    @State
    public static class LogManyPermits {
        private final SlidingLogLimiter limiter = new SlidingLogLimiter(3, HOUR, new ManualClock());

        @Actor
        public void two(ZZZ_Result r) {
            r.r1 = limiter.tryAcquire(2);
        }

        @Actor
        public void oneA(ZZZ_Result r) {
            r.r2 = limiter.tryAcquire(1);
        }

        @Actor
        public void oneB(ZZZ_Result r) {
            r.r3 = limiter.tryAcquire(1);
        }
    }

    /** The lock-free counter, limit 2, in its first window: three callers; exactly two win. */
    @JCStressTest
    @Outcome(id = "true, true, false", expect = Expect.ACCEPTABLE, desc = "two permits, to the first and second callers")
    @Outcome(id = "true, false, true", expect = Expect.ACCEPTABLE, desc = "two permits, to the first and third callers")
    @Outcome(id = "false, true, true", expect = Expect.ACCEPTABLE, desc = "two permits, to the second and third callers")
    @Outcome(id = "true, true, true", expect = Expect.FORBIDDEN, desc = "three permits in a window of two: a lost CAS update")
    @Outcome(expect = Expect.FORBIDDEN, desc = "fewer than two granted: a permit the window had room for was lost")
    @State
    public static class WindowCounter {
        private final SlidingWindowLimiter limiter = new SlidingWindowLimiter(2, HOUR, new ManualClock());

        @Actor
        public void first(ZZZ_Result r) {
            r.r1 = limiter.tryAcquire();
        }

        @Actor
        public void second(ZZZ_Result r) {
            r.r2 = limiter.tryAcquire();
        }

        @Actor
        public void third(ZZZ_Result r) {
            r.r3 = limiter.tryAcquire();
        }
    }

    /**
     * The lock-free counter, limit 1, its first window full; the clock moves two windows on (forgetting
     * everything) while two callers try. A caller that read the time before the move sees the full
     * window and is refused; after it, exactly one permit is free: a stale reading must never clobber
     * the rolled-over state and let a second one through.
     */
    @JCStressTest
    @Outcome(id = "true, false", expect = Expect.ACCEPTABLE, desc = "the first caller took the new window's permit")
    @Outcome(id = "false, true", expect = Expect.ACCEPTABLE, desc = "the second caller took the new window's permit")
    @Outcome(id = "false, false", expect = Expect.ACCEPTABLE_INTERESTING, desc = "both read the clock before it moved: the old window was full")
    @Outcome(id = "true, true", expect = Expect.FORBIDDEN, desc = "two permits in a window of one: a stale window overwrote the roll-over")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class WindowCounterRollOver {
        private final ManualClock clock = new ManualClock();
        private final SlidingWindowLimiter limiter = new SlidingWindowLimiter(1, HOUR, clock);

        public WindowCounterRollOver() {
            limiter.tryAcquire();
        }

        @Actor
        public void clockMoves() {
            clock.advance(HOUR.multipliedBy(2));
        }

        @Actor
        public void first(ZZ_Result r) {
            r.r1 = limiter.tryAcquire();
        }

        @Actor
        public void second(ZZ_Result r) {
            r.r2 = limiter.tryAcquire();
        }
    }
}
