package dev.go4j.patterns.retry;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Hazard: a {@link RetryPolicy} waiting between two attempts for a delay that never passes (time is
 * frozen on a {@link ManualClock}) races the cancellation of its context.
 *
 * <p>Hypothesis: the call always returns, by throwing the context's error, whether the cancel lands
 * before the first attempt, during it, while the wait arms its timer and registers with the context,
 * or while it parks: Go's {@code select { case <-time.After(d): case <-ctx.Done(): }} never misses
 * the cancel, and neither does the parked wait.
 *
 * <p>Run just this hazard: {@code java -XX:ActiveProcessorCount=4 -Dos.name=Oversubscribed -jar
 * stress-tests/target/jcstress.jar -m quick -af NONE -t RetryCancelWakesWait}
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the retry stopped when the context was cancelled")
@Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "the retry stayed parked after the cancel")
@State
public class RetryCancelWakesWait {
    final RetryPolicy policy = RetryPolicy.builder().maxAttempts(3)
            .backoff(Jitter.NONE, Duration.ofSeconds(1), Duration.ofSeconds(1))
            .clock(new ManualClock()).build();
    final CancelableContext ctx = Context.withCancel(Context.background());

    @Actor
    public void caller() throws InterruptedException {
        try {
            policy.call(ctx, c -> {
                throw new IOException("down");
            });
        } catch (ContextException expected) {
            // the way out
        }
    }

    @Signal
    public void cancel() {
        ctx.cancel();
    }
}
