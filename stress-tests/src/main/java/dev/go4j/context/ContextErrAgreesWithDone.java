package dev.go4j.context;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZZ_Result;

/**
 * A child context is cancelled through its parent while a reader, who asked for the child's done
 * channel first, reads the child's {@code err()}, then whether done is closed, then a grandchild's
 * {@code err()}.
 *
 * <p>Hypothesis (Go's {@code Context.Err}: "If Done is not yet closed, Err returns nil"; and Go's
 * {@code Err} waits on the mutex {@code cancel} holds while it cancels the children): an error seen
 * on the child means its done channel is closed and its grandchild is cancelled too.
 *
 * <p>Run just this test: {@code java -jar stress-tests/target/jcstress.jar -t ContextErrAgreesWithDone}
 */
@JCStressTest
@Outcome(id = "false, false, false", expect = Expect.ACCEPTABLE, desc = "read before the cancel")
@Outcome(id = "false, true, false", expect = Expect.ACCEPTABLE, desc = "err read before, done after the cancel")
@Outcome(id = "false, true, true", expect = Expect.ACCEPTABLE, desc = "err read before, the rest after the cancel")
@Outcome(id = "false, false, true", expect = Expect.ACCEPTABLE, desc = "the cancel came between the second and third read")
@Outcome(id = "true, true, true", expect = Expect.ACCEPTABLE, desc = "read after the cancel")
@Outcome(id = {"true, false, false", "true, false, true"}, expect = Expect.FORBIDDEN, desc = "an error beside an open done channel")
@Outcome(id = "true, true, false", expect = Expect.FORBIDDEN, desc = "an error on the child, none yet on its grandchild")
@State
public class ContextErrAgreesWithDone {
    final CancelableContext parent = Context.withCancel(Context.background());
    final CancelableContext child = Context.withCancel(parent);
    final CancelableContext grandchild = Context.withCancel(child);

    {
        child.done(); // a real channel, closed by the cancel (not the shared closed one)
    }

    @Actor
    public void cancel() {
        parent.cancel();
    }

    @Actor
    public void read(ZZZ_Result r) {
        r.r1 = child.err() != null;
        r.r2 = child.done().isClosed();
        r.r3 = grandchild.err() != null;
    }
}
