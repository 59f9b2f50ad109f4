package dev.go4j.patterns.cache;

import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Hazard: two writers of new keys into a full bounded cache at once. A check-then-insert bound ("if
 * size &lt; max, put") lets both pass the check and leaves the cache one over its bound.
 *
 * <p>Hypothesis: the cache never holds more than its maximum, and each new write is kept (the victims
 * are the two old entries, which are closer to expiry and written first). Results: r1 = entries held
 * after both writes, r2 / r3 = 1 if the first / second writer's key is present then, r4 = the size the
 * second writer reads right after its own write, while the first may still be writing.
 *
 * <p>Run just this hazard: {@code ./mvnw -Pjcstress -Djcstress.args="-t CacheMaximumSizeConcurrentSets"},
 * or {@code java -jar stress-tests/target/jcstress.jar -t CacheMaximumSizeConcurrentSets}.
 */
public class CacheMaximumSizeConcurrentSets {

    private CacheMaximumSizeConcurrentSets() {}

    static final int MAX = 2;

    static Cache<String, String> full(CacheBuilder b, ManualClock clock, boolean literal) {
        b.defaultTtl(Duration.ofMinutes(1)).janitorInterval(Duration.ofHours(1)).clock(clock).maximumSize(MAX);
        Cache<String, String> c = literal ? b.buildRWMutex() : b.build();
        c.set("old1", "x", Duration.ofSeconds(10)); // closer to expiry than the new ones, and written first
        c.set("old2", "x", Duration.ofSeconds(10));
        return c;
    }

    static int present(Cache<String, String> c, String k) {
        return c.get(k) != null ? 1 : 0;
    }

    /**
     * The model of the hazard: "if the map is full, evict one; then put" with no reservation. Both
     * writers can see room for one (after one eviction) and both insert: one over the bound. The real
     * caches below must never show it.
     */
    @JCStressTest
    @Outcome(id = {"2, 1, 1, 1", "2, 1, 1, 2"}, expect = Expect.ACCEPTABLE, desc = "the writes did not overlap")
    @Outcome(id = {"3, 1, 1, 1", "3, 1, 1, 2", "3, 1, 1, 3", "2, 1, 1, 3"}, expect = Expect.ACCEPTABLE_INTERESTING,
            desc = "the hazard: both writers passed the check before either inserted: over the bound (the model only)")
    @Outcome(expect = Expect.FORBIDDEN, desc = "not even the model can do this (it evicts only old keys)")
    @State
    public static class CheckThenInsertModel {
        private final java.util.concurrent.ConcurrentHashMap<String, String> map = new java.util.concurrent.ConcurrentHashMap<>();

        public CheckThenInsertModel() {
            map.put("old1", "x");
            map.put("old2", "x");
        }

        private void set(String key) {
            if (map.size() >= MAX) { // the window: the other writer checks here too
                for (String k : map.keySet()) {
                    if (k.startsWith("old") && map.remove(k) != null) {
                        break;
                    }
                }
            }
            map.put(key, "y");
        }

        @Actor
        public void first() {
            set("new1");
        }

        @Actor
        public void second(IIII_Result r) {
            set("new2");
            r.r4 = map.size();
        }

        @Arbiter
        public void after(IIII_Result r) {
            r.r1 = map.size();
            r.r2 = map.containsKey("new1") ? 1 : 0;
            r.r3 = map.containsKey("new2") ? 1 : 0;
        }
    }

    /** The idiomatic flavour: slot reservation (CAS) plus sampled eviction. */
    @JCStressTest
    @Outcome(id = {"2, 1, 1, 1", "2, 1, 1, 2"}, expect = Expect.ACCEPTABLE, desc = "both new keys kept, the old ones evicted; never over the bound")
    @Outcome(id = {"2, 1, 0, 2", "2, 0, 1, 2", "2, 1, 0, 1", "2, 0, 1, 1"}, expect = Expect.ACCEPTABLE_INTERESTING,
            desc = "a writer's sample missed the old entries and evicted the other new key (sampled eviction is approximate); the bound held")
    @Outcome(id = {"3, 1, 1, 1", "3, 1, 1, 2", "3, 1, 1, 3", "2, 1, 1, 3"}, expect = Expect.FORBIDDEN, desc = "over the maximum size")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a new write lost, or the bound broken")
    @State
    public static class Concurrent {
        private final ConcurrentTtlCache<String, String> cache =
                (ConcurrentTtlCache<String, String>) full(Cache.builder(), new ManualClock(), false);

        @Actor
        public void first() {
            cache.set("new1", "y");
        }

        @Actor
        public void second(IIII_Result r) {
            cache.set("new2", "y");
            r.r4 = cache.size(); // a concurrent observer: never above the bound
        }

        @Arbiter
        public void after(IIII_Result r) {
            r.r1 = cache.held();
            r.r2 = present(cache, "new1");
            r.r3 = present(cache, "new2");
        }
    }

    /** The literal port: the bound is checked and kept under the write lock; FIFO eviction. */
    @JCStressTest
    @Outcome(id = {"2, 1, 1, 1", "2, 1, 1, 2"}, expect = Expect.ACCEPTABLE, desc = "both new keys kept, the two oldest writes evicted")
    @Outcome(id = {"3, 1, 1, 1", "3, 1, 1, 2", "3, 1, 1, 3", "2, 1, 1, 3"}, expect = Expect.FORBIDDEN, desc = "over the maximum size")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a new write lost (FIFO evicts the oldest write), or the bound broken")
    @State
    public static class RWMutex {
        private final RWMutexCache<String, String> cache =
                (RWMutexCache<String, String>) full(Cache.builder(), new ManualClock(), true);

        @Actor
        public void first() {
            cache.set("new1", "y");
        }

        @Actor
        public void second(IIII_Result r) {
            cache.set("new2", "y");
            r.r4 = cache.size(); // a concurrent observer: never above the bound
        }

        @Arbiter
        public void after(IIII_Result r) {
            r.r1 = cache.held();
            r.r2 = present(cache, "new1");
            r.r3 = present(cache, "new2");
            cache.close();
        }
    }
}
