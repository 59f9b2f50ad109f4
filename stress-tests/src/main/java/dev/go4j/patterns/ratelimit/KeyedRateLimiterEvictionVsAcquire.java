package dev.go4j.patterns.ratelimit;

import dev.go4j.context.Context;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Hazard: a {@link KeyedRateLimiter} evicting a key's limiter (idle, or to make room at the cap) while
 * a call on the same key is finding or using it.
 *
 * <p>Hypothesis: a limiter is never evicted (and closed) while a call is using it, never used after it
 * was evicted, and a key never has two limiters that both grant: with limiters of a burst of one that
 * never refill, the calls on one key get at most one permit between them, however the eviction and
 * the calls interleave. And the cap holds: never more keys than {@code maxKeys}.
 *
 * <p>Run just this hazard: {@code cd stress-tests/target && java -jar jcstress.jar -t
 * KeyedRateLimiterEvictionVsAcquire}.
 */
public class KeyedRateLimiterEvictionVsAcquire {

    private KeyedRateLimiterEvictionVsAcquire() {}

    private static final Duration IDLE = Duration.ofMinutes(1);

    /**
     * A burst of one that never refills; flags misuse: used after it was closed, or closed while in
     * use.
     */
    static final class Probe implements RateLimiter, AutoCloseable {
        private final AtomicInteger permits = new AtomicInteger(1);
        private final AtomicInteger inUse = new AtomicInteger();
        private volatile boolean closed;
        volatile boolean misused;

        @Override
        public boolean tryAcquire(int n) {
            inUse.incrementAndGet();
            if (closed) {
                misused = true;
            }
            boolean got = n == 0 || permits.compareAndSet(1, 0);
            inUse.decrementAndGet();
            return got;
        }

        @Override
        public void acquire(int n) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void acquire(Context ctx, int n) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed = true;
            if (inUse.get() != 0) {
                misused = true;
            }
        }
    }

    /** The shared set-up: a clock, a keyed limiter of probes, and every probe it made. */
    abstract static class Probes {
        final ManualClock clock = new ManualClock();
        final List<Probe> made = new CopyOnWriteArrayList<>();
        final KeyedRateLimiter<String> keyed;

        Probes(int maxKeys) {
            keyed = new KeyedRateLimiter<>(k -> {
                Probe p = new Probe();
                made.add(p);
                return p;
            }, maxKeys, IDLE, clock);
        }

        int misuse(int maxKeys) {
            boolean bad = keyed.size() > maxKeys || keyed.reservedSlots() > maxKeys;
            for (Probe p : made) {
                bad |= p.misused;
            }
            return bad ? 1 : 0;
        }
    }

    /**
     * Key "k" has a fresh limiter and has been idle for the idle time. One actor sweeps, then asks for
     * a permit; the other asks for a permit at the same time. r1, r2: permits granted; r3: evictions;
     * r4: misuse (1 = a limiter used after eviction, closed in use, or the cap broken).
     */
    @JCStressTest
    @Outcome(id = "0, 1, 0, 0", expect = Expect.ACCEPTABLE, desc = "the call used the old limiter before the sweep looked: not idle, kept; its one permit went to that call")
    @Outcome(id = "1, 0, 0, 0", expect = Expect.ACCEPTABLE, desc = "the call held the old limiter while the sweep looked (in use: kept); the sweeper's call took its permit first")
    @Outcome(id = "1, 0, 1, 0", expect = Expect.ACCEPTABLE_INTERESTING, desc = "evicted first; the sweeper's call took the new limiter's permit first")
    @Outcome(id = "0, 1, 1, 0", expect = Expect.ACCEPTABLE_INTERESTING, desc = "evicted first; the other call made or found the new limiter and took its permit first")
    @Outcome(id = "1, 1, .*", expect = Expect.FORBIDDEN, desc = "both calls got a permit: two limiters for one key both granted")
    @Outcome(id = "0, 0, .*", expect = Expect.FORBIDDEN, desc = "nobody got the key's one permit: a limiter was lost or a call was wrongly refused")
    @Outcome(id = ".*, .*, .*, 1", expect = Expect.FORBIDDEN, desc = "a limiter was used after eviction, closed while in use, or the cap was exceeded")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class IdleEvictionVsTryAcquire extends Probes {
        public IdleEvictionVsTryAcquire() {
            super(16);
            keyed.tryAcquire("k", 0); // make k's limiter without taking its permit
            clock.advance(IDLE);      // k is idle now
        }

        @Actor
        public void sweeperThenCaller(IIII_Result r) {
            keyed.cleanUp();
            r.r1 = keyed.tryAcquire("k") ? 1 : 0;
        }

        @Actor
        public void caller(IIII_Result r) {
            r.r2 = keyed.tryAcquire("k") ? 1 : 0;
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            r.r3 = (int) keyed.evictions();
            r.r4 = misuse(16);
        }
    }

    /**
     * The cap is one key and "a" holds it (fresh, not idle). One actor asks for new key "b", which must
     * evict "a" unless "a" is in use; the other asks for "a". r1: "b" granted; r2: "a" granted; r3: keys
     * held after both; r4: misuse (1 = a limiter used after eviction, closed in use, or more than one
     * key held or reserved at any check).
     */
    @JCStressTest
    @Outcome(id = "0, 1, 1, 0", expect = Expect.ACCEPTABLE, desc = "'a' was in use when 'b' came: 'b' rejected at the cap; 'a' granted")
    @Outcome(id = "1, 0, 1, 0", expect = Expect.ACCEPTABLE_INTERESTING, desc = "'b' evicted 'a' first; the call on 'a' then found 'b' in use and was rejected")
    @Outcome(id = "1, 1, 1, 0", expect = Expect.ACCEPTABLE, desc = "both granted: 'b' evicted 'a' (before or after its call), and a call on 'a' after that evicted 'b' or used the old 'a'")
    @Outcome(id = "0, 0, .*", expect = Expect.FORBIDDEN, desc = "both refused: a rejection without a limiter in use, or a lost permit")
    @Outcome(id = ".*, .*, .*, 1", expect = Expect.FORBIDDEN, desc = "a limiter was used after eviction, closed while in use, or the cap was exceeded")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible (for example more than one key held)")
    @State
    public static class CapacityEvictionVsTryAcquire extends Probes {
        public CapacityEvictionVsTryAcquire() {
            super(1);
            keyed.tryAcquire("a", 0);
        }

        @Actor
        public void newKey(IIII_Result r) {
            r.r1 = keyed.tryAcquire("b") ? 1 : 0;
            if (keyed.reservedSlots() > 1) {
                r.r4 = 1;
            }
        }

        @Actor
        public void oldKey(IIII_Result r) {
            r.r2 = keyed.tryAcquire("a") ? 1 : 0;
            if (keyed.reservedSlots() > 1) {
                r.r4 = 1;
            }
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            r.r3 = keyed.size();
            r.r4 |= misuse(1);
        }
    }
}
