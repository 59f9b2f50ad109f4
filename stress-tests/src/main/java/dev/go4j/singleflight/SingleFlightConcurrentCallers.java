package dev.go4j.singleflight;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Hazard: callers of a {@link SingleFlight} for the same key arriving together, and a {@code forget}
 * racing a flight's completion.
 *
 * <p>Hypothesis: callers that overlap share one execution and all get its result, with
 * {@code shared == true}; callers that do not overlap run one execution each, unshared; the shared flag
 * never disagrees with the number of executions. A flight only ever removes its own map entry, so after
 * every call has returned no entry is left behind, whatever the interleaving with {@code forget}.
 *
 * <p>Run just this hazard: {@code ./mvnw -Pjcstress -Djcstress.args="-t SingleFlightConcurrentCallers"},
 * or {@code java -jar stress-tests/target/jcstress.jar -t SingleFlightConcurrentCallers}.
 */
public class SingleFlightConcurrentCallers {

    private SingleFlightConcurrentCallers() {}

    /** Two callers, one key: the result is the execution number each caller got, and its shared flag. */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 1", expect = Expect.ACCEPTABLE, desc = "one flight, shared by both callers")
    @Outcome(id = {"1, 2, 0, 0", "2, 1, 0, 0"}, expect = Expect.ACCEPTABLE,
            desc = "the flights did not overlap: two executions, neither shared")
    @Outcome(id = {"1, 1, 0, 0", "1, 1, 1, 0", "1, 1, 0, 1"}, expect = Expect.FORBIDDEN,
            desc = "one execution given to both callers but reported unshared")
    @Outcome(id = {"1, 2, 1, 1", "2, 1, 1, 1", "1, 2, 1, 0", "1, 2, 0, 1", "2, 1, 1, 0", "2, 1, 0, 1"},
            expect = Expect.FORBIDDEN, desc = "two executions but a result reported shared")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a caller got no result or a result of no execution")
    @State
    public static class OneExecutionPerFlight {
        private final SingleFlight<String, Integer> group = new SingleFlight<>();
        private final AtomicInteger executions = new AtomicInteger();

        private void call(IIII_Result r, boolean first) {
            try {
                SingleFlight.Result<Integer> result = group.doCall("k", executions::incrementAndGet);
                if (first) {
                    r.r1 = result.value();
                    r.r3 = result.shared() ? 1 : 0;
                } else {
                    r.r2 = result.value();
                    r.r4 = result.shared() ? 1 : 0;
                }
            } catch (ExecutionException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        @Actor
        public void first(IIII_Result r) {
            call(r, true);
        }

        @Actor
        public void second(IIII_Result r) {
            call(r, false);
        }
    }

    /**
     * A call races a {@code forget} followed by a second call: whatever the order, both callers get a result, the
     * function runs once or twice, and no entry is left in the map.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = Expect.ACCEPTABLE, desc = "the second call joined the first flight")
    @Outcome(id = "0, 2, 0", expect = Expect.ACCEPTABLE, desc = "the calls ran separate flights (no overlap, or forget came between)")
    @Outcome(id = {"1, 1, 1", "0, 2, 1"}, expect = Expect.FORBIDDEN,
            desc = "an entry was left in the map: a flight removed another's entry or none")
    @Outcome(expect = Expect.FORBIDDEN, desc = "shared flag disagrees with the executions, or a call got nothing")
    @State
    public static class ForgetVsCompletion {
        private final SingleFlight<String, Integer> group = new SingleFlight<>();
        private final AtomicInteger executions = new AtomicInteger();
        private volatile boolean sharedA;
        private volatile boolean sharedB;

        private boolean call() {
            try {
                return group.doCall("k", executions::incrementAndGet).shared();
            } catch (ExecutionException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        @Actor
        public void callerA() {
            sharedA = call();
        }

        @Actor
        public void forgetThenCallerB() {
            group.forget("k");
            sharedB = call();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r1 = sharedA && sharedB ? 1 : (sharedA || sharedB ? -1 : 0);
            r.r2 = executions.get();
            r.r3 = group.toString().equals("SingleFlight[inFlight=0]") ? 0 : 1;
        }
    }
}
