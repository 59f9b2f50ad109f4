package dev.go4j.patterns.cache;

import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: a {@code get} that finds an expired entry racing a {@code set} that replaces it. The
 * idiomatic cache removes what a read finds expired; done carelessly ({@code map.remove(k)} instead of
 * {@code map.remove(k, expiredEntry)}) that removal deletes the value the racing set has just written.
 *
 * <p>Hypothesis: the get returns either nothing (it ran before the set) or the new value, never the
 * expired one; and after both the new value is in the cache — the expired entry's removal never takes
 * the new one with it. Results: r1 is what the get returned, r2 what a get returns after both
 * (0 = nothing, 1 = the expired value, 2 = the new value).
 *
 * <p>Run just this hazard: {@code ./mvnw -Pjcstress -Djcstress.args="-t CacheGetVsExpiredSet"}, or
 * {@code java -jar stress-tests/target/jcstress.jar -t CacheGetVsExpiredSet}.
 */
public class CacheGetVsExpiredSet {

    private CacheGetVsExpiredSet() {}

    static int code(String v) {
        return v == null ? 0 : v.equals("expired") ? 1 : v.equals("new") ? 2 : 9;
    }

    /**
     * The model of the hazard: a map of (value, deadline) entries whose read removes an expired entry by
     * key ({@code map.remove(k)}) instead of by entry. The lost new value this class hunts shows up here,
     * and must never show up in the tests of the real caches below.
     */
    @JCStressTest
    @Outcome(id = "0, 2", expect = Expect.ACCEPTABLE, desc = "the get came first and removed the expired entry; the new value stays")
    @Outcome(id = "2, 2", expect = Expect.ACCEPTABLE, desc = "the get came after the set: the new value")
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE_INTERESTING,
            desc = "the hazard: the get saw the expired entry, the set wrote the new one, the removal by key took it (the model only)")
    @Outcome(expect = Expect.FORBIDDEN, desc = "not even the model can do this")
    @State
    public static class RemoveByKeyModel {
        record Item(String value, long expiresAt) {}

        private final java.util.concurrent.ConcurrentHashMap<String, Item> map = new java.util.concurrent.ConcurrentHashMap<>();
        private final long now = 10;

        public RemoveByKeyModel() {
            map.put("k", new Item("expired", now));
        }

        @Actor
        public void getter(II_Result r) {
            Item it = map.get("k");
            if (it != null && now - it.expiresAt() >= 0) {
                map.remove("k"); // the bug: should be map.remove("k", it)
                it = null;
            }
            r.r1 = code(it == null ? null : it.value());
        }

        @Actor
        public void setter() {
            map.put("k", new Item("new", now + 100));
        }

        @Arbiter
        public void after(II_Result r) {
            Item it = map.get("k");
            r.r2 = code(it == null ? null : it.value());
        }
    }

    /** The idiomatic flavour: lazy removal on read against the set. */
    @JCStressTest
    @Outcome(id = "0, 2", expect = Expect.ACCEPTABLE, desc = "the get came first: absent; the new value stays")
    @Outcome(id = "2, 2", expect = Expect.ACCEPTABLE, desc = "the get came after the set: the new value")
    @Outcome(id = {"1, 0", "1, 2"}, expect = Expect.FORBIDDEN, desc = "the get returned the expired value")
    @Outcome(id = {"0, 0", "2, 0"}, expect = Expect.FORBIDDEN, desc = "the new value was lost: the expired entry's removal took it")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class Concurrent {
        private final Cache<String, String> cache;

        public Concurrent() {
            ManualClock clock = new ManualClock();
            cache = Cache.builder().defaultTtl(Duration.ofMinutes(1)).clock(clock).build();
            cache.set("k", "expired", Duration.ofSeconds(1));
            clock.advance(Duration.ofSeconds(1));
        }

        @Actor
        public void getter(II_Result r) {
            r.r1 = code(cache.get("k"));
        }

        @Actor
        public void setter() {
            cache.set("k", "new");
        }

        @Arbiter
        public void after(II_Result r) {
            r.r2 = code(cache.get("k"));
        }
    }

    /** The literal port: the read lock against the write lock; the janitor never runs (1 h interval). */
    @JCStressTest
    @Outcome(id = "0, 2", expect = Expect.ACCEPTABLE, desc = "the get came first: absent; the new value stays")
    @Outcome(id = "2, 2", expect = Expect.ACCEPTABLE, desc = "the get came after the set: the new value")
    @Outcome(id = {"1, 0", "1, 2"}, expect = Expect.FORBIDDEN, desc = "the get returned the expired value")
    @Outcome(id = {"0, 0", "2, 0"}, expect = Expect.FORBIDDEN, desc = "the new value was lost")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class RWMutex {
        private final Cache<String, String> cache;

        public RWMutex() {
            ManualClock clock = new ManualClock();
            cache = Cache.builder().defaultTtl(Duration.ofMinutes(1)).janitorInterval(Duration.ofHours(1))
                    .clock(clock).buildRWMutex();
            cache.set("k", "expired", Duration.ofSeconds(1));
            clock.advance(Duration.ofSeconds(1));
        }

        @Actor
        public void getter(II_Result r) {
            r.r1 = code(cache.get("k"));
        }

        @Actor
        public void setter() {
            cache.set("k", "new");
        }

        @Arbiter
        public void after(II_Result r) {
            r.r2 = code(cache.get("k"));
            cache.close(); // ends this state's janitor goroutine
        }
    }
}
