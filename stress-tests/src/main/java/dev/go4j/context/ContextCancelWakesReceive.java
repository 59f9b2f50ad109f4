package dev.go4j.context;

import dev.go4j.chan.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * A receive bounded by a context is blocked on an empty channel; the context is cancelled.
 *
 * <p>Hypothesis: the blocked {@code receive(ctx)} always returns (by throwing the context's error),
 * whether the cancel lands before it blocks, while it parks, or after the done channel was made —
 * the goroutine is never left blocked forever.
 *
 * <p>Run just this test: {@code java -jar stress-tests/target/jcstress.jar -t ContextCancelWakesReceive}
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the receive gave up when the context was canceled")
@Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "the receive stayed blocked after cancel")
@State
public class ContextCancelWakesReceive {
    final Channel<String> ch = Channel.make();
    final CancelableContext ctx = Context.withCancel(Context.background());

    @Actor
    public void receive() throws InterruptedException {
        try {
            ch.receive(ctx);
        } catch (ContextException expected) {
            // the way out
        }
    }

    @Signal
    public void cancel() {
        ctx.cancel();
    }
}
