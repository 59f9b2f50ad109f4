package dev.go4j.patterns.pipeline;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.Context;
import dev.go4j.errgroup.ErrGroup;
import java.util.concurrent.ExecutionException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: the inputs of {@link Stages#merge} closing at the same time.
 *
 * <p>Hypothesis: the merged output delivers both values and is closed exactly once, after both inputs
 * closed: no value lost, no "close of closed channel" in a merge goroutine (which would fail the group).
 *
 * <p>Run just this hazard: {@code java -jar stress-tests/target/jcstress.jar -t MergeClosesOnce}.
 */
@JCStressTest
@Outcome(id = "2, 1", expect = Expect.ACCEPTABLE, desc = "both values delivered, output closed once, the group clean")
@Outcome(id = "2, 0", expect = Expect.FORBIDDEN, desc = "the output was closed twice (a merge goroutine failed)")
@Outcome(id = "1, .*", expect = Expect.FORBIDDEN, desc = "a value was lost: the output closed before an input was drained")
@Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
@State
public class MergeClosesOnce {
    private final ErrGroup g = ErrGroup.withContext(Context.background());
    private final Channel<Integer> a = Channel.make(1);
    private final Channel<Integer> b = Channel.make(1);
    private final ReceiveChannel<Integer> out;

    public MergeClosesOnce() {
        try {
            a.send(1);
            b.send(2);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        out = Stages.merge(g, a, b);
    }

    @Actor
    public void closeA() {
        a.close();
    }

    @Actor
    public void closeB() {
        b.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        try {
            int n = 0;
            while (out.receiveOrNull() != null) {
                n++;
            }
            r.r1 = n;
            try {
                g.await();
                r.r2 = 1;
            } catch (ExecutionException e) {
                r.r2 = 0;
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
