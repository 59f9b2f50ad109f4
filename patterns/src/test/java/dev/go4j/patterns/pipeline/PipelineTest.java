package dev.go4j.patterns.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.chan.Channel;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fluent face, {@link Pipeline}: the same rules as the stages, through the Java API. */
class PipelineTest {

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @AfterEach
    void noStageOutlivesItsPipeline() throws Exception {
        assertThat(ThreadDump.threadsInStages()).isZero(); // a terminal operation returns after every stage ended
    }

    @Test
    void aFluentPipelineGivesWhatTheStagesGive() throws Exception {
        List<String> got = Pipeline.from(range(200))
                .map(n -> n + 1)
                .filter(n -> n % 2 == 0)
                .map(8, n -> "v" + n)
                .toList();
        assertThat(got).isEqualTo(range(200).stream().map(n -> n + 1).filter(n -> n % 2 == 0).map(n -> "v" + n).toList());
    }

    @Test
    void anIterablePipelineRunsAgainAndAStreamPipelineRunsOnce() throws Exception {
        Pipeline<Integer> p = Pipeline.from(range(10)).mapUnordered(3, n -> n * 2);
        assertThat(p.count(Context.background())).isEqualTo(10);
        assertThat(p.toList()).containsExactlyInAnyOrderElementsOf(range(10).stream().map(n -> n * 2).toList());
        Pipeline<Integer> once = Pipeline.from(Stream.of(1, 2, 3));
        assertThat(once.toList()).containsExactly(1, 2, 3);
        assertThatThrownBy(once::toList).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class); // the stream was consumed
    }

    @Test
    void aChannelSourceIsReadUntilItsOwnerClosesIt() throws Exception {
        Channel<Integer> ch = Channel.make(3);
        ch.send(1);
        ch.send(2);
        ch.close();
        assertThat(Pipeline.from(ch).map(n -> n * 10).buffer(4).map(n -> n + 1).toList()).containsExactly(11, 21);
    }

    @Test
    void mapPartitionedKeepsTheOrderWithinAKey() throws Exception {
        List<int[]> got = Pipeline.from(range(300)).mapPartitioned(4, n -> n % 3, n -> new int[] {n % 3, n}).toList();
        for (int k = 0; k < 3; k++) {
            int key = k;
            assertThat(got.stream().filter(r -> r[0] == key).map(r -> r[1]).toList()).isSorted().hasSize(100);
        }
    }

    @Test
    void theFirstFailureIsThrownOnceAsTheCause() {
        AtomicInteger failures = new AtomicInteger();
        assertThatThrownBy(() -> Pipeline.from(range(100_000)).map(16, n -> {
            if (n % 1000 == 999) {
                failures.incrementAndGet();
                throw new IllegalStateException("bad " + n);
            }
            return n;
        }).toList()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageStartingWith("bad ");
    }

    @Test
    void aCancelMidStreamThrowsTheContextErrorAndEndsEveryStage() throws Exception {
        try (CancelableContext ctx = Context.withCancel(Context.background())) {
            CountDownLatch midStream = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread sink = Thread.ofVirtual().start(() -> {
                try {
                    Pipeline.from(range(10_000_000)).map(4, n -> n).mapUnordered(4, n -> n)
                            .forEach(ctx, n -> midStream.countDown());
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            midStream.await();
            ctx.cancel();
            sink.join();
            assertThat(thrown.get()).isInstanceOf(ContextCanceledException.class);
        }
    }

    @Test
    void anInterruptCancelsThePipelineAndIsNeverASilentEnd() throws Exception {
        CountDownLatch midStream = new CountDownLatch(1);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread sink = Thread.ofVirtual().start(() -> {
            try {
                result.set(Pipeline.from(range(10_000_000)).map(4, n -> {
                    midStream.countDown();
                    return n;
                }).toList());
            } catch (Throwable t) {
                result.set(t);
            }
        });
        midStream.await();
        sink.interrupt();
        sink.join();
        assertThat(result.get()).isInstanceOf(InterruptedException.class);
        await().untilAsserted(() -> assertThat(ThreadDump.threadsInStages()).isZero());
    }

    @Test
    void badArgumentsThrowNamingTheArgument() {
        Pipeline<Integer> p = Pipeline.from(range(1));
        assertThatThrownBy(() -> p.map(0, n -> n)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n");
        assertThatThrownBy(() -> p.buffer(-1)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> p.filter(null)).hasMessageContaining("keep");
        assertThatThrownBy(() -> Pipeline.from((List<Integer>) null)).hasMessageContaining("values");
    }
}
