package dev.go4j.patterns.ratelimit;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.go4j.context.Context;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: a token coming back (the clock advancing one period: a lazy refill for the atomic and the
 * locking buckets, a tick that sends into the channel for the channel port) races a caller taking
 * one.
 *
 * <p>Hypothesis: nothing is lost and nothing is granted twice. Each bucket has rate 10/s and burst
 * 1 and is drained at the start; one actor advances its {@link ManualClock} by 100 ms (exactly one
 * token comes back), the other tries to take a token; then the arbiter tries once more. Exactly one
 * of the two takers gets the one token, whoever came first.
 *
 * <p>Run just this hazard: {@code cd stress-tests/target && java -XX:ActiveProcessorCount=4
 * -Dos.name=Oversubscribed -jar jcstress.jar -m quick -af NONE -t TokenBucketRefillVsAcquire}
 */
public class TokenBucketRefillVsAcquire {

    private TokenBucketRefillVsAcquire() {}

    static final Duration PERIOD = Duration.ofMillis(100);

    /** A drained bucket of rate 10/s, burst 1, on {@code clock}. */
    static <T extends RateLimiter> T drained(T bucket) {
        if (!bucket.tryAcquire()) {
            throw new AssertionError("a fresh bucket must be full");
        }
        return bucket;
    }

    /** Lock-free bucket: advance vs tryAcquire. r1 = the racing try, r2 = the arbiter's try. */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the try came after the refill and took the token")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the try came before the refill; the token waited for the arbiter")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "one refilled token granted twice")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "the refilled token was lost")
    @Outcome(expect = FORBIDDEN, desc = "impossible")
    @State
    public static class Atomic {
        final ManualClock clock = new ManualClock();
        final AtomicTokenBucket bucket = drained(new AtomicTokenBucket(10, 1, clock));

        @Actor
        public void refill() {
            clock.advance(PERIOD);
        }

        @Actor
        public void taker(II_Result r) {
            r.r1 = bucket.tryAcquire() ? 1 : 0;
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = bucket.tryAcquire() ? 1 : 0;
        }
    }

    /** Locking bucket: advance vs tryAcquire. r1 = the racing try, r2 = the arbiter's try. */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the try came after the refill and took the token")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the try came before the refill; the token waited for the arbiter")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "one refilled token granted twice")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "the refilled token was lost")
    @Outcome(expect = FORBIDDEN, desc = "impossible")
    @State
    public static class Locking {
        final ManualClock clock = new ManualClock();
        final LockingTokenBucket bucket = drained(new LockingTokenBucket(10, 1, clock));

        @Actor
        public void refill() {
            clock.advance(PERIOD);
        }

        @Actor
        public void taker(II_Result r) {
            r.r1 = bucket.tryAcquire() ? 1 : 0;
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = bucket.tryAcquire() ? 1 : 0;
        }
    }

    /** Channel port: the tick's send vs tryAcquire's receive. r1 = the racing try, r2 = the arbiter's. */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the try came after the tick and received the token")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the try came before the tick; the token waited in the channel")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "one ticked token received twice")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "the ticked token was lost")
    @Outcome(expect = FORBIDDEN, desc = "impossible")
    @State
    public static class ChannelPort {
        final ManualClock clock = new ManualClock();
        final ChannelTokenBucket bucket = drained(new ChannelTokenBucket(10, 1, clock));

        @Actor
        public void tick() {
            clock.advance(PERIOD);
        }

        @Actor
        public void taker(II_Result r) {
            r.r1 = bucket.tryAcquire() ? 1 : 0;
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = bucket.tryAcquire() ? 1 : 0;
            bucket.close(); // release the ticker's place in the clock
        }
    }

    /**
     * Locking bucket: advance vs a blocking acquire whose context allows 1 ms, which either finds the
     * token or gives up at once (taking nothing). r1 = the acquire returned, r2 = the arbiter's try.
     */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the acquire came after the refill and took the token")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the acquire came first and gave up without reserving; the token waited")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "the acquire gave up but left a reservation: the token was lost")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "one token granted twice")
    @Outcome(expect = FORBIDDEN, desc = "impossible")
    @State
    public static class LockingAcquireWithDeadline {
        final ManualClock clock = new ManualClock();
        final LockingTokenBucket bucket = drained(new LockingTokenBucket(10, 1, clock));
        final Context ctx = Context.withTimeout(Context.background(), Duration.ofMillis(1), clock);

        @Actor
        public void refill() {
            clock.advance(PERIOD);
        }

        @Actor
        public void acquirer(II_Result r) {
            r.r1 = AtomicTokenBucketConcurrentAcquire.acquire(bucket, ctx);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = bucket.tryAcquire() ? 1 : 0;
        }
    }

    /** The same race on the lock-free bucket: its reservation CAS vs the clock moving. */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the acquire came after the refill and took the token")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the acquire came first and gave up without reserving; the token waited")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "the acquire gave up but left a reservation: the token was lost")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "one token granted twice")
    @Outcome(expect = FORBIDDEN, desc = "impossible")
    @State
    public static class AtomicAcquireWithDeadline {
        final ManualClock clock = new ManualClock();
        final AtomicTokenBucket bucket = drained(new AtomicTokenBucket(10, 1, clock));
        final Context ctx = Context.withTimeout(Context.background(), Duration.ofMillis(1), clock);

        @Actor
        public void refill() {
            clock.advance(PERIOD);
        }

        @Actor
        public void acquirer(II_Result r) {
            r.r1 = AtomicTokenBucketConcurrentAcquire.acquire(bucket, ctx);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = bucket.tryAcquire() ? 1 : 0;
        }
    }
}
