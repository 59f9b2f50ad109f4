package dev.go4j.patterns.cache;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: two {@code getOrLoad} calls missing the same key at once (a cache stampede in miniature).
 *
 * <p>Hypothesis: the loader runs exactly once, whatever the interleaving. Callers that overlap share
 * the flight; a caller that comes after the flight finds the value it cached (the value is installed
 * before the flight ends, so no caller can fall between the two and load again). Results: r1 and r2
 * are the load numbers the two callers got, r3 the number of loads.
 *
 * <p>Run just this hazard: {@code ./mvnw -Pjcstress -Djcstress.args="-t CacheOneLoadPerFlight"}, or
 * {@code java -jar stress-tests/target/jcstress.jar -t CacheOneLoadPerFlight}.
 */
public class CacheOneLoadPerFlight {

    private CacheOneLoadPerFlight() {}

    static int load(Cache<String, Integer> cache, AtomicInteger loads) {
        try {
            return cache.getOrLoad("k", loads::incrementAndGet);
        } catch (ExecutionException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The idiomatic flavour. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "one load; both callers got its value (shared or cached)")
    @Outcome(id = {"1, 2, 2", "2, 1, 2"}, expect = Expect.FORBIDDEN, desc = "two loads: the second caller missed the flight and the cached value")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a caller got no value, or a value of no load")
    @State
    public static class Concurrent {
        private final Cache<String, Integer> cache = Cache.builder().defaultTtl(Duration.ofMinutes(1)).build();
        private final AtomicInteger loads = new AtomicInteger();

        @Actor
        public void first(III_Result r) {
            r.r1 = load(cache, loads);
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = load(cache, loads);
        }

        @Arbiter
        public void loads(III_Result r) {
            r.r3 = loads.get();
        }
    }

    /** The literal port (its janitor never ticks in the test's span: 1 h interval). */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "one load; both callers got its value (shared or cached)")
    @Outcome(id = {"1, 2, 2", "2, 1, 2"}, expect = Expect.FORBIDDEN, desc = "two loads: the second caller missed the flight and the cached value")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a caller got no value, or a value of no load")
    @State
    public static class RWMutex {
        private final Cache<String, Integer> cache = Cache.builder().defaultTtl(Duration.ofMinutes(1))
                .janitorInterval(Duration.ofHours(1)).buildRWMutex();
        private final AtomicInteger loads = new AtomicInteger();

        @Actor
        public void first(III_Result r) {
            r.r1 = load(cache, loads);
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = load(cache, loads);
        }

        @Arbiter
        public void loads(III_Result r) {
            r.r3 = loads.get();
            cache.close();
        }
    }
}
