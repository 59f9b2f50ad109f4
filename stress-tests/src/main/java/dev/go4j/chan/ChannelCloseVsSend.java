package dev.go4j.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * Close racing a send: Go's rule that a send either completes or panics with
 * {@code "send on closed channel"}.
 *
 * <p>Hypothesis: whatever the interleaving, a send that races {@code close} either returns and its value
 * is received (by the receiver it was handed to, or from the buffer, which close does not empty), or
 * throws {@link ChannelClosedException} ("send on closed channel") and its value is nowhere. Never both
 * (a value delivered by a send that failed), never neither (a send that returned, and a receiver told the
 * channel is closed and drained: the element is lost). Whatever order the actors run in, every call
 * returns: a receive ends with the value or with the close.
 *
 * <p>Outcome ids read {@code sender, receiver, closer} ({@code sender, closer, what was left} for
 * {@link Buffered}): {@code sent} / {@code send-on-closed} for the send, the value or {@code closed} for
 * the receive, {@code closed} for the close (see {@link Observed}). The three-actor tests need three
 * CPUs (see README.md for a smaller machine).
 *
 * <p>Run just this test: {@code ./mvnw -Pjcstress -Djcstress.args="-t ChannelCloseVsSend"}
 */
public final class ChannelCloseVsSend {
    private ChannelCloseVsSend() {}

    /**
     * The race on a model that checks "closed" and then enqueues in two steps, as a naive channel would:
     * the lost send this class hunts shows up here, and must never show up in the tests of the real
     * channel below, where the check and the enqueue are one step under the channel's lock.
     */
    @JCStressTest
    @Outcome(id = "sent, 1, closed", expect = ACCEPTABLE, desc = "send before close: the receiver got the value")
    @Outcome(id = "send-on-closed, closed, closed", expect = ACCEPTABLE,
            desc = "close before send: the send threw, the receiver saw closed")
    @Outcome(id = "sent, closed, closed", expect = ACCEPTABLE_INTERESTING,
            desc = "the hazard: the send saw the channel open, the receiver saw it closed and empty, then the "
                    + "send enqueued: element lost (the model only; the real channel forbids it)")
    @Outcome(expect = FORBIDDEN, desc = "not even the model can do this")
    @State
    public static class CheckThenEnqueueModel {
        private volatile boolean closed;
        private final Queue<Integer> queue = new ConcurrentLinkedQueue<>();

        @Actor
        public void sender(LLL_Result r) {
            if (closed) {
                r.r1 = Observed.SEND_ON_CLOSED;
            } else {
                queue.offer(1); // the window: close may complete between the check and here
                r.r1 = Observed.SENT;
            }
        }

        @Actor
        public void receiver(LLL_Result r) {
            for (;;) { // a spinning model of a blocking receive; the real channel parks
                Integer v = queue.poll();
                if (v == null && closed) {
                    v = queue.poll(); // drain what was sent before close
                    r.r2 = v != null ? v : Observed.CLOSED;
                    return;
                }
                if (v != null) {
                    r.r2 = v;
                    return;
                }
                Thread.onSpinWait();
            }
        }

        @Actor
        public void closer(LLL_Result r) {
            closed = true;
            r.r3 = Observed.CLOSED;
        }
    }

    /**
     * A buffered channel ({@code make(chan int, 1)}) and no receiver: the value stays in the buffer, and
     * the arbiter drains the channel after both actors. Two actors, so it runs on a 2-CPU machine.
     */
    @JCStressTest
    @Outcome(id = "sent, closed, 1", expect = ACCEPTABLE,
            desc = "send before close: the value was buffered and is still received after close")
    @Outcome(id = "send-on-closed, closed, empty", expect = ACCEPTABLE,
            desc = "close before send: the send threw and left nothing behind")
    @Outcome(id = "sent, closed, empty", expect = FORBIDDEN, desc = "the send returned but its value is gone: element lost")
    @Outcome(id = "send-on-closed, closed, 1", expect = FORBIDDEN,
            desc = "the send threw, yet its value is in the buffer: it both failed and succeeded")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class Buffered {
        private final Channel<Integer> ch = Channel.make(1);

        @Actor
        public void sender(LLL_Result r) {
            r.r1 = Observed.send(ch, 1);
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
     * An unbuffered channel ({@code make(chan int)}): the send completes only by handing the value to
     * the receiver, which may be parked already; close wakes whichever of the two is parked.
     */
    @JCStressTest
    @Outcome(id = "sent, 1, closed", expect = ACCEPTABLE, desc = "rendezvous before close: the receiver got the value")
    @Outcome(id = "send-on-closed, closed, closed", expect = ACCEPTABLE,
            desc = "close before the rendezvous: the send threw, the receiver saw closed")
    @Outcome(id = "sent, closed, closed", expect = FORBIDDEN,
            desc = "the send returned but no receiver got the value: element lost")
    @Outcome(id = "send-on-closed, 1, closed", expect = FORBIDDEN,
            desc = "the send threw, yet its value was received: it both failed and succeeded")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class Unbuffered {
        private final Channel<Integer> ch = Channel.make();

        @Actor
        public void sender(LLL_Result r) {
            r.r1 = Observed.send(ch, 1);
        }

        @Actor
        public void receiver(LLL_Result r) {
            r.r2 = Observed.receive(ch);
        }

        @Actor
        public void closer(LLL_Result r) {
            r.r3 = Observed.close(ch);
        }
    }

    /**
     * The send is a select case ({@code select { case ch <- 1: case <-idle: }}) on an unbuffered channel:
     * close must reach the select's parked send case and make the select throw, as Go panics.
     */
    @JCStressTest
    @Outcome(id = "sent, 1, closed", expect = ACCEPTABLE, desc = "rendezvous before close: the receiver got the value")
    @Outcome(id = "send-on-closed, closed, closed", expect = ACCEPTABLE,
            desc = "close before the rendezvous: the select threw, the receiver saw closed")
    @Outcome(id = "sent, closed, closed", expect = FORBIDDEN,
            desc = "the send case fired but no receiver got the value: element lost")
    @Outcome(id = "send-on-closed, 1, closed", expect = FORBIDDEN,
            desc = "the select threw, yet its value was received: it both failed and succeeded")
    @Outcome(id = "idle fired, .*", expect = FORBIDDEN, desc = "the case on a channel nobody touches fired")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class SelectSend {
        private final Channel<Integer> ch = Channel.make();
        private final Channel<Integer> idle = Channel.make();

        @Actor
        public void sender(LLL_Result r) {
            r.r1 = Observed.run(new Select<>()
                    .onSend(ch, 1, () -> Observed.SENT)
                    .onReceive(idle, v -> "idle fired"));
        }

        @Actor
        public void receiver(LLL_Result r) {
            r.r2 = Observed.receive(ch);
        }

        @Actor
        public void closer(LLL_Result r) {
            r.r3 = Observed.close(ch);
        }
    }
}
