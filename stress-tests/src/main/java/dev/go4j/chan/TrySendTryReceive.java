package dev.go4j.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLL_Result;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * The non-blocking operations against concurrent sends, receives and close: Go's
 * {@code select { case ch <- v: default: }} and {@code select { case v := <-ch: default: }}.
 *
 * <p>Hypothesis: {@code trySend} and {@code tryReceive} first read the channel's state without the lock
 * (Go's fast path "check for failed non-blocking operation without acquiring the lock"), then decide
 * under it. Neither loses nor duplicates a value whatever they race: on an unbuffered channel a
 * {@code trySend} succeeds only by handing the value to a receiver that is already waiting, and a
 * {@code tryReceive} only by taking it from a waiting sender; on a buffered channel they fail only when
 * the buffer really was full (or empty) at some instant, and a {@code trySend} on a closed channel throws
 * as Go panics. Two actors per test (plus an arbiter that drains), so it runs on 2 CPUs.
 *
 * <p>Outcome ids list the actors' results in order, then what the arbiter drained: {@code sent} /
 * {@code would-block} / {@code send-on-closed} for a send, the value / {@code empty} / {@code closed}
 * for a receive, {@code closed} for a close (see {@link Observed}).
 *
 * <p>Run just this test: {@code ./mvnw -Pjcstress -Djcstress.args="-t TrySendTryReceive"}
 */
public final class TrySendTryReceive {
    private TrySendTryReceive() {}

    /**
     * Unbuffered: {@code trySend(1)} then {@code close()}, against a blocking receive. The close ends the
     * receive when the {@code trySend} found no receiver waiting.
     */
    @JCStressTest
    @Outcome(id = "sent, closed, 1", expect = ACCEPTABLE_INTERESTING,
            desc = "the receiver was already parked: trySend handed the value over")
    @Outcome(id = "would-block, closed, closed", expect = ACCEPTABLE,
            desc = "no receiver was waiting yet: trySend refused, the receive then saw closed")
    @Outcome(id = "sent, closed, closed", expect = FORBIDDEN,
            desc = "trySend reported a hand-off, but the receiver saw closed: element lost")
    @Outcome(id = "would-block, closed, 1", expect = FORBIDDEN,
            desc = "trySend refused, yet its value was received")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class TrySendNeedsWaitingReceiver {
        private final Channel<Integer> ch = Channel.make();

        @Actor
        public void sender(LLL_Result r) {
            r.r1 = Observed.trySend(ch, 1);
            r.r2 = Observed.close(ch);
        }

        @Actor
        public void receiver(LLL_Result r) {
            r.r3 = Observed.receive(ch);
        }
    }

    /**
     * Unbuffered: {@code tryReceive()} then {@code close()}, against a blocking send. The close ends the
     * send (it throws) when the {@code tryReceive} found no sender waiting.
     */
    @JCStressTest
    @Outcome(id = "1, closed, sent", expect = ACCEPTABLE_INTERESTING,
            desc = "the sender was already parked: tryReceive took its value")
    @Outcome(id = "empty, closed, send-on-closed", expect = ACCEPTABLE,
            desc = "no sender was waiting yet: tryReceive found nothing, the send then threw")
    @Outcome(id = "empty, closed, sent", expect = FORBIDDEN,
            desc = "the send completed, but nobody received its value: element lost")
    @Outcome(id = "1, closed, send-on-closed", expect = FORBIDDEN,
            desc = "the value was received, yet its send threw")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class TryReceiveNeedsWaitingSender {
        private final Channel<Integer> ch = Channel.make();

        @Actor
        public void receiver(LLL_Result r) {
            r.r1 = Observed.tryReceive(ch);
            r.r2 = Observed.close(ch);
        }

        @Actor
        public void sender(LLL_Result r) {
            r.r3 = Observed.send(ch, 1);
        }
    }

    /** Buffered with room ({@code make(chan int, 1)}): {@code trySend} against close. */
    @JCStressTest
    @Outcome(id = "sent, closed, 1", expect = ACCEPTABLE, desc = "trySend before close: the value is buffered")
    @Outcome(id = "send-on-closed, closed, empty", expect = ACCEPTABLE,
            desc = "close before trySend: it threw send on closed channel (Go panics even with a default)")
    @Outcome(id = "would-block, .*", expect = FORBIDDEN,
            desc = "trySend refused although the buffer had room (the lock-free fast path misread)")
    @Outcome(id = "sent, closed, empty", expect = FORBIDDEN, desc = "trySend returned true but the value is gone")
    @Outcome(id = "send-on-closed, closed, 1", expect = FORBIDDEN, desc = "trySend threw, yet its value is buffered")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class TrySendVsClose {
        private final Channel<Integer> ch = Channel.make(1);

        @Actor
        public void sender(LLL_Result r) {
            r.r1 = Observed.trySend(ch, 1);
        }

        @Actor
        public void closer(LLL_Result r) {
            r.r2 = Observed.close(ch);
        }

        @Arbiter
        public void drain(LLL_Result r) {
            r.r3 = Observed.drain(ch);
        }
    }

    /**
     * Buffered ({@code make(chan int, 1)}): {@code send(1); close()} against a {@code tryReceive}; the
     * arbiter drains. The {@code tryReceive} may see the value, or an empty channel that is open or
     * already closed, but never lose or duplicate the value.
     */
    @JCStressTest
    @Outcome(id = "sent, closed, 1, empty", expect = ACCEPTABLE, desc = "tryReceive took the value (before or after close)")
    @Outcome(id = "sent, closed, empty, 1", expect = ACCEPTABLE,
            desc = "tryReceive ran before the send: nothing yet; the value stayed for the next receiver")
    @Outcome(id = "sent, closed, empty, empty", expect = FORBIDDEN, desc = "the value is gone: element lost")
    @Outcome(id = "sent, closed, 1, 1", expect = FORBIDDEN, desc = "the value taken, yet still in the buffer: duplicated")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class TryReceiveVsSendThenClose {
        private final Channel<Integer> ch = Channel.make(1);

        @Actor
        public void producer(LLLL_Result r) {
            r.r1 = Observed.send(ch, 1);
            r.r2 = Observed.close(ch);
        }

        @Actor
        public void receiver(LLLL_Result r) {
            r.r3 = Observed.tryReceive(ch);
        }

        @Arbiter
        public void drain(LLLL_Result r) {
            r.r4 = Observed.drain(ch);
        }
    }

    /** Buffered with one slot: two {@code trySend}s race for it; exactly one wins. */
    @JCStressTest
    @Outcome(id = "sent, would-block, 1", expect = ACCEPTABLE, desc = "the first sender took the slot")
    @Outcome(id = "would-block, sent, 2", expect = ACCEPTABLE, desc = "the second sender took the slot")
    @Outcome(id = "sent, sent, .*", expect = FORBIDDEN, desc = "both succeeded on a one-slot buffer: a value lost or the buffer overfilled")
    @Outcome(id = "would-block, would-block, .*", expect = FORBIDDEN, desc = "both refused an empty buffer")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class TwoTrySendsOneSlot {
        private final Channel<Integer> ch = Channel.make(1);

        @Actor
        public void first(LLL_Result r) {
            r.r1 = Observed.trySend(ch, 1);
        }

        @Actor
        public void second(LLL_Result r) {
            r.r2 = Observed.trySend(ch, 2);
        }

        @Arbiter
        public void drain(LLL_Result r) {
            r.r3 = Observed.drain(ch);
        }
    }

    /** Buffered, one value in it before the test: two {@code tryReceive}s race for it; exactly one gets it. */
    @JCStressTest
    @Outcome(id = "1, empty, empty", expect = ACCEPTABLE, desc = "the first receiver got the value")
    @Outcome(id = "empty, 1, empty", expect = ACCEPTABLE, desc = "the second receiver got the value")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both got the one value: duplicated")
    @Outcome(id = "empty, empty, .*", expect = FORBIDDEN, desc = "both found nothing while a value was buffered")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class TwoTryReceivesOneValue {
        private final Channel<Integer> ch = Channel.make(1);

        public TwoTryReceivesOneValue() {
            ch.trySend(1);
        }

        @Actor
        public void first(LLL_Result r) {
            r.r1 = Observed.tryReceive(ch);
        }

        @Actor
        public void second(LLL_Result r) {
            r.r2 = Observed.tryReceive(ch);
        }

        @Arbiter
        public void drain(LLL_Result r) {
            r.r3 = Observed.drain(ch);
        }
    }
}
