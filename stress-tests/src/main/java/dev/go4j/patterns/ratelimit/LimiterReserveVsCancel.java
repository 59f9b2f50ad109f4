package dev.go4j.patterns.ratelimit;

import dev.go4j.time.ManualClock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Hazard: a {@link Reservation} is cancelled while another caller reserves on the same
 * {@link Limiter} (Go's {@code r.Cancel()} racing {@code lim.Reserve()}), or while it is cancelled a
 * second time.
 *
 * <p>Hypothesis: a cancel gives back only what no later reservation counts on, so tokens are never
 * created from nothing: whichever call wins the lock, the tokens left plus the tokens held by live
 * reservations never exceed what the bucket had. A reservation cancelled twice gives back once. Time is
 * frozen ({@link ManualClock}), so each order has one exact outcome.
 *
 * <p>Run just this hazard: {@code cd stress-tests/target && java -jar jcstress.jar -t LimiterReserveVsCancel}
 */
public class LimiterReserveVsCancel {

    private LimiterReserveVsCancel() {}

    /**
     * 10/s, burst 2, both tokens taken and one more reserved (due in one period). The cancel of that
     * reservation races a new reservation: r1 = the new reservation's delay in periods, r2 = tokens left.
     */
    @JCStressTest
    @Outcome(id = "1, -1", expect = Expect.ACCEPTABLE, desc = "cancel first: its token came back and the new reservation took it")
    @Outcome(id = "2, -2", expect = Expect.ACCEPTABLE, desc = "reserve first: it queued behind the old one, whose cancel then gave nothing back (the new one counts on that span)")
    @Outcome(id = "2, -1", expect = Expect.FORBIDDEN, desc = "the cancel gave back a token the new reservation counts on: a token from nothing")
    @Outcome(id = "1, -2", expect = Expect.FORBIDDEN, desc = "cancel first yet its token never came back: token lost")
    @Outcome(expect = Expect.FORBIDDEN, desc = "the delay and the tokens left disagree")
    @State
    public static class CancelVsReserve {
        private final Limiter lim = new Limiter(Limit.of(10), 2, new ManualClock());
        private final Reservation old;

        public CancelVsReserve() {
            lim.allowN(0L, 2);
            old = lim.reserve();
        }

        @Actor
        public void cancel() {
            old.cancel();
        }

        @Actor
        public void reserve(II_Result r) {
            r.r1 = (int) (lim.reserve().delay().toMillis() / 100);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = (int) Math.floor(lim.tokens());
        }
    }

    /** The same reservation cancelled by two threads at once: r1 = tokens left afterwards. */
    @JCStressTest
    @Outcome(id = "0", expect = Expect.ACCEPTABLE, desc = "the reserved token came back once")
    @Outcome(id = "1", expect = Expect.FORBIDDEN, desc = "the token came back twice: a token from nothing (Go's CancelAt has no guard)")
    @Outcome(id = "-1", expect = Expect.FORBIDDEN, desc = "neither cancel gave the token back: token lost")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class CancelVsCancel {
        private final Limiter lim = new Limiter(Limit.of(10), 2, new ManualClock());
        private final Reservation r;

        public CancelVsCancel() {
            lim.allowN(0L, 2);
            r = lim.reserve();
        }

        @Actor
        public void first() {
            r.cancel();
        }

        @Actor
        public void second() {
            r.cancel();
        }

        @Arbiter
        public void arbiter(I_Result res) {
            res.r1 = (int) Math.floor(lim.tokens());
        }
    }
}
