package dev.go4j.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Close wakes every goroutine blocked on the channel: Go's rule that after {@code close(ch)} a blocked
 * receive returns (ok == false), a blocked send panics, and a blocked {@code select} with a case on the
 * channel proceeds.
 *
 * <p>Hypothesis: a call parked on a channel (or a select parked on several) returns promptly once another
 * thread closes the channel, in the way Go's rule says, whether the close lands before the call parks,
 * while it spins, or after it parked. A call still parked after close is a lost wake-up (JCStress reports
 * it {@code STALE}); a call that returns the wrong way throws from the actor (JCStress reports
 * {@code ERROR}, and the first stack trace is printed).
 *
 * <p>These are {@code Mode.Termination} tests: one actor blocks, the {@code @Signal} closes.
 *
 * <p>Run just this test: {@code ./mvnw -Pjcstress -Djcstress.args="-t ChannelCloseWakesBlocked"}
 */
public final class ChannelCloseWakesBlocked {
    private ChannelCloseWakesBlocked() {}

    /** A generous bound for the timed forms: the test is about close, not the timeout. */
    private static final Duration AN_HOUR = Duration.ofHours(1);

    /** Fails the actor (JCStress records {@code ERROR}) and prints the first such failure's stack trace. */
    private static IllegalStateException wrong(String what) {
        IllegalStateException e = new IllegalStateException(what);
        Observed.failure(e);
        return e;
    }

    /** Checks that {@code e} carries Go's message for {@code rule}; otherwise fails the actor. */
    private static void expectRule(ChannelClosedException e, String rule) {
        if (!rule.equals(e.getMessage())) {
            IllegalStateException wrong = wrong("expected \"" + rule + "\", got \"" + e.getMessage() + "\"");
            wrong.initCause(e);
            throw wrong;
        }
    }

    /** {@code v, ok := <-ch} on an unbuffered channel: returns null (ok == false) once closed. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "close woke the receive, which returned null (ok == false)")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the receive stayed parked after close: lost wake-up")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "the receive returned a value nobody sent, or threw")
    @Outcome(expect = FORBIDDEN, desc = "not a termination outcome")
    @State
    public static class ReceiveOrNull {
        private final Channel<Integer> ch = Channel.make();

        @Actor
        public void receiver() throws InterruptedException {
            Integer v = ch.receiveOrNull();
            if (v != null) {
                throw wrong("received " + v + " from a channel nobody sent on");
            }
        }

        @Signal
        public void closer() {
            ch.close();
        }
    }

    /** {@code receive()} on an empty buffered channel: throws "receive on closed and drained channel". */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "close woke the receive, which threw ChannelClosedException (closed and drained)")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the receive stayed parked after close: lost wake-up")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "the receive returned a value nobody sent, or threw something else")
    @Outcome(expect = FORBIDDEN, desc = "not a termination outcome")
    @State
    public static class Receive {
        private final Channel<Integer> ch = Channel.make(1);

        @Actor
        public void receiver() throws InterruptedException {
            try {
                Integer v = ch.receive();
                throw wrong("received " + v + " from a channel nobody sent on");
            } catch (ChannelClosedException e) {
                expectRule(e, ChannelClosedException.RECEIVE_ON_CLOSED);
            }
        }

        @Signal
        public void closer() {
            ch.close();
        }
    }

    /** {@code ch <- 1} on an unbuffered channel with no receiver: panics "send on closed channel". */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "close woke the send, which threw ChannelClosedException (send on closed channel)")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the send stayed parked after close: lost wake-up")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "the send returned though nobody received, or threw something else")
    @Outcome(expect = FORBIDDEN, desc = "not a termination outcome")
    @State
    public static class Send {
        private final Channel<Integer> ch = Channel.make();

        @Actor
        public void sender() throws InterruptedException {
            try {
                ch.send(1);
                throw wrong("send returned on an unbuffered channel nobody receives from");
            } catch (ChannelClosedException e) {
                expectRule(e, ChannelClosedException.SEND_ON_CLOSED);
            }
        }

        @Signal
        public void closer() {
            ch.close();
        }
    }

    /** {@code ch <- 2} on a full buffered channel ({@code make(chan int, 1)} holding 1): panics on close. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "close woke the send, which threw ChannelClosedException (send on closed channel)")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the send stayed parked after close: lost wake-up")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "the send returned though the buffer stayed full, or threw something else")
    @Outcome(expect = FORBIDDEN, desc = "not a termination outcome")
    @State
    public static class SendOnFullBuffer {
        private final Channel<Integer> ch = Channel.make(1);

        public SendOnFullBuffer() {
            ch.trySend(1);
        }

        @Actor
        public void sender() throws InterruptedException {
            try {
                ch.send(2);
                throw wrong("send returned on a full buffer nobody receives from");
            } catch (ChannelClosedException e) {
                expectRule(e, ChannelClosedException.SEND_ON_CLOSED);
            }
        }

        @Signal
        public void closer() {
            ch.close();
        }
    }

    /**
     * {@code select { case v := <-a: case v, ok := <-b: }} parked on two unbuffered channels; {@code b}
     * closes: the select fires the {@code b} case with null (ok == false).
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "close of b woke the select, which fired b's case with null")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the select stayed parked after close: lost wake-up")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "the select fired another case or a value, or threw")
    @Outcome(expect = FORBIDDEN, desc = "not a termination outcome")
    @State
    public static class SelectReceive {
        private final Channel<Integer> a = Channel.make();
        private final Channel<Integer> b = Channel.make();

        @Actor
        public void selector() throws InterruptedException {
            String fired = new Select<String>()
                    .onReceive(a, v -> "a fired with " + v)
                    .onReceive(b, v -> v == null ? "b closed" : "b fired with " + v)
                    .run();
            if (!"b closed".equals(fired)) {
                throw wrong(fired);
            }
        }

        @Signal
        public void closer() {
            b.close();
        }
    }

    /** The same with a timeout case ({@code case <-time.After(time.Hour):}): the timed park is woken too. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "close of b woke the timed select, which fired b's case")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the select stayed parked after close: lost wake-up")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "the select fired another case, the timeout or a value, or threw")
    @Outcome(expect = FORBIDDEN, desc = "not a termination outcome")
    @State
    public static class SelectReceiveWithTimeout {
        private final Channel<Integer> a = Channel.make();
        private final Channel<Integer> b = Channel.make();

        @Actor
        public void selector() throws InterruptedException {
            String fired = new Select<String>()
                    .onReceive(a, v -> "a fired with " + v)
                    .onReceive(b, v -> v == null ? "b closed" : "b fired with " + v)
                    .onTimeout(AN_HOUR, () -> "timed out")
                    .run();
            if (!"b closed".equals(fired)) {
                throw wrong(fired);
            }
        }

        @Signal
        public void closer() {
            b.close();
        }
    }

    /**
     * {@code select { case ch <- 1: case <-idle: }} parked on two unbuffered channels; {@code ch} closes:
     * the select panics "send on closed channel", as Go's does.
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "close woke the select, which threw ChannelClosedException (send on closed channel)")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the select stayed parked after close: lost wake-up")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "the select fired a case though nobody received, or threw something else")
    @Outcome(expect = FORBIDDEN, desc = "not a termination outcome")
    @State
    public static class SelectSend {
        private final Channel<Integer> ch = Channel.make();
        private final Channel<Integer> idle = Channel.make();

        @Actor
        public void selector() throws InterruptedException {
            try {
                String fired = new Select<String>()
                        .onSend(ch, 1, () -> "sent")
                        .onReceive(idle, v -> "idle fired")
                        .run();
                throw wrong(fired);
            } catch (ChannelClosedException e) {
                expectRule(e, ChannelClosedException.SEND_ON_CLOSED);
            }
        }

        @Signal
        public void closer() {
            ch.close();
        }
    }
}
