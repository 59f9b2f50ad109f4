package dev.go4j.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two threads cancel the same context with different causes (Go's CancelCauseFunc called twice).
 *
 * <p>Hypothesis: exactly one cause wins, and every thread sees the winner — in the context and in its
 * descendants — as soon as its own cancel call has returned, whichever call lost (Go: the loser waits
 * on the winner's mutex). Results are what each canceller reads right after its cancel returns:
 * 1 for cause A, 2 for cause B, 0 for a descendant not yet cancelled.
 *
 * <p>Run just this test: {@code java -jar stress-tests/target/jcstress.jar -t ContextConcurrentCancelCauses}
 */
public class ContextConcurrentCancelCauses {

    static final RuntimeException A = new RuntimeException("A");
    static final RuntimeException B = new RuntimeException("B");

    static int code(Throwable cause) {
        return cause == A ? 1 : cause == B ? 2 : 0;
    }

    /** Each canceller reads the cause of the context it cancelled. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "A won; both see A")
    @Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "B won; both see B")
    @Outcome(expect = FORBIDDEN, desc = "two causes won, or a canceller saw no cause after its cancel returned")
    @State
    public static class Root {
        final CancelableContext ctx = Context.withCancelCause(Context.background());

        @Actor
        public void cancelA(II_Result r) {
            ctx.cancel(A);
            r.r1 = code(Context.cause(ctx));
        }

        @Actor
        public void cancelB(II_Result r) {
            ctx.cancel(B);
            r.r2 = code(Context.cause(ctx));
        }
    }

    /**
     * Each canceller reads the cause of a grandchild and of a sibling branch: a losing cancel must not
     * return before the winner has reached them.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "A won; every descendant seen with A by both")
    @Outcome(id = "2, 2, 2, 2", expect = ACCEPTABLE, desc = "B won; every descendant seen with B by both")
    @Outcome(expect = FORBIDDEN, desc = "a descendant was not yet canceled when a cancel returned, or causes differ")
    @State
    public static class Descendants {
        final CancelableContext ctx = Context.withCancelCause(Context.background());
        final Context left = Context.withCancel(Context.withCancel(ctx));
        final Context right = Context.withValue(Context.withCancel(Context.withCancel(ctx)), new Context.Key<>("k"), "v");

        @Actor
        public void cancelA(IIII_Result r) {
            ctx.cancel(A);
            r.r1 = code(Context.cause(left));
            r.r2 = code(Context.cause(right));
        }

        @Actor
        public void cancelB(IIII_Result r) {
            ctx.cancel(B);
            r.r3 = code(Context.cause(left));
            r.r4 = code(Context.cause(right));
        }
    }

    /**
     * A parent and its child are cancelled at once with different causes: the child keeps whichever
     * reached it first, and the parent's canceller, once returned, sees the child cancelled.
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "parent's cause A reached the child first")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the child's own cause B came first; the parent keeps A")
    @Outcome(expect = FORBIDDEN, desc = "the child was not canceled when the parent's cancel returned")
    @State
    public static class ParentAndChild {
        final CancelableContext parent = Context.withCancelCause(Context.background());
        final CancelableContext child = Context.withCancelCause(parent);

        @Actor
        public void cancelParent(II_Result r) {
            parent.cancel(A);
            r.r1 = code(Context.cause(parent));
            r.r2 = code(Context.cause(child));
        }

        @Actor
        public void cancelChild() {
            child.cancel(B);
        }
    }
}
