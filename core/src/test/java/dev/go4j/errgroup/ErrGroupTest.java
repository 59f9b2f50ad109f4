package dev.go4j.errgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ErrGroupTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** A call on a virtual thread whose future completes when it returns. */
    private static CompletableFuture<Void> inBackground(AtomicReference<Thread> thread, Body body) {
        CompletableFuture<Void> returned = new CompletableFuture<>();
        thread.set(Thread.ofVirtual().start(() -> {
            try {
                body.run();
                returned.complete(null);
            } catch (Throwable t) {
                returned.completeExceptionally(t);
            }
        }));
        return returned;
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Throwable failureOf(CompletableFuture<Void> f) throws Exception {
        try {
            f.get(LONG.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static void awaitParked(AtomicReference<Thread> thread, CompletableFuture<?> f) {
        await().atMost(LONG).until(() -> thread.get().getState() == Thread.State.WAITING || f.isDone());
        assertThat(f).as("the call should block").isNotDone();
    }

    // ---------------------------------------------------------------- Go's rules

    @Test
    void waitOnAnEmptyGroupReturnsNil() throws Exception {
        new ErrGroup().await();
        ErrGroup.withContext(Context.background()).await();
    }

    @Test
    void waitReturnsAfterEveryTaskAndSeesTheirWrites() throws Exception {
        ErrGroup g = new ErrGroup();
        int[] results = new int[50];
        for (int i = 0; i < results.length; i++) {
            int n = i;
            g.go(() -> results[n] = n * n);
        }
        g.await();
        for (int i = 0; i < results.length; i++) {
            assertThat(results[i]).isEqualTo(i * i);
        }
    }

    @Test
    void waitReportsTheFirstErrorWithLaterOnesSuppressed() throws Exception {
        ErrGroup g = new ErrGroup();
        IOException firstError = new IOException("first");
        IllegalStateException secondError = new IllegalStateException("second");
        CountDownLatch firstFailed = new CountDownLatch(1);
        g.go(() -> {
            try {
                throw firstError;
            } finally {
                firstFailed.countDown();
            }
        });
        g.go(() -> {
            firstFailed.await();
            await().atMost(LONG).until(() -> g.toString().contains("failed=true"));
            throw secondError;
        });
        g.go(() -> { });
        assertThatThrownBy(g::await)
                .isInstanceOf(ExecutionException.class)
                .hasCause(firstError)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(secondError));
    }

    @Test
    void checkedExceptionsAreErrors() throws Exception {
        ErrGroup g = new ErrGroup();
        Exception checked = new Exception("checked");
        g.go(() -> {
            throw checked;
        });
        assertThatThrownBy(g::await).isInstanceOf(ExecutionException.class).hasCause(checked);
    }

    @Test
    void uncheckedExceptionsAndErrorsAreErrorsToo() throws Exception {
        // Go's Wait never sees a panic; in Java an unchecked exception is how most code fails.
        ErrGroup g = new ErrGroup();
        AssertionError error = new AssertionError("like a Go panic");
        g.go(() -> {
            throw error;
        });
        assertThatThrownBy(g::await).isInstanceOf(ExecutionException.class).hasCause(error);

        ErrGroup h = new ErrGroup();
        h.go(() -> {
            throw new ArithmeticException("/ by zero");
        });
        assertThatThrownBy(h::await).cause().isInstanceOf(ArithmeticException.class);
    }

    @Test
    void theFirstErrorStaysForLaterWaits() throws Exception {
        ErrGroup g = new ErrGroup();
        IOException err = new IOException("boom");
        g.go(() -> {
            throw err;
        });
        assertThatThrownBy(g::await).hasCause(err);
        g.go(() -> { }); // reuse: the group runs more tasks, the error stays recorded (Go's errOnce)
        assertThatThrownBy(g::await).hasCause(err);
    }

    @Test
    void withContextCancelsTheContextWithTheFirstErrorAsCause() throws Exception {
        ErrGroup g = ErrGroup.withContext(Context.background());
        Context ctx = g.context();
        IOException err = new IOException("backend down");
        CountDownLatch siblingStarted = new CountDownLatch(1);
        g.go(() -> {
            siblingStarted.countDown();
            ctx.done().receiveOrNull(); // blocks until the failure cancels the group's context
            throw ctx.err();
        });
        siblingStarted.await();
        g.go(() -> {
            throw err;
        });
        ExecutionException reported = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, g::await);
        assertThat(reported).hasCause(err);
        assertThat(ctx.err()).isInstanceOf(ContextCanceledException.class);
        assertThat(Context.cause(ctx)).isSameAs(err);
        assertThat(reported.getSuppressed()).singleElement().isInstanceOf(ContextCanceledException.class);
    }

    @Test
    void withContextCancelsTheContextWhenWaitReturns() throws Exception {
        ErrGroup g = ErrGroup.withContext(Context.background());
        g.go(() -> { });
        assertThat(g.context().err()).isNull(); // not before the wait returns
        g.await();
        assertThat(g.context().err()).isInstanceOf(ContextCanceledException.class);
        assertThat(Context.cause(g.context())).isSameAs(g.context().err()); // Go: cancel(nil)
    }

    @Test
    void parentCancellationReachesTheGroupContext() {
        CancelableContext parent = Context.withCancel(Context.background());
        ErrGroup g = ErrGroup.withContext(parent);
        parent.cancel();
        assertThat(g.context().err()).isInstanceOf(ContextCanceledException.class);
    }

    @Test
    void plainGroupHasNoContext() {
        assertThatThrownBy(() -> new ErrGroup().context())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ErrGroup.withContext");
    }

    @Test
    void goBlocksWhileTheGroupIsAtItsLimit() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(1);
        CountDownLatch release = new CountDownLatch(1);
        g.go(release::await);
        AtomicInteger secondRan = new AtomicInteger();
        AtomicReference<Thread> launcher = new AtomicReference<>();
        CompletableFuture<Void> second = inBackground(launcher, () -> g.go(secondRan::incrementAndGet));
        awaitParked(launcher, second);
        assertThat(secondRan).hasValue(0);

        release.countDown();
        second.get(LONG.toSeconds(), TimeUnit.SECONDS);
        g.await();
        assertThat(secondRan).hasValue(1);
    }

    @Test
    void tryGoReturnsFalseAtTheLimit() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(2);
        CountDownLatch release = new CountDownLatch(1);
        assertThat(g.tryGo(release::await)).isTrue();
        assertThat(g.tryGo(release::await)).isTrue();
        assertThat(g.tryGo(() -> { })).isFalse();
        release.countDown();
        g.await();
        assertThat(g.tryGo(() -> { })).isTrue(); // below the limit again
        g.await();
    }

    @Test
    void zeroLimitBlocksEveryGo() {
        ErrGroup g = new ErrGroup();
        g.setLimit(0);
        assertThat(g.tryGo(() -> { })).isFalse();
    }

    @Test
    void negativeLimitMeansNoLimit() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(1);
        g.setLimit(-1);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 10; i++) {
            assertThat(g.tryGo(release::await)).isTrue();
        }
        release.countDown();
        g.await();
        assertThat(g).hasToString("ErrGroup[active=0, limit=-1, failed=false]");
    }

    @Test
    void modifyLimitWhileTasksAreActivePanics() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(3);
        CountDownLatch release = new CountDownLatch(1);
        g.go(release::await);
        g.go(release::await);
        assertThatThrownBy(() -> g.setLimit(5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("errgroup: modify limit while 2 goroutines in the group are still active");
        release.countDown();
        g.await();
        g.setLimit(5); // allowed once they have finished
    }

    @Test
    void limitIsNeverExceeded() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            g.go(() -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.yield();
                running.decrementAndGet();
            });
        }
        g.await();
        assertThat(maxRunning.get()).isBetween(1, 3);
    }

    @Test
    void goInterruptedAtTheLimitDoesNotStartTheTask() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(1);
        CountDownLatch release = new CountDownLatch(1);
        g.go(release::await);
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<Thread> launcher = new AtomicReference<>();
        CompletableFuture<Void> blocked = inBackground(launcher, () -> g.go(ran::incrementAndGet));
        awaitParked(launcher, blocked);
        launcher.get().interrupt();
        assertThat(failureOf(blocked)).isInstanceOf(InterruptedException.class);
        release.countDown();
        g.await();
        assertThat(ran).hasValue(0);
        assertThat(g.tryGo(() -> { })).isTrue(); // the limit's unit was not lost
        g.await();
    }

    @Test
    void waitIsInterruptibleAndLeavesTheContextAlone() throws Exception {
        ErrGroup g = ErrGroup.withContext(Context.background());
        CountDownLatch release = new CountDownLatch(1);
        g.go(release::await);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Void> waiting = inBackground(waiter, g::await);
        awaitParked(waiter, waiting);
        waiter.get().interrupt();
        assertThat(failureOf(waiting)).isInstanceOf(InterruptedException.class);
        assertThat(g.context().err()).isNull();
        release.countDown();
        g.await();
    }

    @Test
    void tasksMayStartMoreTasks() throws Exception {
        ErrGroup g = new ErrGroup();
        AtomicInteger ran = new AtomicInteger();
        g.go(() -> {
            ran.incrementAndGet();
            g.go(() -> {
                ran.incrementAndGet();
                g.go(ran::incrementAndGet);
            });
        });
        g.await();
        assertThat(ran).hasValue(3);
    }

    @Test
    void nullArgumentsThrowNamingThem() {
        ErrGroup g = new ErrGroup();
        assertThatThrownBy(() -> g.go(null)).isInstanceOf(NullPointerException.class).hasMessage("task");
        assertThatThrownBy(() -> g.tryGo(null)).isInstanceOf(NullPointerException.class).hasMessage("task");
        assertThatThrownBy(() -> ErrGroup.withContext(null)).isInstanceOf(NullPointerException.class).hasMessage("parent");
    }

    // ---------------------------------------------------------------- a refused start

    /**
     * A start that the group's WaitGroup refuses ("Add called concurrently with Wait", reachable when
     * a task starts while an await is being released) must leave the group as it was: the running
     * count and the limit's permit are given back. Before, the group stayed "active" for good:
     * {@code tryGo} refused forever, {@code go} blocked forever and {@code setLimit} always threw.
     */
    @Test
    void refusedStartLeavesTheGroupUsable() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(1);
        CountDownLatch finish = new CountDownLatch(1);
        g.go(() -> finish.await());
        CompletableFuture<Void> waiting = inBackground(new AtomicReference<>(), g::await);
        dev.go4j.sync.WaitGroup wg = field(g, "wg");
        java.util.concurrent.locks.ReentrantLock wgLock = field(wg, "lock");
        await().atMost(LONG).until(() -> wg.toString().contains("waiters=1"));
        wgLock.lock(); // holds the release pending once the task's done() brings the counter to zero
        try {
            finish.countDown();
            await().atMost(LONG).until(() -> wg.toString().equals("WaitGroup[counter=0, waiters=1]"));
            assertThatThrownBy(() -> g.tryGo(() -> {}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("sync: WaitGroup misuse: Add called concurrently with Wait");
        } finally {
            wgLock.unlock();
        }
        waiting.get(30, TimeUnit.SECONDS);
        assertThat(g).hasToString("ErrGroup[active=0, limit=1, failed=false]");
        AtomicInteger ran = new AtomicInteger();
        assertThat(g.tryGo(ran::incrementAndGet)).as("the permit was given back").isTrue();
        g.await();
        g.setLimit(2); // no task is counted as running
        g.go(ran::incrementAndGet);
        g.await();
        assertThat(ran).hasValue(2);
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Object owner, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return (T) f.get(owner);
    }
}
