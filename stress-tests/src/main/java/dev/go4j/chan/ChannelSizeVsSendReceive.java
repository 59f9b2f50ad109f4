package dev.go4j.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * {@code size()} racing sends and receives: Go's {@code len(ch)} reports a number of values the
 * channel held at some instant during the call.
 *
 * <p>Hypothesis: on a channel that only ever holds 0 or 1 values (it starts with one, and a mover
 * takes a value before it puts one back), {@code size()} never reports 2 or more. It would, if it read
 * the two ends of the buffer at different instants: the receive end before a receive, the send end after
 * the next send.
 *
 * <p>Outcome ids read {@code the largest size seen in four reads, left in the channel}.
 *
 * <p>Run just this test: {@code ./mvnw -Pjcstress -Djcstress.args="-t ChannelSizeVsSendReceive"}
 */
public final class ChannelSizeVsSendReceive {
    private ChannelSizeVsSendReceive() {}

    /**
     * {@code make(chan int, 4)} holding one value; the mover receives and sends four times; the reader
     * reads {@code size()} four times. Two actors.
     */
    @JCStressTest
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "every read fell between a receive and its send")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "a read saw the one value the channel holds")
    @Outcome(id = "[2-4], 1", expect = FORBIDDEN,
            desc = "size reported 2 or more on a channel that never held more than 1: a count it never held")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a value was lost or duplicated, or a call threw")
    @State
    public static class OneValueMoving {
        private final Channel<Integer> ch = Channel.make(4);

        public OneValueMoving() {
            ch.trySend(1);
        }

        @Actor
        public void mover() {
            for (int i = 0; i < 4; i++) {
                Integer v = ch.tryReceive();
                if (v == null || !ch.trySend(v)) {
                    throw new IllegalStateException("the channel lost its value or its room");
                }
            }
        }

        @Actor
        public void reader(LL_Result r) {
            int max = 0;
            for (int i = 0; i < 4; i++) {
                max = Math.max(max, ch.size());
            }
            r.r1 = max;
        }

        @Arbiter
        public void drain(LL_Result r) {
            r.r2 = Observed.drain(ch);
        }
    }
}
