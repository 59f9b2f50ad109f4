package dev.go4j.patterns.ratelimit;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.go4j.time.ManualClock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: two multi-permit tries on the channel port, {@link ChannelTokenBucket}, whose
 * "all or nothing" is several non-blocking receives and a put-back of what it took when it falls
 * short.
 *
 * <p>Hypothesis: never more permits granted than tokens; a caller that falls short puts back every
 * token it took, so none is lost. Both callers may fall short at once (each took one of the two
 * tokens): a legal, documented outcome under contention, shown as interesting.
 *
 * <p>Run just this hazard: {@code cd stress-tests/target && java -XX:ActiveProcessorCount=4
 * -Dos.name=Oversubscribed -jar jcstress.jar -m quick -af NONE -t ChannelTokenBucketConcurrentAcquire}
 */
public class ChannelTokenBucketConcurrentAcquire {

    private ChannelTokenBucketConcurrentAcquire() {}

    /** Burst 2, full: two tries of 2. r1, r2 = granted; r3 = tokens in the channel afterwards. */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "the first took both tokens")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the second took both tokens")
    @Outcome(id = "0, 0, 2", expect = ACCEPTABLE_INTERESTING, desc = "each took one, fell short and put it back: both refused, nothing lost")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "4 permits granted from 2 tokens")
    @Outcome(id = "0, 0, [01]", expect = FORBIDDEN, desc = "both refused and a token was not put back: lost")
    @Outcome(expect = FORBIDDEN, desc = "the tokens left disagree with the grants")
    @State
    public static class TwoTriesOfTwoFromTwo {
        final ChannelTokenBucket bucket = new ChannelTokenBucket(1, 2, new ManualClock());

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
            r.r3 = bucket.available();
            bucket.close();
        }
    }
}
