package dev.go4j.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLL_Result;

/**
 * {@code isClosed()} racing {@code close} and a lock-free {@code trySend}: Go's rule that once a
 * channel is closed no send succeeds, read from the moment anyone can see it closed.
 *
 * <p>Hypothesis: a thread that has seen {@code isClosed() == true} never has its own {@code trySend}
 * succeed afterwards (it throws "send on closed channel"); and so a consumer that stops on the documented
 * condition {@code isClosed() && size() == 0} ("closed and drained", which is permanent) never leaves a
 * value behind whose {@code trySend} returned true. Both fail if {@code close} publishes "closed" before
 * the buffer stops taking values.
 *
 * <p>Outcome ids use the words of {@link Observed}; {@code saw-open} / {@code saw-closed} is what
 * {@code isClosed()} returned.
 *
 * <p>Run just this test: {@code ./mvnw -Pjcstress -Djcstress.args="-t ChannelIsClosedVsTrySend"}
 */
public final class ChannelIsClosedVsTrySend {
    private ChannelIsClosedVsTrySend() {}

    private static String seen(ReceiveChannel<?> ch) {
        return ch.isClosed() ? "saw-closed" : "saw-open";
    }

    /**
     * {@code make(chan int, 1)}: a sender asks {@code isClosed()} and then calls {@code trySend}, while
     * another thread closes. Outcome ids read {@code isClosed, trySend, close, left in the buffer}. Two
     * actors.
     */
    @JCStressTest
    @Outcome(id = "saw-open, sent, closed, 1", expect = ACCEPTABLE,
            desc = "send before close: the value is buffered and still received after close")
    @Outcome(id = "saw-open, send-on-closed, closed, empty", expect = ACCEPTABLE,
            desc = "close between the check and the send: the send threw, nothing entered")
    @Outcome(id = "saw-closed, send-on-closed, closed, empty", expect = ACCEPTABLE,
            desc = "close before both: the sender saw it closed, and its send threw")
    @Outcome(id = "saw-closed, sent, closed, 1", expect = FORBIDDEN,
            desc = "the sender saw the channel closed, then its own trySend succeeded: a send after close")
    @Outcome(id = ".*, sent, closed, empty", expect = FORBIDDEN, desc = "trySend returned true but the value is gone")
    @Outcome(id = ".*, send-on-closed, closed, 1", expect = FORBIDDEN,
            desc = "trySend threw, yet its value is in the buffer")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class SeenClosedThenTrySend {
        private final Channel<Integer> ch = Channel.make(1);

        @Actor
        public void sender(LLLL_Result r) {
            r.r1 = seen(ch);
            r.r2 = Observed.trySend(ch, 1);
        }

        @Actor
        public void closer(LLLL_Result r) {
            r.r3 = Observed.close(ch);
        }

        @Arbiter
        public void drain(LLLL_Result r) {
            r.r4 = Observed.drain(ch);
        }
    }

    /**
     * {@code make(chan int, 1)}: a producer's {@code trySend}, a closer, and a consumer that takes
     * values until {@code isClosed() && size() == 0}. Outcome ids read {@code trySend, close, what the
     * consumer took, left in the buffer after it stopped}. Three actors: needs three CPUs.
     */
    @JCStressTest
    @Outcome(id = "sent, closed, 1, empty", expect = ACCEPTABLE, desc = "send before close: the consumer took the value")
    @Outcome(id = "send-on-closed, closed, empty, empty", expect = ACCEPTABLE,
            desc = "close before send: the send threw, the consumer stopped on an empty closed channel")
    @Outcome(id = "sent, closed, empty, 1", expect = FORBIDDEN,
            desc = "the consumer stopped on closed-and-empty, then a trySend that returned true put a value "
                    + "in: element lost")
    @Outcome(id = "sent, closed, empty, empty", expect = FORBIDDEN, desc = "trySend returned true but the value is gone")
    @Outcome(id = "send-on-closed, closed, .*, 1|send-on-closed, closed, 1, .*", expect = FORBIDDEN,
            desc = "trySend threw, yet its value entered the channel")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class ConsumerStopsOnClosedAndEmpty {
        private final Channel<Integer> ch = Channel.make(1);

        @Actor
        public void producer(LLLL_Result r) {
            r.r1 = Observed.trySend(ch, 1);
        }

        @Actor
        public void closer(LLLL_Result r) {
            r.r2 = Observed.close(ch);
        }

        @Actor
        public void consumer(LLLL_Result r) {
            Object took = Observed.EMPTY;
            for (;;) {
                Integer v = ch.tryReceive();
                if (v != null) {
                    took = took == Observed.EMPTY ? v : took + " then " + v;
                } else if (ch.isClosed() && ch.size() == 0) {
                    break; // closed and drained: documented as permanent
                } else {
                    Thread.onSpinWait();
                }
            }
            r.r3 = took;
        }

        @Arbiter
        public void drain(LLLL_Result r) {
            r.r4 = Observed.drain(ch);
        }
    }
}
