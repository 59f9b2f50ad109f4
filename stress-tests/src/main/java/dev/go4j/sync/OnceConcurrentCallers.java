package dev.go4j.sync;

import java.util.function.Supplier;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.I_Result;
import org.openjdk.jcstress.infra.results.ZZI_Result;

/**
 * Hazard: two threads ask a {@link Once} (or a {@code onceValue}/{@code onceValues} function) for the
 * same one-time work at the same time.
 *
 * <p>Hypothesis: the function runs exactly once, and every caller returns only after it has finished,
 * seeing everything it wrote — plain fields included — and the same value or the same failure.
 * {@link CheckThenActModel} shows the hazard with a volatile flag checked before the work and set after
 * it, the idiom {@code Once} replaces.
 *
 * <p>Run just this hazard: {@code ./mvnw -Pjcstress -Djcstress.args="-t OnceConcurrentCallers"}, or
 * {@code java -jar stress-tests/target/jcstress.jar -t OnceConcurrentCallers}.
 */
public class OnceConcurrentCallers {

    private OnceConcurrentCallers() {}

    /** The broken idiom: {@code if (!done) { work(); done = true; }} with a volatile {@code done}. */
    @JCStressTest
    @Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "the work ran once")
    @Outcome(id = "2", expect = Expect.ACCEPTABLE_INTERESTING,
            desc = "both callers saw done == false and ran the work: the race Once exists to prevent")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class CheckThenActModel {
        private volatile boolean done;
        private volatile int runs;

        private void runOnce() {
            if (!done) {
                runs++; // not atomic either; with two callers the count is 1 or 2
                done = true;
            }
        }

        @Actor
        public void caller1() {
            runOnce();
        }

        @Actor
        public void caller2() {
            runOnce();
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = runs;
        }
    }

    /** The real {@link Once#run}: one run, and both callers see its plain writes. */
    @JCStressTest
    @Outcome(id = "42, 42, 1", expect = Expect.ACCEPTABLE, desc = "ran once; both callers returned after it and see its write")
    @Outcome(id = {"0, 42, 1", "42, 0, 1"}, expect = Expect.FORBIDDEN,
            desc = "a caller returned before the function finished, or does not see its write")
    @Outcome(id = {"42, 42, 2", "0, 0, 2", "0, 42, 2", "42, 0, 2"}, expect = Expect.FORBIDDEN, desc = "the function ran twice")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class OnceRunsOnce {
        private final Once once = new Once();
        private int runs;
        private int value;

        private void init() {
            runs++;
            value = 42;
        }

        @Actor
        public void caller1(III_Result r) {
            once.run(this::init);
            r.r1 = value;
        }

        @Actor
        public void caller2(III_Result r) {
            once.run(this::init);
            r.r2 = value;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = runs;
        }
    }

    /** The real {@link Once#onceValue}: one call of the supplier, and both callers get its one value. */
    @JCStressTest
    @Outcome(id = "true, true, 1", expect = Expect.ACCEPTABLE, desc = "one call; both callers got the same, fully built value")
    @Outcome(id = {"false, true, 1", "false, false, 1"}, expect = Expect.FORBIDDEN,
            desc = "the callers got different values from one call")
    @Outcome(id = {"true, false, 1"}, expect = Expect.FORBIDDEN, desc = "a caller sees the value half built")
    @Outcome(expect = Expect.FORBIDDEN, desc = "the supplier ran twice, or impossible")
    @State
    public static class OnceValueAllSeeOneValue {
        /** A value whose field is plain: only the Once publishes it. */
        static final class Box {
            int contents;
        }

        private int calls;
        private final Supplier<Box> value = Once.onceValue(() -> {
            calls++;
            Box b = new Box();
            b.contents = 7;
            return b;
        });
        private Box seen1;
        private Box seen2;
        private int contents1;
        private int contents2;

        @Actor
        public void caller1() {
            seen1 = value.get();
            contents1 = seen1.contents;
        }

        @Actor
        public void caller2() {
            seen2 = value.get();
            contents2 = seen2.contents;
        }

        @Arbiter
        public void arbiter(ZZI_Result r) {
            r.r1 = seen1 == seen2;
            r.r2 = contents1 == 7 && contents2 == 7;
            r.r3 = calls;
        }
    }

    /** The real {@link Once#onceValues}: one failing call, and both callers get its one exception. */
    @JCStressTest
    @Outcome(id = "true, true, 1", expect = Expect.ACCEPTABLE, desc = "one call; both callers got the same exception")
    @Outcome(id = {"false, true, 1", "true, false, 1", "false, false, 1"}, expect = Expect.FORBIDDEN,
            desc = "a caller got no exception or another one: the failure was not replayed")
    @Outcome(expect = Expect.FORBIDDEN, desc = "the supplier ran twice, or impossible")
    @State
    public static class OnceValuesReplaysTheFailure {
        private int calls;
        private final Once.CheckedSupplier<String, Exception> value = Once.onceValues(() -> {
            calls++;
            throw new Exception("dial tcp: connection refused");
        });
        private Exception seen1;
        private Exception seen2;

        private Exception call() {
            try {
                value.get();
                return null;
            } catch (Exception e) {
                return e;
            }
        }

        @Actor
        public void caller1() {
            seen1 = call();
        }

        @Actor
        public void caller2() {
            seen2 = call();
        }

        @Arbiter
        public void arbiter(ZZI_Result r) {
            r.r1 = seen1 != null && seen1 == seen2;
            r.r2 = seen1 != null && "dial tcp: connection refused".equals(seen1.getMessage());
            r.r3 = calls;
        }
    }
}
