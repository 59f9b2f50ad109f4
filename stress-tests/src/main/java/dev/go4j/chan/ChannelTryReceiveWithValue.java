package dev.go4j.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.LLLL_Result;

/**
 * Hazard: a non-blocking receive on a buffered channel that holds a value, while another send is
 * still publishing into the slot ahead of it. Go: {@code select { case v := <-ch: default: }} runs
 * {@code default} only when the buffer is empty.
 *
 * <p>Hypothesis: an empty channel of capacity 2; actor 1 sends 1, actor 2 sends 2 and then receives
 * with {@code tryReceive}. Actor 2's own send has completed and nobody else receives, so the channel
 * holds a value when its {@code tryReceive} runs: it must get one, and the other is left. The hazard
 * (the mirror of {@link ChannelTrySendWithRoom}): actor 1 claims the first slot (the ring's tail
 * moves) and has not yet published its value; actor 2 fills the second slot; a ring that reads
 * "slot not published" at its head as "empty" misses actor 2's completed send.
 *
 * <p>Two tests: {@code RingPoll}, the lock-free ring on its own (the minimal model), and
 * {@code Channel}, the public {@code trySend} / {@code tryReceive}.
 *
 * <p>Run just this hazard: {@code cd stress-tests/target && java -XX:ActiveProcessorCount=4
 * -Dos.name=Oversubscribed -jar jcstress.jar -m quick -af NONE -t ChannelTryReceiveWithValue}
 */
public final class ChannelTryReceiveWithValue {
    private ChannelTryReceiveWithValue() {}

    /**
     * An empty ring of capacity 2. r1 = actor 1's offer status ({@link Ring#OK} 0), r2 = actor 2's,
     * r3 = the value actor 2 polled (0: none), r4 = the value left (0: none; 12: both).
     */
    @JCStressTest
    @Outcome(id = "0, 0, 1, 2", expect = ACCEPTABLE, desc = "actor 1 offered first: actor 2 polled its value")
    @Outcome(id = "0, 0, 2, 1", expect = ACCEPTABLE, desc = "actor 2 polled its own value, or offered before actor 1")
    @Outcome(id = "0, 0, 0, .*", expect = FORBIDDEN,
            desc = "poll found nothing although actor 2's own offer had completed (an offer publishing at the head)")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a value lost or duplicated")
    @State
    public static class RingPoll {
        private final Ring ring = new Ring(2);

        @Actor
        public void offer(IIII_Result r) {
            r.r1 = ring.offer(1);
        }

        @Actor
        public void offerThenPoll(IIII_Result r) {
            r.r2 = ring.offer(2);
            Object v = ring.poll();
            r.r3 = v == null ? 0 : (Integer) v;
        }

        @Arbiter
        public void left(IIII_Result r) {
            int left = 0;
            for (Object v; (v = ring.poll()) != null; ) {
                left = left * 10 + (Integer) v;
            }
            r.r4 = left;
        }
    }

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
