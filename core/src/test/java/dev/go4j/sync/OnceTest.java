package dev.go4j.sync;

import static dev.go4j.sync.Once.onceFunc;
import static dev.go4j.sync.Once.onceValue;
import static dev.go4j.sync.Once.onceValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OnceTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** Runs {@code action} in a virtual thread; the future completes with its outcome. */
    private static CompletableFuture<Void> inBackground(Once.CheckedRunnable<?> action) {
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                action.run();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        return outcome;
    }

    /** Waits until {@code t} is parked (blocked in a call that waits for the running function). */
    private static void awaitParked(Thread t) {
        await().atMost(LONG).until(() -> t.getState() == Thread.State.WAITING);
    }

    // ---------------------------------------------------------------- Once.Do

    @Test
    void onceCallsTheFunctionOnlyOnceEvenIfItDiffers() {
        Once once = new Once();
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        once.run(first::incrementAndGet);
        once.run(first::incrementAndGet);
        once.run(second::incrementAndGet);
        assertThat(first).hasValue(1);
        assertThat(second).hasValue(0);
        assertThat(once.isDone()).isTrue();
    }

    @Test
    void concurrentCallersBlockUntilTheFirstCallReturns() throws Exception {
        Once once = new Once();
        CountDownLatch inF = new CountDownLatch(1);
        CountDownLatch finishF = new CountDownLatch(1);
        int[] initialized = new int[1]; // plain: published by the Once
        CompletableFuture<Void> first = inBackground(() -> once.run(() -> {
            inF.countDown();
            finishF.await();
            initialized[0] = 42;
        }));
        inF.await();

        AtomicReference<Thread> waiterThread = new AtomicReference<>();
        AtomicInteger seen = new AtomicInteger();
        CompletableFuture<Void> second = inBackground(() -> {
            waiterThread.set(Thread.currentThread());
            once.run(() -> seen.set(-1)); // never called
            seen.set(initialized[0]);
        });
        await().atMost(LONG).until(() -> waiterThread.get() != null);
        awaitParked(waiterThread.get());
        assertThat(second).isNotDone();

        finishF.countDown();
        first.get();
        second.get();
        assertThat(seen).hasValue(42);
    }

    @Test
    void oncePanicCountsAsDone() {
        Once once = new Once();
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> once.run(() -> {
            throw boom;
        })).isSameAs(boom);
        AtomicInteger called = new AtomicInteger();
        once.run(called::incrementAndGet); // returns normally, calls nothing
        assertThat(called).hasValue(0);
        assertThat(once.isDone()).isTrue();
    }

    @Test
    void oncePanicReachesOnlyTheFirstCallerAndReleasesTheWaiters() throws Exception {
        Once once = new Once();
        CountDownLatch inF = new CountDownLatch(1);
        CountDownLatch failF = new CountDownLatch(1);
        CompletableFuture<Void> first = inBackground(() -> once.run(() -> {
            inF.countDown();
            failF.await();
            throw new IOException("disk on fire");
        }));
        inF.await();
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiters.add(inBackground(() -> once.run(() -> {
                throw new AssertionError("must not run");
            })));
        }
        failF.countDown();
        assertThat(first).failsWithin(LONG).withThrowableThat().havingCause()
                .isInstanceOf(IOException.class).withMessage("disk on fire");
        CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(); // all returned normally
    }

    @Test
    void checkedExceptionTypeFlowsToTheCaller() {
        Once once = new Once();
        try {
            once.<IOException>run(() -> {
                throw new IOException("typed");
            });
        } catch (IOException expected) { // compiles only because run declares X = IOException
            assertThat(expected).hasMessage("typed");
            return;
        }
        throw new AssertionError("IOException expected");
    }

    @Test
    void onceCalledFromItsOwnFunctionThrowsInsteadOfDeadlocking() {
        Once once = new Once();
        AtomicReference<Throwable> inner = new AtomicReference<>();
        once.run(() -> {
            try {
                once.run(() -> {});
            } catch (IllegalStateException e) {
                inner.set(e);
            }
        });
        assertThat(inner.get()).hasMessage("sync: Once.Do called from its own function (in Go, a deadlock)");
        assertThat(once.isDone()).isTrue();
    }

    @Test
    void interruptedWaiterKeepsWaitingAndKeepsItsInterruptStatus() throws Exception {
        Once once = new Once();
        CountDownLatch inF = new CountDownLatch(1);
        CountDownLatch finishF = new CountDownLatch(1);
        CompletableFuture<Void> first = inBackground(() -> once.run(() -> {
            inF.countDown();
            finishF.await();
        }));
        inF.await();
        CompletableFuture<Boolean> interruptedOnReturn = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            once.run(() -> {});
            interruptedOnReturn.complete(Thread.currentThread().isInterrupted());
        });
        awaitParked(waiter);
        waiter.interrupt();
        await().atMost(LONG).until(() -> waiter.getState() == Thread.State.WAITING); // parked again
        assertThat(interruptedOnReturn).isNotDone();
        finishF.countDown();
        first.get();
        assertThat(interruptedOnReturn.get()).isTrue();
    }

    @Test
    void manyConcurrentCallersRunTheFunctionOnceAndAllSeeItsResult() throws Exception {
        for (int round = 0; round < 20; round++) {
            Once once = new Once();
            AtomicInteger calls = new AtomicInteger();
            int[] value = new int[1];
            WaitGroup wg = new WaitGroup();
            AtomicInteger wrong = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < 32; i++) {
                wg.go(() -> {
                    start.await();
                    once.run(() -> {
                        calls.incrementAndGet();
                        value[0] = 7;
                    });
                    if (value[0] != 7) {
                        wrong.incrementAndGet();
                    }
                });
            }
            start.countDown();
            wg.await();
            assertThat(calls).hasValue(1);
            assertThat(wrong).hasValue(0);
        }
    }

    @Test
    void nullFunctionThrowsEvenWhenDone() {
        Once once = new Once();
        assertThatThrownBy(() -> once.run(null)).isInstanceOf(NullPointerException.class).hasMessage("f");
        once.run(() -> {});
        assertThatThrownBy(() -> once.run(null)).isInstanceOf(NullPointerException.class).hasMessage("f");
    }

    // ---------------------------------------------------------------- OnceFunc

    @Test
    void onceFuncCallsTheFunctionOnlyOnce() {
        AtomicInteger calls = new AtomicInteger();
        Runnable r = onceFunc(calls::incrementAndGet);
        assertThat(calls).hasValue(0); // lazy
        r.run();
        r.run();
        r.run();
        assertThat(calls).hasValue(1);
    }

    @Test
    void onceFuncReplaysFailure() {
        AtomicInteger calls = new AtomicInteger();
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Runnable r = onceFunc(() -> {
            calls.incrementAndGet();
            throw boom;
        });
        assertThatThrownBy(r::run).isSameAs(boom);
        assertThatThrownBy(r::run).isSameAs(boom);
        assertThatThrownBy(r::run).isSameAs(boom);
        assertThat(calls).hasValue(1);
    }

    @Test
    void onceFuncReplaysAnError() {
        StackOverflowError error = new StackOverflowError("deep");
        Runnable r = onceFunc(() -> {
            throw error;
        });
        assertThatThrownBy(r::run).isSameAs(error);
        assertThatThrownBy(r::run).isSameAs(error);
    }

    @Test
    void onceFuncCalledFromItsOwnFunctionFailsForGood() {
        AtomicReference<Runnable> self = new AtomicReference<>();
        self.set(onceFunc(() -> self.get().run()));
        assertThatThrownBy(() -> self.get().run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in Go, a deadlock");
        assertThatThrownBy(() -> self.get().run()).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- OnceValue

    @Test
    void onceValueReturnsTheOneValue() {
        AtomicInteger calls = new AtomicInteger();
        Supplier<Object> value = onceValue(() -> {
            calls.incrementAndGet();
            return new Object();
        });
        Object first = value.get();
        assertThat(value.get()).isSameAs(first);
        assertThat(value.get()).isSameAs(first);
        assertThat(calls).hasValue(1);
    }

    @Test
    void onceValueMayBeNull() {
        AtomicInteger calls = new AtomicInteger();
        Supplier<String> value = onceValue(() -> {
            calls.incrementAndGet();
            return null;
        });
        assertThat(value.get()).isNull();
        assertThat(value.get()).isNull();
        assertThat(calls).hasValue(1);
    }

    @Test
    void onceValueReplaysFailure() {
        AtomicInteger calls = new AtomicInteger();
        ArithmeticException boom = new ArithmeticException("/ by zero");
        Supplier<Integer> value = onceValue(() -> {
            calls.incrementAndGet();
            throw boom;
        });
        assertThatThrownBy(value::get).isSameAs(boom);
        assertThatThrownBy(value::get).isSameAs(boom);
        assertThat(calls).hasValue(1);
    }

    @Test
    void onceValueConcurrentCallersAllGetTheOneValue() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Supplier<Object> value = onceValue(() -> {
            calls.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new Object();
        });
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            CompletableFuture<Object> f = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> f.complete(value.get()));
            results.add(f);
        }
        await().atMost(LONG).until(() -> calls.get() == 1);
        assertThat(results).noneMatch(CompletableFuture::isDone);
        release.countDown();
        Object one = results.get(0).get();
        for (CompletableFuture<Object> f : results) {
            assertThat(f.get()).isSameAs(one);
        }
        assertThat(calls).hasValue(1);
    }

    // ---------------------------------------------------------------- OnceValues

    @Test
    void onceValuesReturnsTheOneValue() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Once.CheckedSupplier<String, IOException> value = onceValues(() -> "v" + calls.incrementAndGet());
        assertThat(value.get()).isEqualTo("v1");
        assertThat(value.get()).isEqualTo("v1");
    }

    @Test
    void onceValuesReplaysTheSameCheckedException() {
        AtomicInteger calls = new AtomicInteger();
        Once.CheckedSupplier<String, IOException> value = onceValues(() -> {
            calls.incrementAndGet();
            throw new IOException("no such file");
        });
        IOException first = catchIo(value);
        IOException second = catchIo(value);
        assertThat(first).hasMessage("no such file");
        assertThat(second).isSameAs(first);
        assertThat(calls).hasValue(1);
    }

    @Test
    void onceValuesReplaysUncheckedFailuresToo() {
        Once.CheckedSupplier<String, IOException> value = onceValues(() -> {
            throw new IllegalStateException("not an IOException");
        });
        Throwable first = org.assertj.core.api.Assertions.catchThrowable(value::get);
        assertThat(first).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(value::get).isSameAs(first);
    }

    @Test
    void factoriesRejectNull() {
        assertThatThrownBy(() -> onceFunc(null)).isInstanceOf(NullPointerException.class).hasMessage("f");
        assertThatThrownBy(() -> onceValue(null)).isInstanceOf(NullPointerException.class).hasMessage("f");
        assertThatThrownBy(() -> onceValues(null)).isInstanceOf(NullPointerException.class).hasMessage("f");
    }

    private static IOException catchIo(Once.CheckedSupplier<String, IOException> s) {
        try {
            s.get();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("IOException expected");
    }
}
