package dev.go4j.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * One select with two cases on the same channel, against a concurrent operation on it: Go allows it, and
 * still fires exactly one case.
 *
 * <p>Hypothesis: a select locks a channel once however many of its cases use it, and when it parks it
 * queues one wait node per case, so one channel may hold two nodes of the same select. The first
 * operation to fire one of them completes the select; the other node is dead, and an operation that meets
 * it before the select has removed it must skip it: delivering to it would lose the value. A select
 * never pairs its own send case with its own receive case. Two actors per test, so it runs on 2 CPUs.
 *
 * <p>Outcome ids list the actors' results in order, then what the arbiter drained: {@code sent} or the
 * value received for the select, {@code sent} / {@code would-block} for a send, the value or
 * {@code closed} for a receive, {@code closed} for a close (see {@link Observed}).
 *
 * <p>Run just this test: {@code ./mvnw -Pjcstress -Djcstress.args="-t SelectSameChannelTwice"}
 */
public final class SelectSameChannelTwice {
    private SelectSameChannelTwice() {}

    /**
     * {@code select { case v := <-ch: case v := <-ch: }} on an unbuffered channel, against
     * {@code ch <- 1} followed by a {@code trySend(2)}. The send completes the select through one of its
     * two nodes; the {@code trySend} then finds no receiver (the other node is dead, queued or not) and
     * must refuse.
     */
    @JCStressTest
    @Outcome(id = "1, sent, would-block", expect = ACCEPTABLE,
            desc = "one receive case got 1; trySend(2) found only the dead case and refused")
    @Outcome(id = "1, sent, sent", expect = FORBIDDEN,
            desc = "trySend(2) handed its value to the select's second, dead case: element lost")
    @Outcome(id = "2, .*", expect = FORBIDDEN, desc = "the select got 2 though 1 was sent first and completed it")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class TwoReceivesUnbuffered {
        private final Channel<Integer> ch = Channel.make();

        @Actor
        public void selector(LLL_Result r) {
            r.r1 = Observed.run(new Select<>()
                    .onReceive(ch, v -> v)
                    .onReceive(ch, v -> v));
        }

        @Actor
        public void sender(LLL_Result r) {
            r.r2 = Observed.send(ch, 1);
            r.r3 = Observed.trySend(ch, 2);
        }
    }

    /**
     * {@code select { case ch <- 2: case v := <-ch: }} on a one-slot buffered channel, against
     * {@code trySend(1)}. Empty, only the send case is ready; full, only the receive case: the select
     * never parks, and exactly one case fires. The arbiter drains.
     */
    @JCStressTest
    @Outcome(id = "sent, would-block, 2", expect = ACCEPTABLE,
            desc = "the select came first: its send case filled the slot, trySend(1) refused")
    @Outcome(id = "1, sent, empty", expect = ACCEPTABLE,
            desc = "trySend(1) came first: the select's receive case took 1")
    @Outcome(id = "2, .*", expect = FORBIDDEN, desc = "the select received its own value: both of its cases fired")
    @Outcome(id = "1, sent, 2", expect = FORBIDDEN, desc = "the select received 1 and also sent 2: both cases fired")
    @Outcome(id = "sent, sent, .*", expect = FORBIDDEN, desc = "two values accepted by a one-slot buffer")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class SendAndReceiveBuffered {
        private final Channel<Integer> ch = Channel.make(1);

        @Actor
        public void selector(LLL_Result r) {
            r.r1 = Observed.run(new Select<>()
                    .onSend(ch, 2, () -> Observed.SENT)
                    .onReceive(ch, v -> v));
        }

        @Actor
        public void sender(LLL_Result r) {
            r.r2 = Observed.trySend(ch, 1);
        }

        @Arbiter
        public void drain(LLL_Result r) {
            r.r3 = Observed.drain(ch);
        }
    }

    /**
     * {@code select { case ch <- 1: case v := <-ch: }} then {@code close(ch)}, on an unbuffered channel,
     * against a plain receive. The select parks with a send node and a receive node on the same channel
     * and must not rendezvous with itself: only the receiver can complete it, through the send case. (The
     * close is there so that a select that met itself lets the receiver end, with {@code closed}.)
     */
    @JCStressTest
    @Outcome(id = "sent, closed, 1", expect = ACCEPTABLE, desc = "the select's send case met the receiver")
    @Outcome(id = "1, closed, closed", expect = FORBIDDEN, desc = "the select received its own value: it met itself")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class SendAndReceiveUnbuffered {
        private final Channel<Integer> ch = Channel.make();

        @Actor
        public void selector(LLL_Result r) {
            r.r1 = Observed.run(new Select<>()
                    .onSend(ch, 1, () -> Observed.SENT)
                    .onReceive(ch, v -> v));
            r.r2 = Observed.close(ch);
        }

        @Actor
        public void receiver(LLL_Result r) {
            r.r3 = Observed.receive(ch);
        }
    }
}
