package dev.go4j.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.Go;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.context.DeadlineExceededException;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WaitGroupTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** Starts {@code wg.await()} in a virtual thread; the future completes when it returns. */
    private static CompletableFuture<Void> waitInBackground(WaitGroup wg) {
        CompletableFuture<Void> returned = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                wg.await();
                returned.complete(null);
            } catch (Throwable t) {
                returned.completeExceptionally(t);
            }
        });
        return returned;
    }

    private static void awaitWaiters(WaitGroup wg, int n) {
        await().atMost(LONG).until(() -> wg.waiters() == n);
    }

    // ---------------------------------------------------------------- Go's rules

    @Test
    void zeroWaitGroupWaitReturnsImmediately() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.await();
        assertThat(wg.await(Duration.ZERO)).isTrue();
        assertThat(wg.counter()).isZero();
    }

    @Test
    void waitReturnsWhenCounterReachesZero() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(3);
        CompletableFuture<Void> waiting = waitInBackground(wg);
        awaitWaiters(wg, 1);

        wg.done();
        wg.done();
        assertThat(waiting).isNotDone(); // counter 1: still blocked
        assertThat(wg.waiters()).isEqualTo(1);
        wg.done();

        waiting.get();
        assertThat(wg.counter()).isZero();
        assertThat(wg.waiters()).isZero();
    }

    @Test
    void everyWaiterIsReleasedByTheZero() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(waitInBackground(wg));
        }
        awaitWaiters(wg, 20);
        wg.done();
        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get();
        assertThat(wg.waiters()).isZero();
    }

    @Test
    void negativeCounterPanics() throws Exception {
        WaitGroup wg = new WaitGroup();
        assertThatThrownBy(wg::done)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sync: negative WaitGroup counter");
        assertThat(wg.counter()).isZero();
        wg.await(); // still a usable, zero group
    }

    @Test
    void negativeDeltaBelowZeroPanicsAndLeavesTheCounter() {
        WaitGroup wg = new WaitGroup();
        wg.add(2);
        assertThatThrownBy(() -> wg.add(-3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sync: negative WaitGroup counter");
        assertThat(wg.counter()).isEqualTo(2);
    }

    @Test
    void counterOverflowPanicsAndLeavesTheCounter() {
        WaitGroup wg = new WaitGroup();
        wg.add(Integer.MAX_VALUE);
        assertThatThrownBy(() -> wg.add(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("sync: WaitGroup counter overflow");
        assertThat(wg.counter()).isEqualTo(Integer.MAX_VALUE);
        wg.add(-Integer.MAX_VALUE);
        assertThat(wg.counter()).isZero();
    }

    @Test
    void addZeroDoesNothing() {
        WaitGroup wg = new WaitGroup();
        wg.add(0);
        assertThat(wg.counter()).isZero();
        wg.add(2);
        wg.add(0);
        assertThat(wg.counter()).isEqualTo(2);
    }

    @Test
    void addWithNegativeDeltaReleasesWaiters() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(5);
        CompletableFuture<Void> waiting = waitInBackground(wg);
        awaitWaiters(wg, 1);
        wg.add(-5);
        waiting.get();
    }

    @Test
    void reusableAfterWaitReturns() throws Exception {
        WaitGroup wg = new WaitGroup();
        for (int round = 0; round < 3; round++) {
            wg.add(2);
            CompletableFuture<Void> waiting = waitInBackground(wg);
            awaitWaiters(wg, 1);
            wg.done();
            assertThat(waiting).isNotDone();
            wg.done();
            waiting.get();
        }
        assertThat(wg.counter()).isZero();
        assertThat(wg.waiters()).isZero();
    }

    @Test
    void waitersOfARoundAreReleasedEvenIfTheNextRoundStartsAtOnce() throws Exception {
        // Go panics here ("WaitGroup is reused before previous Wait has returned"); go4j's release is
        // exact: the old round's waiter returns, the new round's waiter keeps waiting.
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CompletableFuture<Void> oldRound = waitInBackground(wg);
        awaitWaiters(wg, 1);
        wg.done();
        wg.add(1); // the next round, before the old waiter has had a chance to run
        CompletableFuture<Void> newRound = waitInBackground(wg);
        oldRound.get();
        awaitWaiters(wg, 1);
        assertThat(newRound).isNotDone();
        wg.done();
        newRound.get();
    }

    @Test
    void addCalledConcurrentlyWithWaitPanics() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CompletableFuture<Void> waiting = waitInBackground(wg);
        awaitWaiters(wg, 1);

        wg.lock.lock(); // hold the release in its pending state: counter 0, one waiter not yet woken
        try {
            Thread releaser = Thread.ofVirtual().start(wg::done);
            await().atMost(LONG).until(() -> wg.counter() == 0 && wg.lock.hasQueuedThread(releaser));

            assertThatThrownBy(() -> wg.add(1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("sync: WaitGroup misuse: Add called concurrently with Wait");
            assertThat(wg.counter()).isZero();
            wg.await(); // a new wait sees the zero and returns at once
            assertThat(waiting).isNotDone();
        } finally {
            wg.lock.unlock();
        }
        waiting.get();
        wg.add(1); // the release is over: a new round may start
        assertThat(wg.counter()).isEqualTo(1);
    }

    @Test
    void timedWaitThatExpiresDuringAPendingReleaseReturnsTrue() throws Exception {
        // The release reaches the lock first: it detaches the timed-out node, which then finds itself
        // unlinked.
        assertTimedOutWaiterSeesTheZero(true);
    }

    @Test
    void timedWaitThatExpiresBeforeThePendingReleaseLocksReturnsTrue() throws Exception {
        // The timed-out waiter reaches the lock first, while the word reads (counter 0, 1 waiter): it
        // must neither leave the count (that would let a new round in before the release) nor report a
        // timeout, since the counter reached zero.
        assertTimedOutWaiterSeesTheZero(false);
    }

    private static void assertTimedOutWaiterSeesTheZero(boolean releaseLocksFirst) throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                result.complete(wg.await(Duration.ofMillis(200)));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        awaitWaiters(wg, 1);
        wg.lock.lock();
        try {
            Thread releaser;
            if (releaseLocksFirst) {
                releaser = Thread.ofVirtual().start(wg::done);
                await().atMost(LONG).until(() -> wg.lock.hasQueuedThread(releaser));
                await().atMost(LONG).until(() -> wg.lock.hasQueuedThread(waiter)); // timed out
            } else {
                await().atMost(LONG).until(() -> wg.lock.hasQueuedThread(waiter)); // timed out
                releaser = Thread.ofVirtual().start(wg::done);
                await().atMost(LONG).until(() -> wg.lock.hasQueuedThread(releaser));
            }
            assertThat(wg.counter()).isZero();
            assertThat(wg.waiters()).isEqualTo(1);
        } finally {
            wg.lock.unlock(); // queued threads take the lock in FIFO order
        }
        assertThat(result.get()).isTrue();
        await().atMost(LONG).until(() -> wg.waiters() == 0 && !wg.lock.isLocked());
        wg.add(1);
        assertThat(wg.counter()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- timeouts and interruption

    @Test
    void timedWaitReturnsFalseWhenTheTimeoutPassesAndLeavesTheCount() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        assertThat(wg.await(Duration.ofMillis(20))).isFalse();
        assertThat(wg.waiters()).isZero();
        assertThat(wg.counter()).isEqualTo(1);
        wg.done();
        assertThat(wg.await(Duration.ofMillis(20))).isTrue();
    }

    @Test
    void timedWaitReturnsTrueWhenCounterReachesZero() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(wg.await(LONG));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        awaitWaiters(wg, 1);
        wg.done();
        assertThat(result.get()).isTrue();
    }

    @Test
    void timedWaitWithZeroOrNegativeTimeoutOnlyChecksTheCounter() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        assertThat(wg.await(Duration.ZERO)).isFalse();
        assertThat(wg.await(Duration.ofSeconds(-1))).isFalse();
        assertThat(wg.waiters()).isZero();
        wg.done();
        assertThat(wg.await(Duration.ZERO)).isTrue();
    }

    @Test
    void hugeTimeoutDoesNotOverflow() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(wg.await(Duration.ofSeconds(Long.MAX_VALUE)));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        awaitWaiters(wg, 1);
        wg.done();
        assertThat(result.get()).isTrue();
    }

    @Test
    void waitIsInterruptibleAndLeavesTheCount() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CompletableFuture<Void> waiting = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                wg.await();
                waiting.complete(null);
            } catch (Throwable t) {
                waiting.completeExceptionally(t);
            }
        });
        awaitWaiters(wg, 1);
        waiter.interrupt();
        assertThat(waiting).failsWithin(LONG).withThrowableThat().havingCause()
                .isInstanceOf(InterruptedException.class);
        waiter.join();
        assertThat(wg.waiters()).isZero();
        wg.done(); // no waiter left to release
        assertThat(wg.counter()).isZero();
    }

    @Test
    void interruptedBeforeWaitThrowsAndClearsTheStatus() {
        WaitGroup wg = new WaitGroup(); // zero: would return at once, but j.u.c. checks the interrupt first
        Thread.currentThread().interrupt();
        assertThatThrownBy(wg::await).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> wg.await(Duration.ZERO)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void nullTimeoutThrows() {
        WaitGroup wg = new WaitGroup();
        assertThatThrownBy(() -> wg.await((Duration) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("timeout");
    }

    // ---------------------------------------------------------------- Go 1.25's WaitGroup.Go

    @Test
    void goRunsTheTaskCountedByTheGroup() throws Exception {
        WaitGroup wg = new WaitGroup();
        CountDownLatch release = new CountDownLatch(1);
        Thread t = wg.go(release::await);
        assertThat(t.isVirtual()).isTrue();
        assertThat(wg.counter()).isEqualTo(1);
        assertThat(wg.await(Duration.ZERO)).isFalse();
        release.countDown();
        wg.await();
        assertThat(wg.counter()).isZero();
    }

    @Test
    void goTaskWritesAreVisibleAfterWait() throws Exception {
        WaitGroup wg = new WaitGroup();
        int[] results = new int[500]; // plain writes, published by done() -> await()
        for (int i = 0; i < results.length; i++) {
            int n = i;
            wg.go(() -> results[n] = n * n);
        }
        wg.await();
        for (int i = 0; i < results.length; i++) {
            assertThat(results[i]).isEqualTo(i * i);
        }
    }

    @Test
    void goReportsAFailureBeforeDone() throws Exception {
        WaitGroup wg = new WaitGroup();
        AtomicReference<Throwable> reported = new AtomicReference<>();
        AtomicInteger counterWhenReported = new AtomicInteger(-1);
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            counterWhenReported.set(wg.counter());
            reported.set(failure);
        });
        try {
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            wg.go(() -> {
                throw boom;
            });
            wg.await();
            assertThat(reported.get()).isSameAs(boom);
            assertThat(counterWhenReported.get()).isEqualTo(1); // reported while still counted
            assertThat(wg.counter()).isZero();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void goWithNullTaskThrowsAndDoesNotCount() {
        WaitGroup wg = new WaitGroup();
        assertThatThrownBy(() -> wg.go(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("task");
        assertThat(wg.counter()).isZero();
    }

    @Test
    void goDuringAPendingReleasePanicsAndDoesNotStartTheTask() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CompletableFuture<Void> waiting = waitInBackground(wg);
        awaitWaiters(wg, 1);
        AtomicInteger ran = new AtomicInteger();
        wg.lock.lock();
        try {
            Thread releaser = Thread.ofVirtual().start(wg::done);
            await().atMost(LONG).until(() -> wg.lock.hasQueuedThread(releaser));
            assertThatThrownBy(() -> wg.go(ran::incrementAndGet))
                    .hasMessage("sync: WaitGroup misuse: Add called concurrently with Wait");
        } finally {
            wg.lock.unlock();
        }
        waiting.get();
        assertThat(ran).hasValue(0);
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void manyConcurrentAddsAndDonesNeverReleaseEarly() throws Exception {
        // Tasks spawn sub-tasks (add before go, inside a counted task: legal), the waiter must see all.
        WaitGroup wg = new WaitGroup();
        AtomicInteger finished = new AtomicInteger();
        int parents = 200;
        int children = 5;
        for (int i = 0; i < parents; i++) {
            wg.go(() -> {
                for (int c = 0; c < children; c++) {
                    wg.go(finished::incrementAndGet);
                }
                finished.incrementAndGet();
            });
        }
        CompletableFuture<Void> waiting = waitInBackground(wg);
        wg.await();
        assertThat(finished.get()).isEqualTo(parents * (children + 1));
        waiting.get();
        assertThat(wg.waiters()).isZero();
    }

    @Test
    void waitersTimingOutWhileTheCounterReachesZeroAllReturnAndKeepTheCountExact() throws Exception {
        // Timed waiters join and leave the list over and over; done() lands in the middle of that churn.
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        WaitGroup waiters = new WaitGroup();
        AtomicInteger timeouts = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            long nanos = 1_000L + 2_000L * i;
            waiters.go(() -> {
                while (!wg.await(Duration.ofNanos(nanos))) {
                    timeouts.incrementAndGet();
                }
            });
        }
        await().atMost(LONG).until(() -> timeouts.get() > 500);
        wg.done();
        waiters.await(); // every waiter saw the zero
        assertThat(wg.waiters()).isZero();
        assertThat(wg.counter()).isZero();
        wg.add(1); // no release left pending
        assertThat(wg.await(Duration.ZERO)).isFalse();
    }

    @Test
    void toStringShowsCounterAndWaiters() {
        WaitGroup wg = new WaitGroup();
        wg.add(3);
        assertThat(wg).hasToString("WaitGroup[counter=3, waiters=0]");
    }

    @Test
    void goStatementFromGoIsCountedTheSameWay() throws Exception {
        // The classic form: add before go, done in finally.
        WaitGroup wg = new WaitGroup();
        AtomicInteger sum = new AtomicInteger();
        for (int i = 1; i <= 10; i++) {
            int n = i;
            wg.add(1);
            Go.go(() -> {
                try {
                    sum.addAndGet(n);
                } finally {
                    wg.done();
                }
            });
        }
        wg.await();
        assertThat(sum).hasValue(55);
    }

    // ---------------------------------------------------------------- wait with a context

    /** Starts {@code wg.await(ctx)} in a virtual thread; the future completes when it returns. */
    private static CompletableFuture<Void> waitInBackground(WaitGroup wg, Context ctx, AtomicReference<Thread> thread) {
        CompletableFuture<Void> returned = new CompletableFuture<>();
        thread.set(Thread.ofVirtual().start(() -> {
            try {
                wg.await(ctx);
                returned.complete(null);
            } catch (Throwable t) {
                returned.completeExceptionally(t);
            }
        }));
        return returned;
    }

    private static Throwable failureOf(CompletableFuture<Void> f) throws Exception {
        try {
            f.get();
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the wait to fail");
    }

    @Test
    void waitWithContextReturnsWhenCounterReachesZero() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        try (CancelableContext ctx = Context.withCancel(Context.background())) {
            CompletableFuture<Void> waiting = waitInBackground(wg, ctx, new AtomicReference<>());
            awaitWaiters(wg, 1);
            wg.done();
            waiting.get();
        }
        assertThat(wg.waiters()).isZero();
    }

    @Test
    void waitWithContextThrowsTheContextErrorAndLeavesTheGroup() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CancelableContext ctx = Context.withCancel(Context.background());
        CompletableFuture<Void> waiting = waitInBackground(wg, ctx, new AtomicReference<>());
        awaitWaiters(wg, 1);
        IllegalStateException why = new IllegalStateException("request abandoned");
        ctx.cancel(why);
        assertThat(failureOf(waiting)).isInstanceOf(ContextCanceledException.class).hasCause(why);
        assertThat(wg.waiters()).isZero();
        assertThat(wg.counter()).isEqualTo(1);
        wg.done(); // the group goes on without the waiter that left
        assertThat(wg.counter()).isZero();
    }

    @Test
    void waitWithDoneContextThrowsAtOnceEvenIfCounterIsZero() {
        WaitGroup wg = new WaitGroup();
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertThatThrownBy(() -> wg.await(ctx)).isInstanceOf(ContextCanceledException.class);
        assertThatThrownBy(() -> wg.await((Context) null)).isInstanceOf(NullPointerException.class).hasMessage("ctx");
    }

    @Test
    void waitWithContextGivesUpAtTheDeadlineOnAManualClock() throws Exception {
        ManualClock clock = new ManualClock();
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(2), clock);
        CompletableFuture<Void> waiting = waitInBackground(wg, ctx, new AtomicReference<>());
        awaitWaiters(wg, 1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(waiting).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        assertThat(failureOf(waiting)).isInstanceOf(DeadlineExceededException.class);
        assertThat(wg.waiters()).isZero();
    }

    @Test
    void waitWithContextIsInterruptible() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        AtomicReference<Thread> thread = new AtomicReference<>();
        CompletableFuture<Void> waiting = waitInBackground(wg, Context.background(), thread);
        awaitWaiters(wg, 1);
        thread.get().interrupt();
        assertThat(failureOf(waiting)).isInstanceOf(InterruptedException.class);
        assertThat(wg.waiters()).isZero();
    }

    @Test
    void waitWithContextCancelledAtTheZeroReturnsNormally() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CancelableContext ctx = Context.withCancel(Context.background());
        CompletableFuture<Void> waiting = waitInBackground(wg, ctx, new AtomicReference<>());
        awaitWaiters(wg, 1);
        CompletableFuture<Void> doneCall;
        wg.lock.lock(); // hold the release pending: the counter is zero, the waiter not yet woken
        try {
            doneCall = CompletableFuture.runAsync(wg::done, r -> Thread.ofVirtual().start(r));
            await().atMost(LONG).until(() -> wg.lock.getQueueLength() == 1);
            ctx.cancel(); // settles the node as cancelled; its leave() finds the counter at zero
            await().atMost(LONG).until(() -> wg.lock.getQueueLength() == 2);
        } finally {
            wg.lock.unlock();
        }
        doneCall.get();
        waiting.get(); // the zero counts: the wait completes normally
        assertThat(wg.waiters()).isZero();
    }

    @Test
    void goTaskEndingWithItsContextsErrorIsNotReported() throws Exception {
        List<Throwable> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> seen.add(failure));
        try {
            CancelableContext ctx = Context.withCancel(Context.background());
            ctx.cancel();
            WaitGroup wg = new WaitGroup();
            wg.go(() -> {
                throw ctx.err(); // Go: the worker returns ctx.Err()
            });
            wg.go(() -> {
                throw new IllegalStateException("a real failure");
            });
            wg.await(); // each failure is reported before its task's done()
            assertThat(seen).singleElement().isInstanceOf(IllegalStateException.class);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    // ---------------------------------------------------------------- a waiter that gives up

    /**
     * A timed wait that gives up while the last {@code done()} brings the counter to zero must either
     * leave the count before that zero (and return false) or be released by it (and return true) —
     * never uncount itself after the zero was reached, which let the pending release later reset the
     * word over a new round's {@code add} (the counter then read 0 with a task running). The race is
     * narrow, so it is run for many rounds; the model-checking test ({@code WaitGroupLincheckTest})
     * and the JCStress test ({@code WaitGroupTimedWaitVsDoneAndAdd}) explore it exhaustively.
     */
    @Test
    void waiterGivingUpNeverWipesOutALaterAdd() throws Exception {
        final int rounds = 100_000;
        WaitGroup[] groups = new WaitGroup[1];
        AtomicInteger phase = new AtomicInteger(); // 2i+1: round i may start; 2i+2: its done() returned
        AtomicInteger lost = new AtomicInteger();
        Thread doer = Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; i < rounds; i++) {
                awaitPhase(phase, 2 * i + 1);
                long until = System.nanoTime() + (i % 64) * 40L; // slide done() across the waiter's leave
                while (System.nanoTime() - until < 0L) {
                    Thread.onSpinWait();
                }
                groups[0].done();
                phase.set(2 * i + 2);
            }
        });
        try {
            for (int i = 0; i < rounds; i++) {
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                groups[0] = wg;
                phase.set(2 * i + 1);
                boolean zero = wg.await(Duration.ofNanos(1)); // joins, then gives up at once
                boolean added = false;
                if (!zero) { // timed out while the counter was 1: a new task may start at once
                    wg.add(1);
                    added = true;
                }
                awaitPhase(phase, 2 * i + 2); // done() has returned, and with it any release it ran
                if (wg.counter() != (added ? 1 : 0)) {
                    lost.incrementAndGet();
                }
            }
        } finally {
            doer.join(LONG);
        }
        assertThat(lost).as("rounds in which a released waiter's leave wiped out a later add").hasValue(0);
    }

    /** Spins until {@code phase} reaches {@code value}, yielding now and then: the rounds last microseconds. */
    private static void awaitPhase(AtomicInteger phase, int value) {
        for (int spins = 0; phase.get() < value; spins++) {
            if ((spins & 1023) == 1023) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
