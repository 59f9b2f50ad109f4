package dev.go4j.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLL_Result;

/**
 * Two producers and two consumers on one channel: Go's rule that every value sent is received exactly
 * once, in the order each sender sent it.
 *
 * <p>Hypothesis: producer 1 sends 1 then 2, producer 2 sends 3 then 4, and each consumer receives two
 * values; with senders and receivers parking and waking each other in every combination, the four values
 * are received exactly once between them (none lost, none duplicated), and a consumer that gets both
 * values of one producer gets them in the order they were sent (the channel is FIFO). Which consumer
 * gets which values is free: every split is listed. Every run ends: four sends meet four receives.
 *
 * <p>Outcome ids read {@code producer 1, producer 2, consumer 1, consumer 2}: {@code sent} when both of a
 * producer's sends returned; the two values a consumer got, smaller first (or
 * {@code out of order: 2 before 1} when a producer's values came reversed). Four actors: needs four
 * CPUs (see README.md for a smaller machine).
 *
 * <p>Run just this test: {@code ./mvnw -Pjcstress -Djcstress.args="-t ManyProducersConsumers"}
 */
public final class ManyProducersConsumers {
    private ManyProducersConsumers() {}

    /** Sends {@code first} then {@code second}: {@link Observed#SENT} if both returned, else the first failure. */
    static Object sendTwo(Channel<Integer> ch, int first, int second) {
        Object a = Observed.send(ch, first);
        Object b = Observed.send(ch, second); // even if the first failed, so that the consumers do not hang
        return a != Observed.SENT ? a : b;
    }

    /**
     * Receives two values: {@code "x y"} with the smaller first (the order across producers is free), or
     * {@code "out of order: y before x"} if one producer's values came reversed.
     */
    static Object receiveTwo(Channel<Integer> ch) {
        Object first = Observed.receive(ch);
        Object second = Observed.receive(ch);
        if (!(first instanceof Integer x) || !(second instanceof Integer y)) {
            return first + " " + second; // closed or a failure: no test lists it
        }
        if (producerOf(x) == producerOf(y) && x > y) {
            return "out of order: " + x + " before " + y;
        }
        return x < y ? x + " " + y : y + " " + x;
    }

    private static int producerOf(int value) {
        return (value + 1) / 2; // 1, 2 -> producer 1; 3, 4 -> producer 2
    }

    /** Unbuffered ({@code make(chan int)}): every value is a rendezvous of one producer and one consumer. */
    @JCStressTest
    @Outcome(id = "sent, sent, 1 2, 3 4", expect = ACCEPTABLE, desc = "each consumer got all of one producer's values")
    @Outcome(id = "sent, sent, 3 4, 1 2", expect = ACCEPTABLE, desc = "each consumer got all of one producer's values")
    @Outcome(id = "sent, sent, 1 3, 2 4", expect = ACCEPTABLE, desc = "each consumer got one value of each producer")
    @Outcome(id = "sent, sent, 1 4, 2 3", expect = ACCEPTABLE, desc = "each consumer got one value of each producer")
    @Outcome(id = "sent, sent, 2 3, 1 4", expect = ACCEPTABLE, desc = "each consumer got one value of each producer")
    @Outcome(id = "sent, sent, 2 4, 1 3", expect = ACCEPTABLE, desc = "each consumer got one value of each producer")
    @Outcome(id = ".*out of order.*", expect = FORBIDDEN,
            desc = "a consumer got a producer's second value before its first: FIFO order broken")
    @Outcome(expect = FORBIDDEN,
            desc = "anything else: a value lost or received twice, or a call threw what no Go rule allows here")
    @State
    public static class Unbuffered {
        private final Channel<Integer> ch = Channel.make();

        @Actor
        public void producer1(LLLL_Result r) {
            r.r1 = sendTwo(ch, 1, 2);
        }

        @Actor
        public void producer2(LLLL_Result r) {
            r.r2 = sendTwo(ch, 3, 4);
        }

        @Actor
        public void consumer1(LLLL_Result r) {
            r.r3 = receiveTwo(ch);
        }

        @Actor
        public void consumer2(LLLL_Result r) {
            r.r4 = receiveTwo(ch);
        }
    }

    /**
     * One slot ({@code make(chan int, 1)}): producers park on the full buffer and consumers on the empty
     * one; a receive from a full buffer with a parked sender moves that sender's value into the freed slot.
     */
    @JCStressTest
    @Outcome(id = "sent, sent, 1 2, 3 4", expect = ACCEPTABLE, desc = "each consumer got all of one producer's values")
    @Outcome(id = "sent, sent, 3 4, 1 2", expect = ACCEPTABLE, desc = "each consumer got all of one producer's values")
    @Outcome(id = "sent, sent, 1 3, 2 4", expect = ACCEPTABLE, desc = "each consumer got one value of each producer")
    @Outcome(id = "sent, sent, 1 4, 2 3", expect = ACCEPTABLE, desc = "each consumer got one value of each producer")
    @Outcome(id = "sent, sent, 2 3, 1 4", expect = ACCEPTABLE, desc = "each consumer got one value of each producer")
    @Outcome(id = "sent, sent, 2 4, 1 3", expect = ACCEPTABLE, desc = "each consumer got one value of each producer")
    @Outcome(id = ".*out of order.*", expect = FORBIDDEN,
            desc = "a consumer got a producer's second value before its first: FIFO order broken")
    @Outcome(expect = FORBIDDEN,
            desc = "anything else: a value lost or received twice, or a call threw what no Go rule allows here")
    @State
    public static class BufferedOneSlot {
        private final Channel<Integer> ch = Channel.make(1);

        @Actor
        public void producer1(LLLL_Result r) {
            r.r1 = sendTwo(ch, 1, 2);
        }

        @Actor
        public void producer2(LLLL_Result r) {
            r.r2 = sendTwo(ch, 3, 4);
        }

        @Actor
        public void consumer1(LLLL_Result r) {
            r.r3 = receiveTwo(ch);
        }

        @Actor
        public void consumer2(LLLL_Result r) {
            r.r4 = receiveTwo(ch);
        }
    }
}
