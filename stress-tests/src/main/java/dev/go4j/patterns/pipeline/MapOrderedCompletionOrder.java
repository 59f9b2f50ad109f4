package dev.go4j.patterns.pipeline;

import dev.go4j.context.Context;
import dev.go4j.errgroup.ErrGroup;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: the values of an ordered parallel map ({@link Stages#mapOrdered}) finishing in any order.
 *
 * <p>Hypothesis: whichever of the three calls finishes first (each is released by a different actor),
 * the output is 0, 1, 2 in input order: the reorder buffer never emits out of order, never loses or
 * repeats a value.
 *
 * <p>Run just this hazard: {@code java -jar stress-tests/target/jcstress.jar -t MapOrderedCompletionOrder}.
 */
@JCStressTest
@Outcome(id = "0, 1, 2", expect = Expect.ACCEPTABLE, desc = "input order, whatever the completion order")
@Outcome(expect = Expect.FORBIDDEN, desc = "out of order, lost or repeated")
@State
public class MapOrderedCompletionOrder {
    private final CountDownLatch[] release = {new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1)};
    private final ErrGroup g = ErrGroup.withContext(Context.background());
    private final dev.go4j.chan.ReceiveChannel<Integer> out =
            Stages.mapOrdered(g, Stages.source(g, List.of(0, 1, 2)), 3, v -> {
                release[v].await();
                return v;
            });

    @Actor
    public void finishTwo() {
        release[2].countDown();
    }

    @Actor
    public void finishOne() {
        release[1].countDown();
    }

    @Actor
    public void finishZero() {
        release[0].countDown();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        try {
            List<Integer> got = Stages.collect(g, out);
            r.r1 = got.size() > 0 ? got.get(0) : -1;
            r.r2 = got.size() > 1 ? got.get(1) : -1;
            r.r3 = got.size() == 3 ? got.get(2) : -got.size();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }
}
