package dev.go4j.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * A select with a default racing a value that moves between two channels: Go's rule
 * ({@code TestNonblockSelectRace}) that "nothing is ready" is decided on one consistent view of all
 * cases, not on readings taken at different instants.
 *
 * <p>Hypothesis: {@code select { case <-a: case <-b: default: }} never runs the default while a or b
 * holds a value. The mover keeps one there at every instant: it sends on the empty channel before it
 * receives from the full one. The default can only run if the select read one channel before the value
 * arrived and the other after it left.
 *
 * <p>Outcome ids: {@code a} or {@code b}, the case that fired, or {@code default}.
 *
 * <p>Run just this test: {@code ./mvnw -Pjcstress -Djcstress.args="-t SelectDefaultVsMovingValue"}
 */
public final class SelectDefaultVsMovingValue {
    private SelectDefaultVsMovingValue() {}

    /** Moves the value from {@code from} to {@code to}: the send comes first, so one is always there. */
    private static void move(Channel<Integer> from, Channel<Integer> to) {
        to.trySend(1);
        from.tryReceive();
    }

    /**
     * {@code make(chan int, 1)} each, the value starting in a; the mover takes it to b, back, and to b
     * again (a select may look twice, with and without locks). Two actors.
     */
    @JCStressTest
    @Outcome(id = "a", expect = ACCEPTABLE, desc = "the select took the value from a")
    @Outcome(id = "b", expect = ACCEPTABLE, desc = "the select took the value from b")
    @Outcome(id = "default", expect = FORBIDDEN, desc = "the default ran while a or b held a value")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class TwoCases {
        private final Channel<Integer> a = Channel.make(1);
        private final Channel<Integer> b = Channel.make(1);
        private final Select<String> select = new Select<String>()
                .onReceive(a, v -> "a")
                .onReceive(b, v -> "b")
                .orDefault(() -> "default");

        public TwoCases() {
            a.trySend(1);
        }

        @Actor
        public void mover() {
            move(a, b);
            move(b, a);
            move(a, b);
        }

        @Actor
        public void selector(L_Result r) {
            r.r1 = Observed.run(select);
        }
    }

    /**
     * The same with a third case on an unbuffered channel nobody uses (the select can no longer commit a
     * buffered case without locks) and one move. Two actors.
     */
    @JCStressTest
    @Outcome(id = "a", expect = ACCEPTABLE, desc = "the select took the value from a")
    @Outcome(id = "b", expect = ACCEPTABLE, desc = "the select took the value from b")
    @Outcome(id = "default", expect = FORBIDDEN, desc = "the default ran while a or b held a value")
    @Outcome(id = "idle", expect = FORBIDDEN, desc = "the case on a channel nobody touches fired")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class TwoCasesAndIdleCase {
        private final Channel<Integer> a = Channel.make(1);
        private final Channel<Integer> b = Channel.make(1);
        private final Select<String> select = new Select<String>()
                .onReceive(a, v -> "a")
                .onReceive(b, v -> "b")
                .onReceive(Channel.<Integer>make(), v -> "idle")
                .orDefault(() -> "default");

        public TwoCasesAndIdleCase() {
            a.trySend(1);
        }

        @Actor
        public void mover() {
            move(a, b);
        }

        @Actor
        public void selector(L_Result r) {
            r.r1 = Observed.run(select);
        }
    }

    /**
     * {@code TestNonblockSelectRace2}: a ({@code make(chan int, 1)}) holds a value, b is unbuffered;
     * the other thread closes b and then takes a's value. A closed channel is always ready, so again
     * the default must never run. Two actors.
     */
    @JCStressTest
    @Outcome(id = "a", expect = ACCEPTABLE, desc = "the select took the value from a")
    @Outcome(id = "b closed", expect = ACCEPTABLE, desc = "the select saw b closed")
    @Outcome(id = "default", expect = FORBIDDEN, desc = "the default ran while a held a value or b was closed")
    @Outcome(expect = FORBIDDEN, desc = "anything else: a call threw what no Go rule allows here")
    @State
    public static class CloseThenTake {
        private final Channel<Integer> a = Channel.make(1);
        private final Channel<Integer> b = Channel.make();
        private final Select<String> select = new Select<String>()
                .onReceive(a, v -> "a")
                .onReceive(b, v -> v == null ? "b closed" : "b")
                .orDefault(() -> "default");

        public CloseThenTake() {
            a.trySend(1);
        }

        @Actor
        public void closer() {
            b.close();
            a.tryReceive();
        }

        @Actor
        public void selector(L_Result r) {
            r.r1 = Observed.run(select);
        }
    }
}
