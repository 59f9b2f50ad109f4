package dev.go4j.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * A context-bounded send and a context-bounded receive meet on one channel while the context is
 * cancelled: Go's {@code select { case ch <- v: case <-ctx.Done(): }} facing
 * {@code select { case v := <-ch: case <-ctx.Done(): }}.
 *
 * <p>Hypothesis: each side ends in exactly one of its two cases, and the two agree about the value.
 * A send that returned put its value somewhere: into the receiver, or (buffered) into the buffer, where
 * the arbiter finds it. A send that gave up to the context left its value nowhere. Never "sent" with the
 * value in neither place (lost), never a value received from a send that gave up (duplicated or
 * invented). These waits register on the context's done channel with one CAS, not with a select: this
 * test pins that the registration, the hand-off and the cancel settle each waiter exactly once.
 *
 * <p>Outcome ids read {@code sender, receiver, left in the channel}: {@code sent} or {@code ctx} for
 * the send, the value or {@code ctx} for the receive, the value or {@code empty} for what a final
 * {@code tryReceive} finds. Three actors need three CPUs (see README.md for a smaller machine).
 *
 * <p>Run just this test: {@code ./mvnw -Pjcstress -Djcstress.args="-t ContextBoundedHandoffVsCancel"}
 */
public final class ContextBoundedHandoffVsCancel {
    private ContextBoundedHandoffVsCancel() {}

    /** The send or the receive gave up because the context was done. */
    static final String CTX = "ctx";

    static Object send(Context ctx, Channel<Integer> ch) {
        try {
            ch.send(ctx, 1);
            return Observed.SENT;
        } catch (ContextException e) {
            return CTX;
        } catch (InterruptedException e) {
            return "threw " + e; // nobody interrupts the actors: no test lists this
        }
    }

    static Object receive(Context ctx, Channel<Integer> ch) {
        try {
            return ch.receiveOrNull(ctx);
        } catch (ContextException e) {
            return CTX;
        } catch (InterruptedException e) {
            return "threw " + e;
        }
    }

    static Object left(Channel<Integer> ch) {
        Integer v = ch.tryReceive();
        return v != null ? v : Observed.EMPTY;
    }

    /** Unbuffered: the value moves only in a rendezvous. */
    @JCStressTest
    @Outcome(id = "sent, 1, empty", expect = ACCEPTABLE, desc = "the hand-off won: both sides completed it")
    @Outcome(id = "ctx, ctx, empty", expect = ACCEPTABLE, desc = "the cancel won on both sides; no value moved")
    @Outcome(id = "sent, ctx, .*", expect = FORBIDDEN, desc = "the send returned but nobody got the value: lost")
    @Outcome(id = "ctx, 1, .*", expect = FORBIDDEN, desc = "a value came from a send that gave up")
    @Outcome(expect = FORBIDDEN, desc = "anything else")
    @State
    public static class Unbuffered {
        final CancelableContext ctx = Context.withCancel(Context.background());
        final Channel<Integer> ch = Channel.make(0);

        @Actor
        public void sender(LLL_Result r) {
            r.r1 = send(ctx, ch);
        }

        @Actor
        public void receiver(LLL_Result r) {
            r.r2 = receive(ctx, ch);
        }

        @Actor
        public void canceller() {
            ctx.cancel();
        }

        @Arbiter
        public void arbiter(LLL_Result r) {
            r.r3 = left(ch);
        }
    }

    /** Buffered, one slot: the send need not wait, and the value may stay in the buffer. */
    @JCStressTest
    @Outcome(id = "sent, 1, empty", expect = ACCEPTABLE, desc = "sent into the buffer (or handed over) and received")
    @Outcome(id = "sent, ctx, 1", expect = ACCEPTABLE,
            desc = "sent into the buffer; the receive gave up to the cancel and the value is still there")
    @Outcome(id = "ctx, ctx, empty", expect = ACCEPTABLE, desc = "the context was done before the send looked")
    @Outcome(id = "sent, ctx, empty", expect = FORBIDDEN, desc = "the send returned but the value is nowhere: lost")
    @Outcome(id = "ctx, 1, .*", expect = FORBIDDEN, desc = "a value came from a send that gave up")
    @Outcome(expect = FORBIDDEN, desc = "anything else")
    @State
    public static class Buffered {
        final CancelableContext ctx = Context.withCancel(Context.background());
        final Channel<Integer> ch = Channel.make(1);

        @Actor
        public void sender(LLL_Result r) {
            r.r1 = send(ctx, ch);
        }

        @Actor
        public void receiver(LLL_Result r) {
            r.r2 = receive(ctx, ch);
        }

        @Actor
        public void canceller() {
            ctx.cancel();
        }

        @Arbiter
        public void arbiter(LLL_Result r) {
            r.r3 = left(ch);
        }
    }
}
