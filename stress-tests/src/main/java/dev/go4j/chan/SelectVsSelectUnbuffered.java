package dev.go4j.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * A select that sends meets a select that receives on an unbuffered channel, each with another case
 * that may fire instead: Go's rendezvous between two {@code select} statements.
 *
 * <p>Hypothesis: on an unbuffered channel one select must be parked for the other to find it; the one
 * that comes second locks every channel of its cases (in the global order, so the two cannot deadlock),
 * finds the parked select's wait node and completes both sides with one CAS, racing whatever else could
 * complete the parked select. Each value is then delivered exactly once: the send case fired if and only
 * if the receive case got its value. Every run ends: the two selects always have a rendezvous or a
 * closed channel to take.
 *
 * <p>Outcome ids list each actor's result: {@code sent} when a send case fired, the value when a receive
 * case fired, {@code done} when the {@code <-done} case fired, {@code closed} for the close.
 *
 * <p>Run just this test: {@code ./mvnw -Pjcstress -Djcstress.args="-t SelectVsSelectUnbuffered"}
 */
public final class SelectVsSelectUnbuffered {
    private SelectVsSelectUnbuffered() {}

    private static final String DONE = "done";

    /**
     * {@code select { case ch <- 1: case <-done: }} against {@code select { case v := <-ch: case <-done: }}
     * while a third goroutine closes {@code done}: the close races the rendezvous to complete each parked
     * select. Three actors: needs three CPUs.
     */
    @JCStressTest
    @Outcome(id = "sent, 1, closed", expect = ACCEPTABLE, desc = "rendezvous before close: the value was delivered once")
    @Outcome(id = "done, done, closed", expect = ACCEPTABLE, desc = "close first: both selects took <-done, nothing sent")
    @Outcome(id = "sent, done, closed", expect = FORBIDDEN,
            desc = "the send case fired but the receiving select took <-done: element lost")
    @Outcome(id = "done, 1, closed", expect = FORBIDDEN,
            desc = "the receiving select got the value, yet the sending select took <-done: it both sent and did not")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class WithDoneChannel {
        private final Channel<Integer> ch = Channel.make();
        private final Channel<Integer> done = Channel.make();

        @Actor
        public void sender(LLL_Result r) {
            r.r1 = Observed.run(new Select<>()
                    .onSend(ch, 1, () -> Observed.SENT)
                    .onReceive(done, v -> DONE));
        }

        @Actor
        public void receiver(LLL_Result r) {
            r.r2 = Observed.run(new Select<>()
                    .onReceive(ch, v -> v)
                    .onReceive(done, v -> DONE));
        }

        @Actor
        public void closer(LLL_Result r) {
            r.r3 = Observed.close(done);
        }
    }

    /**
     * Crossed selects: {@code select { case a <- 1: case v := <-b: }} against
     * {@code select { case b <- 2: case v := <-a: }}. Exactly one of the two exchanges happens: each
     * select is both a sender and a receiver, and the one that comes second completes the other. Two
     * actors, so it runs on 2 CPUs.
     */
    @JCStressTest
    @Outcome(id = "sent, 1", expect = ACCEPTABLE, desc = "the exchange on a: the first select sent 1 to the second")
    @Outcome(id = "2, sent", expect = ACCEPTABLE, desc = "the exchange on b: the second select sent 2 to the first")
    @Outcome(id = "sent, sent", expect = FORBIDDEN, desc = "both send cases fired and nobody received: a value lost")
    @Outcome(id = "2, 1", expect = FORBIDDEN, desc = "both receive cases fired, but only one send could: a phantom value")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class Crossed {
        private final Channel<Integer> a = Channel.make();
        private final Channel<Integer> b = Channel.make();

        @Actor
        public void first(LL_Result r) {
            r.r1 = Observed.run(new Select<>()
                    .onSend(a, 1, () -> Observed.SENT)
                    .onReceive(b, v -> v));
        }

        @Actor
        public void second(LL_Result r) {
            r.r2 = Observed.run(new Select<>()
                    .onSend(b, 2, () -> Observed.SENT)
                    .onReceive(a, v -> v));
        }
    }

    /**
     * {@code select { case a <- 1: case b <- 2: }} against {@code select { case v := <-a: case v := <-b: }}:
     * both channels can carry the rendezvous, and exactly one of them does. Two actors, so it runs on
     * 2 CPUs.
     */
    @JCStressTest
    @Outcome(id = "sent on a, 1", expect = ACCEPTABLE,
            desc = "the rendezvous on a (the select that came second polled a first: a random choice)")
    @Outcome(id = "sent on b, 2", expect = ACCEPTABLE,
            desc = "the rendezvous on b (the select that came second polled b first: a random choice)")
    @Outcome(id = "sent on a, 2", expect = FORBIDDEN, desc = "sent on a but received from b: a value lost, another invented")
    @Outcome(id = "sent on b, 1", expect = FORBIDDEN, desc = "sent on b but received from a: a value lost, another invented")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class TwoChannelsBothWays {
        private final Channel<Integer> a = Channel.make();
        private final Channel<Integer> b = Channel.make();

        @Actor
        public void sender(LL_Result r) {
            r.r1 = Observed.run(new Select<>()
                    .onSend(a, 1, () -> "sent on a")
                    .onSend(b, 2, () -> "sent on b"));
        }

        @Actor
        public void receiver(LL_Result r) {
            r.r2 = Observed.run(new Select<>()
                    .onReceive(a, v -> v)
                    .onReceive(b, v -> v));
        }
    }
}
