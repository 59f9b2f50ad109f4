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
import org.openjdk.jcstress.infra.results.IIJ_Result;

/**
 * Hazard: a blocking acquire whose wait was cancelled gives its reservation back while another caller
 * reserves (or another cancelled waiter gives back) on the same token bucket.
 *
 * <p>Hypothesis: the give-back takes effect only while the cancelled reservation is the last one
 * (Go's {@code Reservation.CancelAt}: "tokens reserved after r should not be restored"), decided in
 * one atomic step with the reservations. Either the give-back comes first and the new caller takes
 * the returned slot, or the new reservation comes first and the give-back takes nothing (the slot
 * stays unused: later waiters keep their due times). Never both "given back" and "reserved after":
 * that would grant the new caller's slot twice. Each bucket has rate 1/s and burst 1 on a
 * {@link ManualClock} that does not move; at the start its token is taken and one waiter's
 * reservation is pending (due in 1 s). The actors use the buckets' package-private reserve and
 * give-back, the two halves of {@code acquire(ctx, n)} around its park.
 *
 * <p>Run just this hazard: {@code cd stress-tests/target && java -XX:ActiveProcessorCount=4
 * -Dos.name=Oversubscribed -jar jcstress.jar -m quick -af NONE -t TokenBucketGiveBackVsReserve}
 */
public class TokenBucketGiveBackVsReserve {

    private TokenBucketGiveBackVsReserve() {}

    static final long T = 1_000_000_000L;

    /**
     * Lock-free bucket: the waiter (slot ending at 2 s) gives back while a new caller reserves. r1 = 1
     * if the slot was given back, r2 = the second at which the new reservation's slot ends, r3 = the
     * tokens left (negative: owed to waiters).
     */
    @JCStressTest
    @Outcome(id = "1, 2, -1", expect = ACCEPTABLE, desc = "give-back first: the new caller took the returned slot")
    @Outcome(id = "0, 3, -2", expect = ACCEPTABLE_INTERESTING,
            desc = "reservation first: nothing given back, the cancelled slot stays unused")
    @Outcome(id = "1, 3, .*", expect = FORBIDDEN,
            desc = "given back although a reservation came after it: the new caller's slot is granted twice")
    @Outcome(id = "0, 2, .*", expect = FORBIDDEN, desc = "the new caller was given a slot still held")
    @Outcome(expect = FORBIDDEN, desc = "the tokens left disagree with the slots")
    @State
    public static class Atomic {
        final AtomicTokenBucket bucket = new AtomicTokenBucket(1, 1, new ManualClock());
        final long waiter;

        public Atomic() {
            if (!bucket.tryAcquire()) {
                throw new AssertionError("a fresh bucket must be full");
            }
            waiter = bucket.reserve(null, 1); // ends at 2 s: due at 1 s
        }

        @Actor
        public void cancelledWaiter(III_Result r) {
            r.r1 = bucket.giveBack(waiter, 1) ? 1 : 0;
        }

        @Actor
        public void newCaller(III_Result r) {
            r.r2 = (int) (bucket.reserve(null, 1) / T);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = (int) bucket.available();
        }
    }

    /**
     * Locking bucket: the waiter (take number 2) gives back while a new caller reserves. r1 = 1 if the
     * permit was given back, r2 = the new reservation's take number, r3 = the tokens left.
     */
    @JCStressTest
    @Outcome(id = "1, 2, -1", expect = ACCEPTABLE, desc = "give-back first: the new caller is the second take again")
    @Outcome(id = "0, 3, -2", expect = ACCEPTABLE_INTERESTING,
            desc = "reservation first: nothing given back, the cancelled permit stays taken")
    @Outcome(id = "1, 3, .*", expect = FORBIDDEN,
            desc = "given back although a take came after it: the new caller's instant is granted twice")
    @Outcome(id = "0, 2, .*", expect = FORBIDDEN, desc = "two takes with one number: a give-back lost")
    @Outcome(expect = FORBIDDEN, desc = "the tokens left disagree with the takes")
    @State
    public static class Locking {
        final LockingTokenBucket bucket = new LockingTokenBucket(1, 1, new ManualClock());
        final long waiter;

        public Locking() {
            if (!bucket.tryAcquire()) {
                throw new AssertionError("a fresh bucket must be full");
            }
            waiter = bucket.reserve(1); // the second take
        }

        @Actor
        public void cancelledWaiter(III_Result r) {
            r.r1 = bucket.giveBack(waiter, 1) ? 1 : 0;
        }

        @Actor
        public void newCaller(III_Result r) {
            r.r2 = (int) bucket.reserve(1);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = (int) Math.floor(bucket.available());
        }
    }

    /**
     * Lock-free bucket: two waiters (slots ending at 2 s and 3 s) are cancelled at once. r1, r2 = 1 if
     * the first, the second gave its slot back; r3 = the tokens left.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "the last gave back first, then the first was the last: both slots back")
    @Outcome(id = "0, 1, -1", expect = ACCEPTABLE_INTERESTING,
            desc = "the first tried while the second still counted on it: only the last slot came back")
    @Outcome(id = "1, 0, .*", expect = FORBIDDEN,
            desc = "the first gave back while the second still waited behind it: a slot granted twice")
    @Outcome(expect = FORBIDDEN, desc = "a give-back lost, or the tokens disagree")
    @State
    public static class AtomicTwoWaitersCancelled {
        final AtomicTokenBucket bucket = new AtomicTokenBucket(1, 1, new ManualClock());
        final long first;
        final long second;

        public AtomicTwoWaitersCancelled() {
            if (!bucket.tryAcquire()) {
                throw new AssertionError("a fresh bucket must be full");
            }
            first = bucket.reserve(null, 1);
            second = bucket.reserve(null, 1);
        }

        @Actor
        public void firstCancelled(IIJ_Result r) {
            r.r1 = bucket.giveBack(first, 1) ? 1 : 0;
        }

        @Actor
        public void secondCancelled(IIJ_Result r) {
            r.r2 = bucket.giveBack(second, 1) ? 1 : 0;
        }

        @Arbiter
        public void arbiter(IIJ_Result r) {
            r.r3 = bucket.available();
        }
    }
}
