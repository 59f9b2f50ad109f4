package dev.go4j.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLL_Result;

/**
 * Close racing a receive: Go's rule that values sent before {@code close} are still received, and that a
 * receive reports the channel closed only once it is closed <em>and</em> drained.
 *
 * <p>Hypothesis: whatever the interleaving of close with the receives (before, between, after them, or
 * while a receive is parked), a receiver gets every value sent before the close exactly once and in
 * order, and only then sees {@code closed} (Go: {@code ok == false}). A receive that sees {@code closed}
 * while a value is still buffered loses that value; one that gets a value twice duplicates it. A parked
 * receive that close does not wake would hang the test. Two actors per test, so it runs on 2 CPUs.
 *
 * <p>Outcome ids list the actors' results in order: the value or {@code closed} for each receive,
 * {@code sent} for a send, {@code closed} for the close (see {@link Observed}).
 *
 * <p>Run just this test: {@code ./mvnw -Pjcstress -Djcstress.args="-t ChannelCloseVsReceive"}
 */
public final class ChannelCloseVsReceive {
    private ChannelCloseVsReceive() {}

    /**
     * Two values buffered before the test starts ({@code make(chan int, 2)}); one receiver takes three
     * times while another goroutine closes: the third receive may park and must be woken by close.
     */
    @JCStressTest
    @Outcome(id = "1, 2, closed, closed", expect = ACCEPTABLE,
            desc = "both buffered values received in order, then closed, wherever the close landed")
    @Outcome(id = "closed, .*", expect = FORBIDDEN, desc = "closed seen while two values were buffered: both lost")
    @Outcome(id = "1, closed, .*", expect = FORBIDDEN, desc = "closed seen while a value was buffered: element lost")
    @Outcome(id = "2, .*", expect = FORBIDDEN, desc = "the second value came first: FIFO order broken")
    @Outcome(id = "1, 2, 1, .*", expect = FORBIDDEN, desc = "a value received twice")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class BufferedValuesSurviveClose {
        private final Channel<Integer> ch = Channel.make(2);

        public BufferedValuesSurviveClose() {
            ch.trySend(1);
            ch.trySend(2);
        }

        @Actor
        public void receiver(LLLL_Result r) {
            r.r1 = Observed.receive(ch);
            r.r2 = Observed.receive(ch);
            r.r3 = Observed.receive(ch);
        }

        @Actor
        public void closer(LLLL_Result r) {
            r.r4 = Observed.close(ch);
        }
    }

    /**
     * Go's producer idiom {@code ch <- 1; close(ch)} on a buffered channel ({@code make(chan int, 1)})
     * against a consumer that receives twice: the value goes to the buffer or straight to the parked
     * consumer, and the close comes after it in the producer's program order.
     */
    @JCStressTest
    @Outcome(id = "sent, closed, 1, closed", expect = ACCEPTABLE, desc = "the value, then closed")
    @Outcome(id = "sent, closed, closed, .*", expect = FORBIDDEN,
            desc = "closed seen before the value sent ahead of close: element lost")
    @Outcome(id = "sent, closed, 1, 1", expect = FORBIDDEN, desc = "the value received twice")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class SendThenCloseBuffered {
        private final Channel<Integer> ch = Channel.make(1);

        @Actor
        public void producer(LLLL_Result r) {
            r.r1 = Observed.send(ch, 1);
            r.r2 = Observed.close(ch);
        }

        @Actor
        public void consumer(LLLL_Result r) {
            r.r3 = Observed.receive(ch);
            r.r4 = Observed.receive(ch);
        }
    }

    /**
     * The same idiom on an unbuffered channel ({@code make(chan int)}): the send completes only by the
     * rendezvous, so the close can only follow it; the consumer's second receive parks until close.
     */
    @JCStressTest
    @Outcome(id = "sent, closed, 1, closed", expect = ACCEPTABLE, desc = "the value, then closed")
    @Outcome(id = "sent, closed, closed, .*", expect = FORBIDDEN,
            desc = "closed seen before the value sent ahead of close: element lost")
    @Outcome(id = "sent, closed, 1, 1", expect = FORBIDDEN, desc = "the value received twice")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class SendThenCloseUnbuffered {
        private final Channel<Integer> ch = Channel.make();

        @Actor
        public void producer(LLLL_Result r) {
            r.r1 = Observed.send(ch, 1);
            r.r2 = Observed.close(ch);
        }

        @Actor
        public void consumer(LLLL_Result r) {
            r.r3 = Observed.receive(ch);
            r.r4 = Observed.receive(ch);
        }
    }
}
