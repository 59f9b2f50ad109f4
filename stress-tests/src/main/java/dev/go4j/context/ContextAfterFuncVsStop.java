package dev.go4j.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Cancelling a context races with stopping an {@code afterFunc} registered on it (Go's AfterFunc and
 * its stop function).
 *
 * <p>Hypothesis: exactly one of "the function ran" and "stop returned true" happens, and the
 * registration never stays behind in the context. The function is started inline here (the real
 * {@link Context#afterFunc} starts it in a goroutine) so that the arbiter sees whether it ran.
 * Results: r1 = times the function ran; r2 = stop returned true (1); r3 = registrations left.
 *
 * <p>Run just this test: {@code java -jar stress-tests/target/jcstress.jar -t ContextAfterFuncVsStop}
 */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "cancel first: the function ran, stop returned false")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "stop first: stop returned true, the function never ran")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "stop claimed to prevent a call that happened")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "neither ran nor stopped: the call was lost")
@Outcome(expect = FORBIDDEN, desc = "ran twice, or the registration leaked")
@State
public class ContextAfterFuncVsStop {
    final CancelableContext ctx = Context.withCancel(Context.background());
    final AtomicInteger ran = new AtomicInteger();
    final Context.StopFunc stop = AfterFuncNode.register(ctx, ran::incrementAndGet, Runnable::run);
    int stopped;

    @Actor
    public void cancel() {
        ctx.cancel();
    }

    @Actor
    public void stop() {
        stopped = stop.stop() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = ran.get();
        r.r2 = stopped;
        r.r3 = ((CancelCtx) ctx).childCount();
    }
}
