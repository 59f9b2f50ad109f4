package dev.go4j.patterns.workerpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The canonical Go worker pool on channels: {@link Workers}. */
class WorkersTest {

    private static <T> List<T> drain(ReceiveChannel<T> ch) throws InterruptedException {
        List<T> out = new ArrayList<>();
        for (T v; (v = ch.receiveOrNull()) != null; ) {
            out.add(v);
        }
        return out;
    }

    @Test
    void everyJobGivesOneResultAndResultsCloseAfterJobsClose() throws Exception {
        Channel<Integer> jobs = Channel.make();
        ReceiveChannel<Result<Integer, Integer>> results = Workers.workers(Context.background(), 4, jobs, j -> j * j);
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 1; i <= 100; i++) {
                    jobs.send(i);
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                jobs.close();
            }
        });
        List<Result<Integer, Integer>> got = drain(results);
        producer.join();
        assertThat(got).hasSize(100).allMatch(Result::isOk);
        assertThat(got.stream().mapToInt(r -> r.value() - r.job() * r.job()).allMatch(d -> d == 0)).isTrue();
        assertThat(got.stream().map(Result::job).sorted().toList())
                .isEqualTo(IntStream.rangeClosed(1, 100).boxed().toList());
        assertThat(results.isClosed()).isTrue();
    }

    @Test
    void resultsStayOpenUntilTheLastWorkerReturns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        Channel<Integer> jobs = Channel.make(2);
        jobs.send(1);
        jobs.send(2);
        jobs.close();
        ReceiveChannel<Result<Integer, Integer>> results = Workers.workers(Context.background(), 2, jobs, j -> {
            started.countDown();
            if (j == 2) {
                release.await();
            }
            return j;
        });
        started.await();
        assertThat(results.receive().job()).isEqualTo(1);
        assertThat(results.isClosed()).as("a worker is still running").isFalse();
        release.countDown();
        assertThat(results.receive().job()).isEqualTo(2);
        assertThat(results.receiveOrNull()).isNull();
    }

    @Test
    void aFailingJobGivesAFailedResultAndTheWorkerGoesOn() throws Exception {
        List<Result<Integer, Integer>> got = Workers.run(Context.background(), 1, List.of(1, 2, 3), j -> {
            if (j == 2) {
                throw new IllegalStateException("bad job " + j);
            }
            return j * 10;
        });
        assertThat(got.get(0).value()).isEqualTo(10);
        assertThat(got.get(1).error()).isInstanceOf(IllegalStateException.class).hasMessage("bad job 2");
        assertThatThrownBy(() -> got.get(1).get()).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(got.get(2).value()).isEqualTo(30);
    }

    @Test
    void workersReturnAndResultsCloseWhenTheContextIsDone() throws Exception {
        Channel<Integer> jobs = Channel.make(); // never closed: only the context can stop the workers
        CancelableContext ctx = Context.withCancel(Context.background());
        ReceiveChannel<Result<Integer, Integer>> results = Workers.workers(ctx, 3, jobs, j -> j);
        jobs.send(7);
        assertThat(results.receive().value()).isEqualTo(7);
        ctx.cancel();
        assertThat(results.receiveOrNull()).isNull();
    }

    @Test
    void aWorkerBlockedSendingAResultReturnsWhenTheContextIsDone() throws Exception {
        Channel<Integer> jobs = Channel.make(10);
        for (int i = 0; i < 10; i++) {
            jobs.send(i);
        }
        jobs.close();
        CancelableContext ctx = Context.withCancel(Context.background());
        ReceiveChannel<Result<Integer, Integer>> results = Workers.workers(ctx, 1, jobs, j -> j);
        await().until(() -> results.size() == results.capacity()); // nobody receives: the worker blocks
        ctx.cancel();
        await().until(results::isClosed);
        assertThat(drain(results)).hasSize(1); // what was sent stays receivable
    }

    @Test
    void atMostNJobsRunAtOnce() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        List<Result<Integer, Integer>> got = Workers.run(Context.background(), 3,
                IntStream.range(0, 200).boxed().toList(), j -> {
                    max.accumulateAndGet(now.incrementAndGet(), Math::max);
                    Thread.yield();
                    now.decrementAndGet();
                    return j;
                });
        assertThat(got).hasSize(200).allMatch(Result::isOk);
        assertThat(max.get()).isBetween(1, 3);
    }

    @Test
    void runReturnsOneResultPerJobInListOrder() throws Exception {
        List<String> jobs = new ArrayList<>(List.of("a", "bb", "ccc", "bb"));
        jobs.add(null);
        List<Result<String, Integer>> got = Workers.run(Context.background(), 4, jobs, s -> s == null ? -1 : s.length());
        assertThat(got).extracting(Result::job).containsExactly("a", "bb", "ccc", "bb", null);
        assertThat(got).extracting(Result::value).containsExactly(1, 2, 3, 2, -1);
    }

    @Test
    void runNeverDropsAJobSilentlyWhenTheContextIsDone() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        List<Result<Integer, Integer>> got = Workers.run(ctx, 2, IntStream.range(0, 50).boxed().toList(), j -> {
            if (j == 5) {
                ctx.cancel();
            }
            return j;
        });
        assertThat(got).hasSize(50);
        assertThat(got).filteredOn(r -> !r.isOk()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.error()).isInstanceOf(ContextCanceledException.class));
        assertThat(got.get(0).isOk()).isTrue();
    }

    @Test
    void badArgumentsThrowNamingTheArgument() {
        Channel<Integer> jobs = Channel.make();
        assertThatThrownBy(() -> Workers.workers(Context.background(), 0, jobs, j -> j))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n");
        assertThatThrownBy(() -> Workers.workers(null, 1, jobs, j -> j)).hasMessageContaining("ctx");
        assertThatThrownBy(() -> Workers.workers(Context.background(), 1, null, j -> j)).hasMessageContaining("jobs");
        assertThatThrownBy(() -> Workers.run(Context.background(), 1, List.of(1), null)).hasMessageContaining("fn");
        assertThatThrownBy(() -> Result.failed(1, null)).hasMessageContaining("error");
    }
}
