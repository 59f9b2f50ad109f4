package dev.go4j.patterns.ratelimit;

import dev.go4j.time.ManualClock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: two callers of a {@link Limiter} (Go's {@code x/time/rate}) race for the last token.
 *
 * <p>Hypothesis: with time frozen ({@link ManualClock}) and one token left, exactly one caller gets it
 * and the bucket is left empty — never both (an over-grant), never neither (a lost token) — whether
 * the callers use {@code allow}, {@code reserve} or one of each.
 *
 * <p>Run just this hazard: {@code cd stress-tests/target && java -jar jcstress.jar -t LimiterConcurrentAllow}
 */
public class LimiterConcurrentAllow {

    private LimiterConcurrentAllow() {}

    /** A limiter of 10/s and burst 2 on a frozen clock, with one of its two tokens taken. */
    static Limiter oneTokenLeft() {
        Limiter lim = new Limiter(Limit.of(10), 2, new ManualClock());
        lim.allow();
        return lim;
    }

    /** Two {@code allow()} calls, one token: r1, r2 = who got it; r3 = tokens left afterwards. */
    @JCStressTest
    @Outcome(id = {"1, 0, 0", "0, 1, 0"}, expect = Expect.ACCEPTABLE, desc = "one caller took the last token; the bucket is empty")
    @Outcome(id = "1, 1, -1", expect = Expect.FORBIDDEN, desc = "both took it: over-grant, the bucket went into debt through allow")
    @Outcome(id = "1, 1, 0", expect = Expect.FORBIDDEN, desc = "both took it: a lost update of the token count")
    @Outcome(id = "0, 0, 1", expect = Expect.FORBIDDEN, desc = "nobody took the token that was there: token lost to the race")
    @Outcome(expect = Expect.FORBIDDEN, desc = "the grants and the tokens left disagree")
    @State
    public static class AllowVsAllow {
        private final Limiter lim = oneTokenLeft();

        @Actor
        public void first(III_Result r) {
            r.r1 = lim.allow() ? 1 : 0;
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = lim.allow() ? 1 : 0;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = (int) Math.floor(lim.tokens());
        }
    }

    /**
     * An {@code allow()} races a {@code reserve()}: r1 = the allow got the token; r2 = the reservation's
     * delay in periods (0 = act now, 1 = one period later); r3 = tokens left.
     */
    @JCStressTest
    @Outcome(id = "1, 1, -1", expect = Expect.ACCEPTABLE, desc = "allow first took the token; the reservation borrows the next one")
    @Outcome(id = "0, 0, 0", expect = Expect.ACCEPTABLE, desc = "reserve first took the token; the allow is refused")
    @Outcome(id = "1, 0, -1", expect = Expect.FORBIDDEN, desc = "both acted now on one token: over-grant")
    @Outcome(id = "0, 1, -1", expect = Expect.FORBIDDEN, desc = "the allow was refused yet the reservation waits: token lost")
    @Outcome(expect = Expect.FORBIDDEN, desc = "the grants and the tokens left disagree")
    @State
    public static class AllowVsReserve {
        private final Limiter lim = oneTokenLeft();

        @Actor
        public void allow(III_Result r) {
            r.r1 = lim.allow() ? 1 : 0;
        }

        @Actor
        public void reserve(III_Result r) {
            Reservation res = lim.reserve();
            r.r2 = (int) (res.delay().toMillis() / 100);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = (int) Math.floor(lim.tokens());
        }
    }
}
