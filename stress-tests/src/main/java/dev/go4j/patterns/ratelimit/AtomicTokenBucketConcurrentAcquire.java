package dev.go4j.patterns.ratelimit;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Hazard: concurrent acquires on the lock-free {@link AtomicTokenBucket}, whose only state is one
 * {@code long} changed by compare-and-set.
 *
 * <p>Hypothesis: the CAS on the theoretical arrival time never grants more permits than the bucket
 * holds, never loses one (a refused caller wrote nothing, so what it did not get is still there), and
 * a blocking acquire that gives up before waiting (its wait would pass its deadline) leaves no
 * reservation behind. The clock is a {@link ManualClock} that does not move, so the bucket holds
 * exactly the tokens each test starts with; the arbiter counts grants against them.
 *
 * <p>Run just this hazard: {@code cd stress-tests/target && java -XX:ActiveProcessorCount=4
 * -Dos.name=Oversubscribed -jar jcstress.jar -m quick -af NONE -t AtomicTokenBucketConcurrentAcquire}
 */
public class AtomicTokenBucketConcurrentAcquire {

    private AtomicTokenBucketConcurrentAcquire() {}

    /** Burst 1, full: two tries race for the one token. r1, r2 = granted; r3 = tokens left. */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "the first try won the token")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the second try won the token")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both won: one token granted twice")
    @Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "both refused although a token was there: token lost")
    @Outcome(expect = FORBIDDEN, desc = "the tokens left disagree with the grants")
    @State
    public static class OneTokenTwoTries {
        final AtomicTokenBucket bucket = new AtomicTokenBucket(1, 1, new ManualClock());

        @Actor
        public void first(III_Result r) {
            r.r1 = bucket.tryAcquire() ? 1 : 0;
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = bucket.tryAcquire() ? 1 : 0;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = (int) bucket.available();
        }
    }

    /** Burst 3, full: two tries of 2 race; only one fits. r1, r2 = granted; r3 = tokens left. */
    @JCStressTest
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "the first took 2, the second's 2 did not fit; 1 left")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "the second took 2, the first's 2 did not fit; 1 left")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "4 permits granted from 3 tokens")
    @Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "both refused with 3 tokens there: a refusal took something")
    @Outcome(expect = FORBIDDEN, desc = "the tokens left disagree with the grants")
    @State
    public static class TwoTriesOfTwoFromThree {
        final AtomicTokenBucket bucket = new AtomicTokenBucket(1, 3, new ManualClock());

        @Actor
        public void first(III_Result r) {
            r.r1 = bucket.tryAcquire(2) ? 1 : 0;
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = bucket.tryAcquire(2) ? 1 : 0;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = (int) bucket.available();
        }
    }

    /**
     * Burst 2, full: three tries of 1 race (three actors: run with {@code ActiveProcessorCount=4} on a
     * small machine). r1..r3 = granted; r4 = tokens left.
     */
    @JCStressTest
    @Outcome(id = {"1, 1, 0, 0", "1, 0, 1, 0", "0, 1, 1, 0"}, expect = ACCEPTABLE,
            desc = "exactly two of the three won, none left")
    @Outcome(id = "1, 1, 1, .*", expect = FORBIDDEN, desc = "three permits granted from two tokens")
    @Outcome(expect = FORBIDDEN, desc = "fewer than two won although two tokens were there, or the count is off")
    @State
    public static class TwoTokensThreeTries {
        final AtomicTokenBucket bucket = new AtomicTokenBucket(1, 2, new ManualClock());

        @Actor
        public void first(IIII_Result r) {
            r.r1 = bucket.tryAcquire() ? 1 : 0;
        }

        @Actor
        public void second(IIII_Result r) {
            r.r2 = bucket.tryAcquire() ? 1 : 0;
        }

        @Actor
        public void third(IIII_Result r) {
            r.r3 = bucket.tryAcquire() ? 1 : 0;
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            r.r4 = (int) bucket.available();
        }
    }

    /**
     * Burst 1, full: a blocking acquire whose context allows 1 ms races a try. The one that loses
     * the token is refused; the acquire is refused without waiting (the token would come back only in
     * a second) and must leave no reservation. r1 = acquire returned, r2 = try granted, r3 = tokens
     * left (-1 would be a reservation left behind).
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "the acquire took the token; the try was refused")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the try took the token; the acquire gave up at once, taking nothing")
    @Outcome(id = "0, 1, -1", expect = FORBIDDEN, desc = "the acquire gave up but left its reservation: a permit lost")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both got the one token")
    @Outcome(expect = FORBIDDEN, desc = "a token lost, or the count disagrees with the grants")
    @State
    public static class AcquireWithDeadlineVsTry {
        final ManualClock clock = new ManualClock();
        final AtomicTokenBucket bucket = new AtomicTokenBucket(1, 1, clock);
        final Context ctx = Context.withTimeout(Context.background(), Duration.ofMillis(1), clock);

        @Actor
        public void acquirer(III_Result r) {
            r.r1 = acquire(bucket, ctx);
        }

        @Actor
        public void trier(III_Result r) {
            r.r2 = bucket.tryAcquire() ? 1 : 0;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = (int) bucket.available();
        }
    }

    /** A context-bounded acquire of one permit that must not block: 1 if it returned, 0 if refused. */
    static int acquire(RateLimiter limiter, Context ctx) {
        try {
            limiter.acquire(ctx, 1);
            return 1;
        } catch (WaitExceedsDeadlineException | ContextException refused) {
            return 0;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
