package dev.go4j.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.context.DeadlineExceededException;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SemaphoreTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** A blocking call on a virtual thread whose future completes (or fails) when the call returns. */
    private record Call(Thread thread, CompletableFuture<Void> returned) {
        interface Body {
            void run() throws Exception;
        }

        static Call start(Body body) {
            CompletableFuture<Void> returned = new CompletableFuture<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    body.run();
                    returned.complete(null);
                } catch (Throwable e) {
                    returned.completeExceptionally(e);
                }
            });
            return new Call(t, returned);
        }

        void awaitParked() {
            await().atMost(LONG).until(() -> thread.getState() == Thread.State.WAITING || returned.isDone());
            assertThat(returned).as("the call should block").isNotDone();
        }

        void get() throws Exception {
            returned.get(LONG.toSeconds(), TimeUnit.SECONDS);
        }

        Throwable failure() throws Exception {
            try {
                get();
            } catch (ExecutionException e) {
                return e.getCause();
            }
            throw new AssertionError("expected the call to fail");
        }
    }

    private static void awaitWaiters(Semaphore s, int n) {
        await().atMost(LONG).until(() -> s.waiters() == n);
    }

    // ---------------------------------------------------------------- Go's rules

    @Test
    void acquireWithinSizeReturnsAtOnce() throws Exception {
        Semaphore s = new Semaphore(10);
        s.acquire(Context.background(), 4);
        s.acquire(6);
        assertThat(s.held()).isEqualTo(10);
        assertThat(s.tryAcquire()).isFalse();
        s.release(10);
        assertThat(s.held()).isZero();
    }

    @Test
    void acquireZeroUnitsSucceedsOnAFullSemaphore() throws Exception {
        Semaphore s = new Semaphore(1);
        s.acquire();
        s.acquire(0);
        assertThat(s.tryAcquire(0)).isTrue();
        assertThat(s.held()).isEqualTo(1);
    }

    @Test
    void tryAcquireTakesOnlyWhatFitsAndChangesNothingOtherwise() {
        Semaphore s = new Semaphore(3);
        assertThat(s.tryAcquire(2)).isTrue();
        assertThat(s.tryAcquire(2)).isFalse();
        assertThat(s.held()).isEqualTo(2);
        assertThat(s.tryAcquire(1)).isTrue();
        assertThat(s.tryAcquire(4)).isFalse();
    }

    @Test
    void releasedMoreThanHeldPanicsAndChangesNothing() {
        Semaphore s = new Semaphore(5);
        assertThat(s.tryAcquire(2)).isTrue();
        assertThatThrownBy(() -> s.release(3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("semaphore: released more than held");
        assertThat(s.held()).isEqualTo(2);
        s.release(2);
        assertThatThrownBy(s::release).hasMessageStartingWith("semaphore: released more than held");
    }

    @Test
    void acquireBlocksUntilAReleaseFreesEnoughUnits() throws Exception {
        Semaphore s = new Semaphore(4);
        s.acquire(4);
        Call waiting = Call.start(() -> s.acquire(Context.background(), 3));
        awaitWaiters(s, 1);
        s.release(2);
        assertThat(waiting.returned()).isNotDone(); // 2 free, 3 asked
        s.release(1);
        waiting.get();
        assertThat(s.held()).isEqualTo(4);
        assertThat(s.waiters()).isZero();
    }

    @Test
    void largeWaiterIsNotStarvedBySmallOnes() throws Exception {
        Semaphore s = new Semaphore(10);
        s.acquire(10);
        Call large = Call.start(() -> s.acquire(10));
        awaitWaiters(s, 1);
        Call small = Call.start(() -> s.acquire(1));
        awaitWaiters(s, 2);

        s.release(1); // one unit free: the small request would fit, but it is behind the large one
        assertThat(s.tryAcquire(1)).as("tryAcquire defers to the queue").isFalse();
        assertThat(small.returned()).isNotDone();
        assertThat(s.waiters()).isEqualTo(2);

        s.release(9);
        large.get();
        assertThat(small.returned()).isNotDone();
        s.release(10);
        small.get();
        assertThat(s.held()).isEqualTo(1);
    }

    @Test
    void releaseGrantsWaitersInFifoOrderWhileTheyFit() throws Exception {
        Semaphore s = new Semaphore(6);
        s.acquire(6);
        List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            calls.add(Call.start(() -> {
                s.acquire(2);
                order.add(id);
            }));
            awaitWaiters(s, i + 1);
        }
        s.release(4); // grants the first two, in queue order
        calls.get(0).get();
        calls.get(1).get();
        assertThat(calls.get(2).returned()).isNotDone();
        s.release(2);
        calls.get(2).get();
        assertThat(order).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(order.get(2)).isEqualTo(2);
    }

    @Test
    void acquireMoreThanSizeBlocksUntilContextDoneWithoutHoldingUpTheQueue() throws Exception {
        Semaphore s = new Semaphore(2);
        CancelableContext ctx = Context.withCancel(Context.background());
        Call tooLarge = Call.start(() -> s.acquire(ctx, 3));
        tooLarge.awaitParked();
        assertThat(s.waiters()).as("not queued").isZero();
        assertThat(s.tryAcquire(2)).isTrue();
        s.release(2);

        ctx.cancel();
        assertThat(tooLarge.failure()).isInstanceOf(ContextCanceledException.class);
        assertThat(s.held()).isZero();
    }

    @Test
    void acquireMoreThanSizeWithoutContextBlocksUntilInterrupted() throws Exception {
        Semaphore s = new Semaphore(2);
        Call tooLarge = Call.start(() -> s.acquire(3));
        tooLarge.awaitParked();
        tooLarge.thread().interrupt();
        assertThat(tooLarge.failure()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void doneContextFailsAtOnceEvenIfUnitsAreFree() {
        Semaphore s = new Semaphore(1);
        CancelableContext ctx = Context.withCancel(Context.background());
        IllegalStateException why = new IllegalStateException("shutting down");
        ctx.cancel(why);
        assertThatThrownBy(() -> s.acquire(ctx, 1))
                .isInstanceOf(ContextCanceledException.class)
                .hasCause(why);
        assertThat(s.held()).isZero();
    }

    @Test
    void cancelledWaiterLeavesTheQueueAndThrowsTheContextError() throws Exception {
        Semaphore s = new Semaphore(1);
        s.acquire();
        CancelableContext ctx = Context.withCancel(Context.background());
        Call waiting = Call.start(() -> s.acquire(ctx, 1));
        awaitWaiters(s, 1);
        ctx.cancel();
        assertThat(waiting.failure()).isSameAs(ctx.err());
        assertThat(s.waiters()).isZero();
        assertThat(s.held()).isEqualTo(1);
        s.release();
        assertThat(s.held()).isZero(); // the cancelled waiter was never granted
    }

    @Test
    void deadlineBoundsTheWaitOnAManualClock() throws Exception {
        ManualClock clock = new ManualClock();
        Semaphore s = new Semaphore(1);
        s.acquire();
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(5), clock);
        Call waiting = Call.start(() -> s.acquire(ctx, 1));
        awaitWaiters(s, 1);
        clock.advance(Duration.ofSeconds(4));
        assertThat(waiting.returned()).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        assertThat(waiting.failure()).isInstanceOf(DeadlineExceededException.class);
        assertThat(s.waiters()).isZero();
        ctx.cancel();
    }

    @Test
    void cancelledHeadWakesTheWaitersBehindItThatNowFit() throws Exception {
        Semaphore s = new Semaphore(10);
        s.acquire(5);
        CancelableContext ctx = Context.withCancel(Context.background());
        Call large = Call.start(() -> s.acquire(ctx, 10));
        awaitWaiters(s, 1);
        Call small = Call.start(() -> s.acquire(2));
        awaitWaiters(s, 2);
        assertThat(small.returned()).isNotDone(); // fits, but waits behind the head (FIFO)

        ctx.cancel();
        assertThat(large.failure()).isInstanceOf(ContextCanceledException.class);
        small.get();
        assertThat(s.held()).isEqualTo(7);
    }

    @Test
    void cancelThatRacesAReleaseGivesTheUnitsBackAndServesTheNextWaiter() throws Exception {
        Semaphore s = new Semaphore(1);
        s.acquire();
        CancelableContext ctx = Context.withCancel(Context.background());
        Call first = Call.start(() -> s.acquire(ctx, 1));
        awaitWaiters(s, 1);
        Call second = Call.start(() -> s.acquire(1));
        awaitWaiters(s, 2);

        s.lock.lock(); // hold the give-up of the cancelled waiter until the release has granted it
        try {
            ctx.cancel();
            await().atMost(LONG).until(s.lock::hasQueuedThreads); // the first waiter is giving up
            s.release(); // grants the unit to the first waiter, which has already seen the cancel
        } finally {
            s.lock.unlock();
        }

        assertThat(first.failure()).isInstanceOf(ContextCanceledException.class);
        second.get(); // the unit the first waiter gave back went to the next in line
        assertThat(s.held()).isEqualTo(1);
        assertThat(s.waiters()).isZero();
    }

    @Test
    void interruptedWaiterThrowsAndHoldsNothing() throws Exception {
        Semaphore s = new Semaphore(1);
        s.acquire();
        Call waiting = Call.start(() -> s.acquire(Context.background(), 1));
        awaitWaiters(s, 1);
        waiting.thread().interrupt();
        assertThat(waiting.failure()).isInstanceOf(InterruptedException.class);
        assertThat(s.waiters()).isZero();
        assertThat(s.held()).isEqualTo(1);
    }

    @Test
    void interruptedBeforeAcquireThrowsEvenIfUnitsAreFree() {
        Semaphore s = new Semaphore(1);
        Thread.currentThread().interrupt();
        assertThatThrownBy(s::acquire).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(s.held()).isZero();
    }

    @Test
    void anyThreadMayReleaseUnitsAnotherAcquired() throws Exception {
        Semaphore s = new Semaphore(2);
        Call.start(() -> s.acquire(2)).get();
        assertThat(s.held()).isEqualTo(2);
        s.release(2);
        assertThat(s.held()).isZero();
    }

    @Test
    void concurrentAcquiresNeverExceedTheSize() throws Exception {
        Semaphore s = new Semaphore(5);
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger maxInUse = new AtomicInteger();
        List<Call> calls = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int units = 1 + t % 3;
            calls.add(Call.start(() -> {
                for (int i = 0; i < 200; i++) {
                    s.acquire(units);
                    int now = inUse.addAndGet(units);
                    maxInUse.accumulateAndGet(now, Math::max);
                    inUse.addAndGet(-units);
                    s.release(units);
                }
            }));
        }
        for (Call c : calls) {
            c.get();
        }
        assertThat(maxInUse.get()).isBetween(1, 5);
        assertThat(s.held()).isZero();
        assertThat(s.waiters()).isZero();
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void badArgumentsThrowNamingTheArgument() {
        assertThatThrownBy(() -> new Semaphore(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
        Semaphore s = new Semaphore(1);
        assertThatThrownBy(() -> s.acquire(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be >= 0");
        assertThatThrownBy(() -> s.acquire(Context.background(), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.tryAcquire(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.release(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.acquire(null, 1)).isInstanceOf(NullPointerException.class).hasMessage("ctx");
        assertThat(s).hasToString("Semaphore[size=1, held=0, waiters=0]");
    }
}
