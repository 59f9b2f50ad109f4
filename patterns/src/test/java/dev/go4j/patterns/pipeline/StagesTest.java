package dev.go4j.patterns.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.errgroup.ErrGroup;
import dev.go4j.test.Leaks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Go's pipeline stages, {@link Stages}, rule by rule. */
class StagesTest {

    private final CancelableContext ctx = Context.withCancel(Context.background());
    private final ErrGroup g = ErrGroup.withContext(ctx);

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @AfterEach
    void noStageOutlivesItsTest() {
        ctx.cancel();
        await().untilAsserted(() -> assertThat(ThreadDump.threadsInStages()).isZero());
    }

    @Test
    void leakLooksReadTheThreadContainersNotTheJsonDump() {
        // The stage-leak tests below look at every thread while stages park; see dev.go4j.test.Leaks.
        assertThat(Leaks.readsThreadContainers()).isTrue();
    }

    @Test
    void aSourceSendsEveryValueInOrderAndCloses() throws Exception {
        assertThat(Stages.collect(g, Stages.source(g, range(100)))).isEqualTo(range(100));
    }

    @Test
    void aStreamSourceIsConsumedAndClosed() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        Stream<Integer> s = range(5).stream().onClose(closed::incrementAndGet);
        assertThat(Stages.collect(g, Stages.source(g, s))).isEqualTo(range(5));
        assertThat(closed).hasValue(1);
    }

    @Test
    void mapAndFilterStagesKeepTheOrder() throws Exception {
        ReceiveChannel<Integer> sq = Stages.map(g, Stages.source(g, range(50)), n -> n * n);
        ReceiveChannel<Integer> even = Stages.filter(g, sq, n -> n % 2 == 0);
        assertThat(Stages.collect(g, even)).isEqualTo(range(50).stream().map(n -> n * n).filter(n -> n % 2 == 0).toList());
    }

    @Test
    void aStageClosesItsOutputWhenItsInputCloses() throws Exception {
        Channel<Integer> in = Channel.make();
        ReceiveChannel<Integer> out = Stages.map(g, in, n -> n + 1);
        in.send(1);
        assertThat(out.receive()).isEqualTo(2);
        in.close();
        assertThat(out.receiveOrNull()).isNull();
    }

    @Test
    void aStageReturnsAndClosesItsOutputWhenTheContextIsDone() throws Exception {
        Channel<Integer> in = Channel.make(); // never closed
        ReceiveChannel<Integer> out = Stages.map(g, in, n -> n);
        ctx.cancel();
        assertThat(out.receiveOrNull()).isNull();
        g.await(); // stopped by the context: not a failure
    }

    @Test
    void mergeDeliversEveryValueAndClosesOnceAfterEveryInputCloses() throws Exception {
        Channel<Integer> a = Channel.make();
        Channel<Integer> b = Channel.make();
        ReceiveChannel<Integer> out = Stages.merge(g, a, b);
        a.send(1);
        a.close();
        assertThat(out.receive()).isEqualTo(1);
        b.send(2);
        assertThat(out.receive()).isEqualTo(2);
        assertThat(out.isClosed()).as("b is still open").isFalse();
        b.close();
        assertThat(out.receiveOrNull()).isNull();
    }

    @Test
    void mergeOfManyInputsLosesAndDuplicatesNothing() throws Exception {
        List<ReceiveChannel<Integer>> ins = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ins.add(Stages.source(g, range(1000).stream().map(n -> n * 8).toList()));
        }
        List<Integer> got = Stages.collect(g, Stages.merge(g, ins));
        assertThat(got).hasSize(8000);
        assertThat(got.stream().mapToLong(Integer::longValue).sum()).isEqualTo(8L * 8 * 999 * 1000 / 2);
    }

    @Test
    void fanOutGivesEachValueToExactlyOneWorker() throws Exception {
        List<ReceiveChannel<String>> outs = Stages.fanOut(g, Stages.source(g, range(300)), 3,
                n -> Thread.currentThread().threadId() + ":" + n);
        List<String> got = Stages.collect(g, Stages.merge(g, outs));
        assertThat(got.stream().map(s -> Integer.parseInt(s.substring(s.indexOf(':') + 1))).sorted().toList())
                .isEqualTo(range(300));
    }

    @Test
    void teeDeliversEveryValueToBothOutputsWhicheverIsReadFirst() throws Exception {
        List<ReceiveChannel<Integer>> two = Stages.tee(g, Stages.source(g, range(20)));
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            second.add(two.get(1).receive()); // the second consumer reads first: no deadlock
            first.add(two.get(0).receive());
        }
        assertThat(two.get(0).receiveOrNull()).isNull();
        assertThat(two.get(1).receiveOrNull()).isNull();
        assertThat(first).isEqualTo(range(20)).isEqualTo(second);
        g.await();
    }

    @Test
    void orDoneForwardsUntilTheInputClosesOrTheContextIsDone() throws Exception {
        Channel<Integer> in = Channel.make();
        ReceiveChannel<Integer> out = Stages.orDone(ctx, in);
        in.send(1);
        assertThat(out.receive()).isEqualTo(1);
        ctx.cancel();
        assertThat(out.receiveOrNull()).isNull();
        Channel<Integer> closing = Channel.make(1);
        closing.send(2);
        closing.close();
        assertThat(Stages.orDone(Context.background(), closing)).containsExactly(2);
    }

    @Test
    void mapOrderedKeepsTheInputOrderWithAtMostNInFlight() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        ReceiveChannel<Integer> out = Stages.mapOrdered(g, Stages.source(g, range(500)), 4, n -> {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
            if (n % 7 == 0) {
                Thread.yield(); // finish out of order
            }
            now.decrementAndGet();
            return n * 2;
        });
        assertThat(Stages.collect(g, out)).isEqualTo(range(500).stream().map(n -> n * 2).toList());
        assertThat(max.get()).isBetween(1, 4);
    }

    @Test
    void mapOrderedHoldsFinishedValuesBehindASlowOneWithinTheWindow() throws Exception {
        CountDownLatch slow = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        ReceiveChannel<Integer> out = Stages.mapOrdered(g, Stages.source(g, range(100)), 3, n -> {
            started.incrementAndGet();
            if (n == 0) {
                slow.await();
            }
            return n;
        });
        await().until(() -> started.get() == 3); // 0 is stuck; 1 and 2 are done and held
        assertThat(out.size()).isZero();
        assertThat(started.get()).as("the window is full: no fourth value starts").isEqualTo(3);
        slow.countDown();
        assertThat(Stages.collect(g, out)).isEqualTo(range(100));
    }

    @Test
    void mapUnorderedEmitsEveryValueWithAtMostNInFlight() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        ReceiveChannel<Integer> out = Stages.mapUnordered(g, Stages.source(g, range(500)), 4, n -> {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
            Thread.yield();
            now.decrementAndGet();
            return n;
        });
        assertThat(Stages.collect(g, out)).containsExactlyInAnyOrderElementsOf(range(500));
        assertThat(max.get()).isBetween(1, 4);
    }

    @Test
    void mapPartitionedKeepsTheOrderWithinAKeyAndRunsKeysInParallel() throws Exception {
        Map<Integer, AtomicInteger> inFlightPerKey = new ConcurrentHashMap<>();
        AtomicInteger overlapWithinKey = new AtomicInteger();
        ReceiveChannel<int[]> out = Stages.mapPartitioned(g, Stages.source(g, range(600)), 4, n -> n % 5, n -> {
            AtomicInteger k = inFlightPerKey.computeIfAbsent(n % 5, x -> new AtomicInteger());
            if (k.incrementAndGet() > 1) {
                overlapWithinKey.incrementAndGet();
            }
            Thread.yield();
            k.decrementAndGet();
            return new int[] {n % 5, n};
        });
        Map<Integer, List<Integer>> perKey = new ConcurrentHashMap<>();
        for (int[] r : Stages.collect(g, out)) {
            perKey.computeIfAbsent(r[0], x -> new ArrayList<>()).add(r[1]);
        }
        assertThat(perKey).hasSize(5);
        perKey.forEach((k, vs) -> assertThat(vs).isSorted().hasSize(120));
        assertThat(overlapWithinKey).hasValue(0);
    }

    @Test
    void theFirstFailureCancelsEveryStageAndIsThrownOnce() throws Exception {
        AtomicReference<Context> seen = new AtomicReference<>();
        ReceiveChannel<Integer> nums = Stages.source(g, range(1_000_000));
        ReceiveChannel<Integer> bad = Stages.mapOrdered(g, nums, 4, n -> {
            if (n == 100) {
                throw new IllegalStateException("bad value " + n);
            }
            return n;
        });
        ReceiveChannel<Integer> out = Stages.map(g, bad, n -> n);
        seen.set(g.context());
        assertThatThrownBy(() -> Stages.collect(g, out)).isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).isEmpty())
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("bad value 100");
        assertThat(Context.cause(seen.get())).hasMessage("bad value 100");
    }

    @Test
    void aFailingSinkActionCancelsThePipelineAndIsThrown() throws Exception {
        ReceiveChannel<Integer> nums = Stages.source(g, range(1_000_000));
        assertThatThrownBy(() -> Stages.forEach(g, nums, n -> {
            if (n == 10) {
                throw new IllegalArgumentException("sink broke");
            }
        })).isInstanceOf(ExecutionException.class).cause().hasMessage("sink broke");
    }

    @Test
    void aNullResultFailsThePipeline() {
        ReceiveChannel<Object> out = Stages.map(g, Stages.source(g, range(3)), n -> n == 1 ? null : n);
        assertThatThrownBy(() -> Stages.collect(g, out)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(NullPointerException.class).hasMessageContaining("returned null");
    }

    @Test
    void aCancelFromOutsideThrowsTheContextErrorNeverAShortList() {
        ReceiveChannel<Integer> out = Stages.map(g, Stages.source(g, range(1_000_000)), n -> {
            if (n == 50) {
                ctx.cancel();
            }
            return n;
        });
        assertThatThrownBy(() -> Stages.collect(g, out)).isInstanceOf(ContextCanceledException.class);
    }

    @Test
    void anInterruptedSinkCancelsThePipelineWaitsForItAndThrows() throws Exception {
        ReceiveChannel<Integer> out = Stages.mapOrdered(g, Stages.source(g, range(1_000_000)), 4, n -> n);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch consuming = new CountDownLatch(1);
        Thread sink = Thread.ofVirtual().start(() -> {
            try {
                Stages.forEach(g, out, n -> consuming.countDown());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        consuming.await();
        sink.interrupt();
        sink.join();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(g.context().err()).isNotNull();
        assertThat(ThreadDump.threadsInStages()).as("every stage ended before the sink threw").isZero();
    }

    @Test
    void cancellingMidStreamEndsEveryVirtualThreadTheStagesStarted() throws Exception {
        CountDownLatch midStream = new CountDownLatch(1);
        ReceiveChannel<Integer> a = Stages.source(g, range(1_000_000));
        ReceiveChannel<Integer> b = Stages.source(g, range(1_000_000));
        ReceiveChannel<Integer> merged = Stages.merge(g, a, b);
        List<ReceiveChannel<Integer>> fan = Stages.fanOut(g, merged, 3, n -> n);
        ReceiveChannel<Integer> ordered = Stages.mapOrdered(g, Stages.merge(g, fan), 4, n -> n);
        ReceiveChannel<Integer> keyed = Stages.mapPartitioned(g, ordered, 3, n -> n % 3, n -> n);
        List<ReceiveChannel<Integer>> two = Stages.tee(g, keyed);
        ReceiveChannel<Integer> sideline = Stages.orDone(ctx, two.get(1));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread sink = Thread.ofVirtual().start(() -> {
            try {
                Stages.forEach(g, Stages.merge(g, two.get(0), sideline), n -> midStream.countDown());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        midStream.await();
        assertThat(ThreadDump.virtualThreads()).as("the dump sees virtual threads").isPositive();
        assertThat(ThreadDump.threadsInStages()).as("the stages are running").isGreaterThan(10);
        ctx.cancel();
        sink.join();
        assertThat(thrown.get()).isInstanceOf(ContextCanceledException.class);
        await().untilAsserted(() -> assertThat(ThreadDump.threadsInStages()).isZero());
    }

    @Test
    void theLeakCheckSeesAStageLeftRunning() throws Exception {
        Channel<Integer> never = Channel.make();
        ReceiveChannel<Integer> out = Stages.orDone(Context.background(), never); // only a close can end it
        await().untilAsserted(() -> assertThat(ThreadDump.threadsInStages()).as("the leak is seen").isEqualTo(1));
        never.close();
        assertThat(out.receiveOrNull()).isNull();
    }

    @Test
    void badArgumentsThrowNamingTheArgument() {
        assertThatThrownBy(() -> Stages.mapOrdered(g, Channel.make(), 0, n -> n))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n");
        assertThatThrownBy(() -> Stages.map(g, null, n -> n)).hasMessageContaining("in");
        assertThatThrownBy(() -> Stages.map(null, Channel.make(), n -> n)).hasMessageContaining("g");
        assertThatThrownBy(() -> Stages.source(new ErrGroup(), range(1))).isInstanceOf(IllegalStateException.class);
        ErrGroup limited = ErrGroup.withContext(ctx);
        limited.setLimit(1);
        assertThatThrownBy(() -> Stages.map(limited, Stages.source(limited, range(1)), n -> n))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("limit");
    }
}
