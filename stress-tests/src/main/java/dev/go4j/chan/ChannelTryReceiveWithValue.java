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
 * Hazard: a non-blocking receive on a buffered channel that holds a value, while another send is
 * still publishing into the slot ahead of it. Go: {@code select { case v := <-ch: default: }} runs
 * {@code default} only when the buffer is empty.
 *
 * <p>Hypothesis: an empty channel of capacity 2; actor 1 sends 1, actor 2 sends 2 and then receives
 * with {@code tryReceive}. Actor 2's own send has completed and nobody else receives, so the channel
 * holds a value when its {@code tryReceive} runs: it must get one, and the other is left. The hazard
 * (the mirror of {@link ChannelTrySendWithRoom}): a "nothing to receive" answered without the lock
 * from a count that has not yet seen actor 2's own send, or, in a lock-free buffer, from a slot that
 * actor 1 has claimed but not yet filled.
 *
 * <p>Run just this hazard: {@code cd stress-tests/target && java -XX:ActiveProcessorCount=4
 * -Dos.name=Oversubscribed -jar jcstress.jar -m quick -af NONE -t ChannelTryReceiveWithValue}
 */
public final class ChannelTryReceiveWithValue {
    private ChannelTryReceiveWithValue() {}

    /**
     * {@code make(chan int, 2)}, empty. r1 = actor 1's {@code trySend(1)}, r2 = actor 2's
     * {@code trySend(2)}, r3 = what actor 2's {@code tryReceive} got, r4 = what the arbiter drained.
     */
    @JCStressTest
    @Outcome(id = "sent, sent, 1, 2", expect = ACCEPTABLE, desc = "actor 1 sent first: actor 2 received its value")
    @Outcome(id = "sent, sent, 2, 1", expect = ACCEPTABLE, desc = "actor 2 received its own value, or sent before actor 1")
    @Outcome(id = "sent, sent, empty, .*", expect = FORBIDDEN,
            desc = "tryReceive found nothing although actor 2's own send had completed")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a value lost or duplicated, or a call threw")
    @State
    public static class Channel {
        private final dev.go4j.chan.Channel<Integer> ch = dev.go4j.chan.Channel.make(2);

        @Actor
        public void send(LLLL_Result r) {
            r.r1 = Observed.trySend(ch, 1);
        }

        @Actor
        public void sendThenReceive(LLLL_Result r) {
            r.r2 = Observed.trySend(ch, 2);
            r.r3 = Observed.tryReceive(ch);
        }

        @Arbiter
        public void drain(LLLL_Result r) {
            r.r4 = Observed.drain(ch);
        }
    }
}
