package dev.go4j.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Cancelling a parent races with deriving a child from it (Go's propagateCancel against cancel).
 *
 * <p>Hypothesis: the child always ends cancelled, with the parent's very error (so the parent's cause),
 * whether it registered first and was reached by the cancel, or was born cancelled; and the parent is
 * left with no registered children. Results: r1 = the child was born cancelled (1) or registered (0);
 * r2 = the child's error is the parent's (1); r3 = children left registered in the parent.
 *
 * <p>Run just this test: {@code java -jar stress-tests/target/jcstress.jar -t ContextCancelVsChildRegistration}
 */
public class ContextCancelVsChildRegistration {

    private static final RuntimeException CAUSE = new RuntimeException("parent canceled");

    /** The parent's cancel; the same in every variant. */
    static void cancel(CancelableContext parent) {
        parent.cancel(CAUSE);
    }

    static void judge(CancelableContext parent, Context child, int bornCanceled, III_Result r) {
        r.r1 = bornCanceled;
        r.r2 = child.err() != null && child.err() == parent.err() && Context.cause(child) == CAUSE ? 1 : 0;
        r.r3 = ((CancelCtx) parent).childCount();
    }

    /** The child is a withCancel context. */
    @JCStressTest
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "child registered first, then reached by the cancel")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "cancel first: child born canceled with the parent's error")
    @Outcome(id = ".*, 0, .*", expect = FORBIDDEN, desc = "child missed the cancel, or got an error other than the parent's")
    @Outcome(expect = FORBIDDEN, desc = "a child stayed registered in a canceled parent")
    @State
    public static class WithCancel {
        final CancelableContext parent = Context.withCancel(Context.background());
        Context child;
        int bornCanceled;

        @Actor
        public void cancel() {
            ContextCancelVsChildRegistration.cancel(parent);
        }

        @Actor
        public void derive() {
            child = Context.withCancel(parent);
            bornCanceled = child.err() != null ? 1 : 0;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            judge(parent, child, bornCanceled, r);
        }
    }

    /** The child is a timeout context on a manual clock: its timer must be released too (else r3 = -1). */
    @JCStressTest
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "child registered first, then reached by the cancel; timer released")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "cancel first: child born canceled, no timer armed")
    @Outcome(id = ".*, 0, .*", expect = FORBIDDEN, desc = "child missed the cancel, or got an error other than the parent's")
    @Outcome(id = ".*, .*, -1", expect = FORBIDDEN, desc = "the child's timer stayed in the clock")
    @Outcome(expect = FORBIDDEN, desc = "a child stayed registered in a canceled parent")
    @State
    public static class WithTimeout {
        final CancelableContext parent = Context.withCancel(Context.background());
        final ManualClock clock = new ManualClock();
        Context child;
        int bornCanceled;

        @Actor
        public void cancel() {
            ContextCancelVsChildRegistration.cancel(parent);
        }

        @Actor
        public void derive() {
            child = Context.withTimeout(parent, Duration.ofHours(1), clock);
            bornCanceled = child.err() != null ? 1 : 0;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            judge(parent, child, bornCanceled, r);
            if (clock.pendingTimers() != 0) {
                r.r3 = -1;
            }
        }
    }

    /** The child hangs under a value context, which registers it with the nearest cancelable ancestor. */
    @JCStressTest
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "child registered first, then reached by the cancel")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "cancel first: child born canceled with the parent's error")
    @Outcome(id = ".*, 0, .*", expect = FORBIDDEN, desc = "child missed the cancel, or got an error other than the parent's")
    @Outcome(expect = FORBIDDEN, desc = "a child stayed registered in a canceled parent")
    @State
    public static class ThroughValue {
        final CancelableContext parent = Context.withCancel(Context.background());
        Context child;
        int bornCanceled;

        @Actor
        public void cancel() {
            ContextCancelVsChildRegistration.cancel(parent);
        }

        @Actor
        public void derive() {
            child = Context.withCancel(Context.withValue(parent, new Context.Key<>("k"), "v"));
            bornCanceled = child.err() != null ? 1 : 0;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            judge(parent, child, bornCanceled, r);
        }
    }
}
