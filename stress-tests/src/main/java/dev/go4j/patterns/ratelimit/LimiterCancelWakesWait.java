package dev.go4j.patterns.ratelimit;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.time.ManualClock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Hazard: a {@link Limiter#wait(Context)} parked for a token that will not come (time is frozen on a
 * {@link ManualClock}) races the cancellation of its context.
 *
 * <p>Hypothesis: the wait always returns, by throwing the context's error, whether the cancel lands
 * before it reserves, while it arms its timer, or while it parks — a goroutine is never left blocked
 * (Go's {@code WaitN} selects on {@code ctx.Done()} and the timer).
 *
 * <p>Run just this hazard: {@code cd stress-tests/target && java -jar jcstress.jar -t LimiterCancelWakesWait}
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the wait gave up when the context was cancelled")
@Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "the wait stayed parked after the cancel")
@State
public class LimiterCancelWakesWait {
    final Limiter lim = new Limiter(Limit.of(10), 1, new ManualClock());
    final CancelableContext ctx = Context.withCancel(Context.background());

    public LimiterCancelWakesWait() {
        lim.allow(); // empty: the next token is due in 100 ms, which never comes
    }

    @Actor
    public void waiter() throws InterruptedException {
        try {
            lim.wait(ctx);
        } catch (ContextException expected) {
            // the way out
        }
    }

    @Signal
    public void cancel() {
        ctx.cancel();
    }
}
