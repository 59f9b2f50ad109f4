package dev.go4j.sync;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Hazard: threads taking objects out of a {@link Pool} while others take or put.
 *
 * <p>Hypothesis: no object is handed to two threads, and a thread that gets an object sees what the
 * putting thread wrote into it before {@code put} (Go: "a call to Put(x) synchronizes before a call to
 * Get returning that same value x"). A get that finds nothing is legal — Go's {@code Get} may ignore
 * the pool — and on a machine with 8 or fewer processors, where every thread probes every stripe, it
 * shows only when the two threads' calls do not overlap.
 *
 * <p>Run just this hazard: {@code ./mvnw -Pjcstress -Djcstress.args="-t PoolGetVsPut"}, or
 * {@code java -jar stress-tests/target/jcstress.jar -t PoolGetVsPut}.
 */
public class PoolGetVsPut {

    private PoolGetVsPut() {}

    /** A pooled object with a plain field: only the pool publishes it. */
    static final class Item {
        int id;
    }

    /** One pooled object, two concurrent gets: exactly one of them may take it. */
    @JCStressTest
    @Outcome(id = {"1, 0", "0, 1"}, expect = Expect.ACCEPTABLE, desc = "one get took the object, the other found the pool empty")
    @Outcome(id = "1, 1", expect = Expect.FORBIDDEN, desc = "the object was handed to both threads")
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE_INTERESTING,
            desc = "neither get found it: legal, the object sat on a stripe neither thread probes")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class TwoGetsOneObject {
        private final Pool<Item> pool = new Pool<>();

        public TwoGetsOneObject() {
            pool.put(new Item());
        }

        @Actor
        public void get1(II_Result r) {
            r.r1 = pool.get() == null ? 0 : 1;
        }

        @Actor
        public void get2(II_Result r) {
            r.r2 = pool.get() == null ? 0 : 1;
        }
    }

    /** A put racing a get: the get finds nothing, or the object with its contents. */
    @JCStressTest
    @Outcome(id = "42", expect = Expect.ACCEPTABLE, desc = "the get took the object and sees what was written before put")
    @Outcome(id = "-1", expect = Expect.ACCEPTABLE, desc = "the get ran first (or missed the stripe) and found nothing")
    @Outcome(id = "0", expect = Expect.FORBIDDEN, desc = "the get took the object but not what was written into it before put")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class GetSeesWhatPutPublished {
        private final Pool<Item> pool = new Pool<>();

        @Actor
        public void put() {
            Item item = new Item();
            item.id = 42;
            pool.put(item);
        }

        @Actor
        public void get(I_Result r) {
            Item got = pool.get();
            r.r1 = got == null ? -1 : got.id;
        }
    }
}
