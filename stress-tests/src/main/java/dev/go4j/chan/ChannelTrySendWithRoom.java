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
 * Hazard: a non-blocking send on a buffered channel that has room, while another receive is finishing
 * on the very slot the send needs. Go: {@code select { case ch <- v: default: }} runs {@code default}
 * only when the buffer is full.
 *
 * <p>Hypothesis: a full channel of capacity 2; actor 1 receives a value and sends it back with
 * {@code trySend}, while actor 2 receives the other value. Actor 1's own receive has completed, so
 * whatever actor 2 has done, the channel holds at most one value when the {@code trySend} runs: it
 * must succeed, and one value is left. The hazard: a "full" answered without the lock from a count
 * that has not yet seen actor 1's own receive, or, in a lock-free buffer, from the slot at the tail
 * that actor 2 has claimed but not yet freed. A token returned to a token bucket this way is lost for
 * good ({@code ChannelTokenBucketConcurrentAcquire} caught it first, in a lock-free ring this channel
 * no longer uses). The window is a few instructions wide.
 *
 * <p>Run just this hazard: {@code cd stress-tests/target && java -XX:ActiveProcessorCount=4
 * -Dos.name=Oversubscribed -jar jcstress.jar -m quick -af NONE -t ChannelTrySendWithRoom}
 */
public final class ChannelTrySendWithRoom {
    private ChannelTrySendWithRoom() {}

    /**
     * {@code make(chan int, 2)} holding 1 and 2. r1 = what actor 1 received, r2 = its {@code trySend}
     * of that value, r3 = what actor 2 received, r4 = what the arbiter drained.
     */
    @JCStressTest
    @Outcome(id = "1, sent, 2, 1", expect = ACCEPTABLE, desc = "actor 1 received first and sent its value back")
    @Outcome(id = "2, sent, 1, 2", expect = ACCEPTABLE, desc = "actor 2 received first; actor 1 sent the second value back")
    @Outcome(id = "[12], would-block, .*", expect = FORBIDDEN,
            desc = "trySend refused although actor 1's own receive had left room: the value is lost")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a value lost or duplicated, or a call threw")
    @State
    public static class Channel {
        private final dev.go4j.chan.Channel<Integer> ch = dev.go4j.chan.Channel.make(2);

        public Channel() {
            ch.trySend(1);
            ch.trySend(2);
        }

        @Actor
        public void receiveThenTrySend(LLLL_Result r) {
            Object v = Observed.tryReceive(ch);
            r.r1 = v;
            r.r2 = v instanceof Integer i ? Observed.trySend(ch, i) : "no value";
        }

        @Actor
        public void receive(LLLL_Result r) {
            r.r3 = Observed.tryReceive(ch);
        }

        @Arbiter
        public void drain(LLLL_Result r) {
            r.r4 = Observed.drain(ch);
        }
    }
}
