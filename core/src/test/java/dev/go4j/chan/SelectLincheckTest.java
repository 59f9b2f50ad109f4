package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link Select}, model-checked with Lincheck.
 *
 * <p>A select with two receive cases and a default, among concurrent sends and other selects, is
 * checked against a sequential specification: the default runs only if, at one instant, neither
 * channel holds a value (Go's {@code selectgo} decides "nothing is ready" on one consistent view).
 * Which of two ready cases fires is Go's free (random) choice, so the specification counts values
 * across both channels rather than naming the case.
 *
 * <p>The blocking forms — two receive cases that park, a send case beside a receive case — and the
 * "value moving between two channels" race are checked with {@link Lincheck#runConcurrentTest}:
 * fixed threads, every explored interleaving asserted: exactly one case fires, its partner and only
 * its partner completes, and the default never runs while a case is ready.
 *
 * <p>Each check is shown once to fail on a deliberately broken select kept in this file.
 */
class SelectLincheckTest {

    // ------------------------------------------------------------------ the operations under test

    /**
     * Two buffered channels with room for every send a scenario makes, and a select over both with a
     * default. Results: {@code "sent"}, {@code "received"}, {@code "default"}.
     */
    public static class TwoReceivesWithDefault {
        final Channel<Integer> a = Channel.make(8);
        final Channel<Integer> b = Channel.make(8);

        /** Go: {@code a <- 1} (never blocks here). */
        @Operation
        public String sendA() {
            return a.trySend(1) ? "sent" : "would-block";
        }

        /** Go: {@code b <- 2} (never blocks here). */
        @Operation
        public String sendB() {
            return b.trySend(2) ? "sent" : "would-block";
        }

        /** Go: {@code select { case <-a: case <-b: default: }}. */
        @Operation
        public String selectOrDefault() throws InterruptedException {
            return new Select<String>()
                    .onReceive(a, v -> "received")
                    .onReceive(b, v -> "received")
                    .orDefault(() -> "default")
                    .run();
        }
    }

    /** Go's rules for {@link TwoReceivesWithDefault}, one operation at a time. */
    public static class TwoReceivesWithDefaultSpec {
        private int values;

        public String sendA() {
            values++;
            return "sent";
        }

        public String sendB() {
            values++;
            return "sent";
        }

        public String selectOrDefault() {
            if (values == 0) {
                return "default";
            }
            values--;
            return "received";
        }
    }

    /**
     * Broken on purpose: a "select" that polls the two channels one after the other (in an order that
     * alternates from call to call, as a random poll order would) and takes the default if both polls
     * came back empty — "nothing ready" assembled from two instants.
     */
    public static class PollOneByOne extends TwoReceivesWithDefault {
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        @Operation
        public String selectOrDefault() {
            boolean bFirst = calls.getAndIncrement() % 2 == 0;
            Channel<Integer> first = bFirst ? b : a;
            Channel<Integer> second = bFirst ? a : b;
            if (first.tryReceive() != null || second.tryReceive() != null) {
                return "received";
            }
            return "default";
        }
    }

    private static Actor actor(String name) {
        try {
            Method m = TwoReceivesWithDefault.class.getMethod(name);
            return new Actor(m, List.of());
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * a holds a value; one select races a send on b followed by a second select, which may take a's
     * value after b's arrived: the value count never drops to zero while the first select runs.
     */
    private static ExecutionScenario selectRacesSendAndSelect() {
        return new ExecutionScenario(List.of(actor("sendA")),
                List.of(List.of(actor("selectOrDefault")), List.of(actor("sendB"), actor("selectOrDefault"))),
                List.of(), null);
    }

    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(5)
                .invocationsPerIteration(300)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(0)
                .addCustomScenario(selectRacesSendAndSelect())
                .sequentialSpecification(TwoReceivesWithDefaultSpec.class);
    }

    /** Two receive cases with a default: linearizable against the value count. */
    @Test
    void selectWithDefaultIsLinearizable() {
        options().check(TwoReceivesWithDefault.class);
    }

    /** The check catches "nothing ready" assembled from two polls. */
    @Test
    void checkCatchesPollOneByOne() {
        assertThatThrownBy(() -> options().check(PollOneByOne.class)).isInstanceOf(LincheckAssertionError.class);
    }

    // ------------------------------------------------------------------ fixed-thread scenarios

    private static final int INVOCATIONS = 200;

    /**
     * An assertion inside a Lincheck-run lambda. (AssertJ's assertion objects refuse {@code equals},
     * which Lincheck's model checker calls on the objects it tracks.)
     */
    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static Thread start(Runnable body) {
        Thread t = new Thread(body);
        t.start();
        return t;
    }

    private static void join(Thread... ts) {
        try {
            for (Thread t : ts) {
                t.join();
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A select over the receive cases of {@code a} and {@code b} with a default. */
    private interface SelectWithDefault {
        String run(Channel<Integer> a, Channel<Integer> b) throws InterruptedException;
    }

    private static String realSelectWithDefault(Channel<Integer> a, Channel<Integer> b) throws InterruptedException {
        return new Select<String>()
                .onReceive(a, v -> "received")
                .onReceive(b, v -> "received")
                .orDefault(() -> "default")
                .run();
    }

    /** Broken on purpose: "nothing ready" from a poll of b and then a poll of a. */
    private static String pollOneByOne(Channel<Integer> a, Channel<Integer> b) {
        return b.tryReceive() != null || a.tryReceive() != null ? "received" : "default";
    }

    /**
     * One channel holds the one value; a mover moves it to the other channel, back, and there again,
     * each time sending the new value before taking the old: from the moment the select starts until
     * it takes a value, a or b holds one. (Three moves, because a select may look twice: once
     * without locks, once with.) So the default must never run
     * ({@code TestNonblockSelectRace}).
     */
    private static void movingValue(SelectWithDefault select) {
        movingValue(select, true);
        movingValue(select, false); // both directions: the poll order may favour either channel
    }

    private static void movingValue(SelectWithDefault select, boolean fromAToB) {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Channel<Integer> a = Channel.make(1);
            Channel<Integer> b = Channel.make(1);
            Channel<Integer> from = fromAToB ? a : b;
            Channel<Integer> to = fromAToB ? b : a;
            from.trySend(1);
            String[] r = new String[1];
            Thread mover = start(() -> { // there, back, and there again: a or b always holds a value
                to.trySend(1);
                from.tryReceive();
                from.trySend(1);
                to.tryReceive();
                to.trySend(1);
                from.tryReceive();
            });
            Thread selector = start(() -> {
                try {
                    r[0] = select.run(a, b);
                } catch (InterruptedException e) {
                    r[0] = "interrupted";
                }
            });
            join(mover, selector);
            check("received".equals(r[0]), "select with default while a or b held a value: " + r[0]);
        });
    }

    private static String realSelectWithDefaultAndIdleCase(Channel<Integer> a, Channel<Integer> b)
            throws InterruptedException {
        return new Select<String>()
                .onReceive(a, v -> "received")
                .onReceive(b, v -> "received")
                .onReceive(Channel.<Integer>make(), v -> "idle fired")
                .orDefault(() -> "default")
                .run();
    }

    /**
     * The same with a third case on an unbuffered channel nobody uses, so that the select decides
     * under the channels' locks only.
     */
    @Test
    void selectWithDefaultAndIdleCaseNeverMissesAMovingValue() {
        movingValue(SelectLincheckTest::realSelectWithDefaultAndIdleCase);
    }

    /** The default never runs while a value moves between the two channels. */
    @Test
    void selectWithDefaultNeverMissesAMovingValue() {
        movingValue(SelectLincheckTest::realSelectWithDefault);
    }

    /** The check catches "nothing ready" assembled from two polls. */
    @Test
    void movingValueCheckCatchesPollOneByOne() {
        assertThatThrownBy(() -> movingValue(SelectLincheckTest::pollOneByOne))
                .isInstanceOf(LincheckAssertionError.class)
                .hasMessageContaining("select with default while a or b held a value");
    }

    /**
     * Two receive cases on unbuffered channels, without a default: the select parks, two senders
     * race to wake it; exactly one send completes, into the case that fired; the other sender is
     * released by close.
     */
    @Test
    void parkedSelectWithTwoReceiveCasesTakesExactlyOne() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Channel<Integer> a = Channel.make();
            Channel<Integer> b = Channel.make();
            String[] r = new String[3];
            Thread selector = start(() -> {
                try {
                    r[0] = new Select<String>().onReceive(a, v -> "a got " + v).onReceive(b, v -> "b got " + v).run();
                } catch (InterruptedException e) {
                    r[0] = "interrupted";
                }
            });
            Thread sa = start(() -> r[1] = send(a, 1));
            Thread sb = start(() -> r[2] = send(b, 2));
            join(selector);
            a.close();
            b.close();
            join(sa, sb);
            String outcome = r[0] + ", " + r[1] + ", " + r[2];
            check(outcome.equals("a got 1, sent, send-on-closed") || outcome.equals("b got 2, send-on-closed, sent"),
                    "select, send on a, send on b: " + outcome);
        });
    }

    /** A select with a send case on a and a receive case on b, without a default. */
    private interface SendOrReceive {
        String run(Channel<Integer> a, Channel<Integer> b) throws InterruptedException;
    }

    private static String realSendOrReceive(Channel<Integer> a, Channel<Integer> b) throws InterruptedException {
        return new Select<String>().onSend(a, 1, () -> "sent").onReceive(b, v -> "received " + v).run();
    }

    /** Broken on purpose: tries both cases, so both may fire; only then parks in a real select. */
    private static String tryBoth(Channel<Integer> a, Channel<Integer> b) throws InterruptedException {
        boolean sent = a.trySend(1);
        Integer got = b.tryReceive();
        if (sent) {
            return "sent";
        }
        if (got != null) {
            return "received " + got;
        }
        return realSendOrReceive(a, b);
    }

    /**
     * A send case on a and a receive case on b (both unbuffered): a receiver on a and a sender on b
     * race to complete it. Exactly one case fires and exactly its partner completes; close releases
     * the other.
     */
    private static void sendAndReceiveCases(SendOrReceive select) {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Channel<Integer> a = Channel.make();
            Channel<Integer> b = Channel.make();
            String[] r = new String[3];
            Thread selector = start(() -> {
                try {
                    r[0] = select.run(a, b);
                } catch (InterruptedException e) {
                    r[0] = "interrupted";
                }
            });
            Thread ra = start(() -> r[1] = receive(a));
            Thread sb = start(() -> r[2] = send(b, 2));
            join(selector);
            a.close();
            b.close();
            join(ra, sb);
            String outcome = r[0] + ", " + r[1] + ", " + r[2];
            check(outcome.equals("sent, got 1, send-on-closed") || outcome.equals("received 2, closed, sent"),
                    "select, receive on a, send on b: " + outcome);
        });
    }

    /** Exactly one of a send case and a receive case fires, with exactly its partner. */
    @Test
    void selectWithSendAndReceiveCasesFiresExactlyOne() {
        sendAndReceiveCases(SelectLincheckTest::realSendOrReceive);
    }

    /** The check catches a select that can fire both cases. */
    @Test
    void sendAndReceiveCheckCatchesTryBoth() {
        assertThatThrownBy(() -> sendAndReceiveCases(SelectLincheckTest::tryBoth))
                .isInstanceOf(LincheckAssertionError.class)
                .hasMessageContaining("select, receive on a, send on b");
    }

    private static String send(Channel<Integer> ch, int v) {
        return ChannelLincheckTest.send(ch, v);
    }

    private static String receive(Channel<Integer> ch) {
        return ChannelLincheckTest.receive(ch);
    }
}
