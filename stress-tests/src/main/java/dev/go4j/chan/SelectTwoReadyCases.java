package dev.go4j.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLLL_Result;

/**
 * Two cases of one select become ready at about the same time: Go's rule that a select performs exactly
 * one of its cases.
 *
 * <p>Hypothesis: {@code select { case v := <-a: case v := <-b: }} against sends on {@code a} and
 * {@code b} ({@code make(chan int, 1)} each) fires exactly one case, and the other channel keeps its value
 * for the next receiver. The select may find a value at once, or park with a wait node on each channel;
 * then each send, holding only its own channel's lock, tries to complete the same parked select, and a
 * single CAS on the select's waiter must pick one. A send that fires a select already completed by the
 * other loses its value (the select returns only one); no case fired would hang the test.
 *
 * <p>Outcome ids read {@code select result, send on a, send on b, left in a, left in b}: the select
 * returns the value it received (1 comes only through {@code a}, 2 only through {@code b}); what is left
 * is drained by the arbiter (see {@link Observed}).
 *
 * <p>Run just this test: {@code ./mvnw -Pjcstress -Djcstress.args="-t SelectTwoReadyCases"}
 */
public final class SelectTwoReadyCases {
    private SelectTwoReadyCases() {}

    /** Two senders, one per channel, race each other and the select. Three actors: needs three CPUs. */
    @JCStressTest
    @Outcome(id = "1, sent, sent, empty, 2", expect = ACCEPTABLE, desc = "the case on a fired; b kept its value")
    @Outcome(id = "2, sent, sent, 1, empty", expect = ACCEPTABLE, desc = "the case on b fired; a kept its value")
    @Outcome(id = "1, sent, sent, empty, empty", expect = FORBIDDEN,
            desc = "the case on a fired, and b's value is gone too: both cases fired, element lost")
    @Outcome(id = "2, sent, sent, empty, empty", expect = FORBIDDEN,
            desc = "the case on b fired, and a's value is gone too: both cases fired, element lost")
    @Outcome(id = "1, sent, sent, 1, .*", expect = FORBIDDEN, desc = "a's value received and still in a: duplicated")
    @Outcome(id = "2, sent, sent, .*, 2", expect = FORBIDDEN, desc = "b's value received and still in b: duplicated")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class TwoSenders {
        private final Channel<Integer> a = Channel.make(1);
        private final Channel<Integer> b = Channel.make(1);

        @Actor
        public void selector(LLLLL_Result r) {
            r.r1 = Observed.run(new Select<>()
                    .onReceive(a, v -> v)
                    .onReceive(b, v -> v));
        }

        @Actor
        public void senderA(LLLLL_Result r) {
            r.r2 = Observed.send(a, 1);
        }

        @Actor
        public void senderB(LLLLL_Result r) {
            r.r3 = Observed.send(b, 2);
        }

        @Arbiter
        public void drain(LLLLL_Result r) {
            r.r4 = Observed.drain(a);
            r.r5 = Observed.drain(b);
        }
    }

    /**
     * One sender sends on {@code a}, then on {@code b}: the second send meets the select's node on
     * {@code b} still queued after the select fired on {@code a}, and must skip it. Two actors, so it runs
     * on 2 CPUs.
     */
    @JCStressTest
    @Outcome(id = "1, sent, sent, empty, 2", expect = ACCEPTABLE,
            desc = "the case on a fired; the later send on b went to the buffer")
    @Outcome(id = "2, sent, sent, 1, empty", expect = ACCEPTABLE,
            desc = "both were ready when the select polled, and it chose b (uniformly at random); a kept its value")
    @Outcome(id = "1, sent, sent, empty, empty", expect = FORBIDDEN,
            desc = "the send on b went to the select's stale case: element lost")
    @Outcome(id = "1, sent, sent, 1, .*", expect = FORBIDDEN, desc = "a's value received and still in a: duplicated")
    @Outcome(id = "2, sent, sent, .*, 2", expect = FORBIDDEN, desc = "b's value received and still in b: duplicated")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class OneSenderBothChannels {
        private final Channel<Integer> a = Channel.make(1);
        private final Channel<Integer> b = Channel.make(1);

        @Actor
        public void selector(LLLLL_Result r) {
            r.r1 = Observed.run(new Select<>()
                    .onReceive(a, v -> v)
                    .onReceive(b, v -> v));
        }

        @Actor
        public void sender(LLLLL_Result r) {
            r.r2 = Observed.send(a, 1);
            r.r3 = Observed.send(b, 2);
        }

        @Arbiter
        public void drain(LLLLL_Result r) {
            r.r4 = Observed.drain(a);
            r.r5 = Observed.drain(b);
        }
    }
}
