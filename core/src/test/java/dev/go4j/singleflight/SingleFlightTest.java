package dev.go4j.singleflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SingleFlightTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final SingleFlight<String, String> group = new SingleFlight<>();
    private final AtomicInteger executions = new AtomicInteger();

    /** A function that counts its executions and blocks until {@code gate} opens. */
    private Callable<String> gated(CountDownLatch gate, String value) {
        return () -> {
            executions.incrementAndGet();
            gate.await();
            return value;
        };
    }

    /** Runs {@code call} on a virtual thread. */
    private static <T> CompletableFuture<T> inBackground(AtomicReference<Thread> thread, Callable<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().unstarted(() -> {
            try {
                f.complete(call.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        if (thread != null) {
            thread.set(t);
        }
        t.start();
        return f;
    }

    private static <T> CompletableFuture<T> inBackground(Callable<T> call) {
        return inBackground(null, call);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(LONG.toSeconds(), TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            get(f);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private void awaitJoined(String key, int n) {
        await().atMost(LONG).until(() -> group.joined(key) == n);
    }

    private void awaitExecutions(int n) {
        await().atMost(LONG).until(() -> executions.get() == n);
    }

    // ---------------------------------------------------------------- Go's rules

    @Test
    void doReturnsTheValueUnshared() throws Exception {
        SingleFlight.Result<String> r = group.doCall("k", () -> "v");
        assertThat(r).isEqualTo(new SingleFlight.Result<>("v", null, false));
        assertThat(group).hasToString("SingleFlight[inFlight=0]");
    }

    @Test
    void doAllowsANullValue() throws Exception {
        assertThat(group.doCall("k", () -> null).value()).isNull();
    }

    @Test
    void concurrentCallersShareOneExecution() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<SingleFlight.Result<String>> leader = inBackground(() -> group.doCall("k", gated(gate, "v")));
        awaitExecutions(1);
        List<CompletableFuture<SingleFlight.Result<String>>> dups = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            dups.add(inBackground(() -> group.doCall("k", gated(gate, "other"))));
        }
        awaitJoined("k", 10);
        gate.countDown();

        assertThat(get(leader)).isEqualTo(new SingleFlight.Result<>("v", null, true));
        for (CompletableFuture<SingleFlight.Result<String>> d : dups) {
            assertThat(get(d)).isEqualTo(new SingleFlight.Result<>("v", null, true));
        }
        assertThat(executions).hasValue(1);
    }

    @Test
    void aCompletedFlightIsNotACache() throws Exception {
        assertThat(group.doCall("k", () -> "first").value()).isEqualTo("first");
        assertThat(group.doCall("k", () -> "second").value()).isEqualTo("second");
    }

    @Test
    void differentKeysFlyIndependently() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<SingleFlight.Result<String>> a = inBackground(() -> group.doCall("a", gated(gate, "A")));
        awaitExecutions(1);
        assertThat(group.doCall("b", () -> "B").value()).isEqualTo("B"); // not blocked by key a
        gate.countDown();
        assertThat(get(a).value()).isEqualTo("A");
    }

    @Test
    void aFailureReachesEveryCallerAsTheSameCause() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        IOException boom = new IOException("backend down");
        CompletableFuture<SingleFlight.Result<String>> leader = inBackground(() -> group.doCall("k", () -> {
            executions.incrementAndGet();
            gate.await();
            throw boom;
        }));
        awaitExecutions(1);
        CompletableFuture<SingleFlight.Result<String>> dup = inBackground(() -> group.doCall("k", () -> "unused"));
        awaitJoined("k", 1);
        gate.countDown();
        // each caller gets its own ExecutionException, all with the function's exception as cause
        Throwable leaderFailure = failureOf(leader);
        Throwable dupFailure = failureOf(dup);
        assertThat(leaderFailure).isInstanceOf(ExecutionException.class).hasCause(boom);
        assertThat(dupFailure).isInstanceOf(ExecutionException.class).hasCause(boom);
        assertThat(dupFailure).isNotSameAs(leaderFailure);
    }

    @Test
    void uncheckedFailuresReachEveryCallerToo() {
        // Go re-panics a panic of fn in every waiter; here every Throwable is a failure of the flight.
        StackOverflowError error = new StackOverflowError("deep");
        assertThatThrownBy(() -> group.doCall("k", () -> {
            throw error;
        })).isInstanceOf(ExecutionException.class).hasCause(error);
        assertThat(group).hasToString("SingleFlight[inFlight=0]"); // the failed flight left the map
    }

    @Test
    void forgetDuringAFlightMakesTheNextCallRunAnew() throws Exception {
        CountDownLatch gate1 = new CountDownLatch(1);
        CompletableFuture<SingleFlight.Result<String>> first = inBackground(() -> group.doCall("k", gated(gate1, "old")));
        awaitExecutions(1);
        group.forget("k");
        assertThat(group.doCall("k", () -> "new")).isEqualTo(new SingleFlight.Result<>("new", null, false));
        gate1.countDown();
        assertThat(get(first).value()).isEqualTo("old");
    }

    @Test
    void aForgottenFlightsCompletionDoesNotRemoveTheNewFlight() throws Exception {
        CountDownLatch gate1 = new CountDownLatch(1);
        CountDownLatch gate2 = new CountDownLatch(1);
        CompletableFuture<SingleFlight.Result<String>> old = inBackground(() -> group.doCall("k", gated(gate1, "old")));
        awaitExecutions(1);
        group.forget("k");
        CompletableFuture<SingleFlight.Result<String>> current = inBackground(() -> group.doCall("k", gated(gate2, "new")));
        awaitExecutions(2);

        gate1.countDown(); // the old flight completes while the new one is in flight
        assertThat(get(old).value()).isEqualTo("old");

        CompletableFuture<SingleFlight.Result<String>> joiner = inBackground(() -> group.doCall("k", gated(gate2, "third")));
        awaitJoined("k", 1); // it joined the new flight: the old one did not remove its entry
        gate2.countDown();
        assertThat(get(current)).isEqualTo(new SingleFlight.Result<>("new", null, true));
        assertThat(get(joiner)).isEqualTo(new SingleFlight.Result<>("new", null, true));
        assertThat(executions).hasValue(2);
    }

    @Test
    void callersOfAForgottenFlightStillGetItsResult() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<SingleFlight.Result<String>> leader = inBackground(() -> group.doCall("k", gated(gate, "v")));
        awaitExecutions(1);
        CompletableFuture<SingleFlight.Result<String>> dup = inBackground(() -> group.doCall("k", gated(gate, "x")));
        awaitJoined("k", 1);
        group.forget("k");
        gate.countDown();
        assertThat(get(leader).value()).isEqualTo("v");
        assertThat(get(dup)).isEqualTo(new SingleFlight.Result<>("v", null, true));
    }

    @Test
    void doChanDeliversTheResultOnABufferedChannel() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        ReceiveChannel<SingleFlight.Result<String>> leader = group.doChan("k", gated(gate, "v"));
        awaitExecutions(1);
        ReceiveChannel<SingleFlight.Result<String>> dup = group.doChan("k", gated(gate, "x"));
        assertThat(leader.capacity()).isEqualTo(1);
        assertThat(leader.tryReceive()).isNull();
        gate.countDown();
        assertThat(leader.receive(LONG)).isEqualTo(new SingleFlight.Result<>("v", null, true));
        assertThat(dup.receive(LONG)).isEqualTo(new SingleFlight.Result<>("v", null, true));
        assertThat(executions).hasValue(1);
    }

    @Test
    void doChanJoinsAFlightStartedByDo() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<SingleFlight.Result<String>> leader = inBackground(() -> group.doCall("k", gated(gate, "v")));
        awaitExecutions(1);
        ReceiveChannel<SingleFlight.Result<String>> dup = group.doChan("k", gated(gate, "x"));
        gate.countDown();
        assertThat(dup.receive(LONG).value()).isEqualTo("v");
        assertThat(get(leader).shared()).isTrue();
    }

    @Test
    void doChanDeliversAFailureInTheResult() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        SingleFlight.Result<String> r = group.doChan("k", () -> {
            throw boom;
        }).receive(LONG);
        assertThat(r.error()).isSameAs(boom);
        assertThat(r.value()).isNull();
        assertThatThrownBy(r::get).isInstanceOf(ExecutionException.class).hasCause(boom);
    }

    @Test
    void aWaiterThatGivesUpThroughItsContextDoesNotCancelTheWork() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<SingleFlight.Result<String>> leader = inBackground(() -> group.doCall("k", gated(gate, "v")));
        awaitExecutions(1);
        CancelableContext ctx = Context.withCancel(Context.background());
        CompletableFuture<SingleFlight.Result<String>> impatient = inBackground(() -> group.doCall(ctx, "k", gated(gate, "x")));
        awaitJoined("k", 1);
        ctx.cancel();
        assertThat(failureOf(impatient)).isInstanceOf(ContextCanceledException.class);

        gate.countDown();
        assertThat(get(leader).value()).isEqualTo("v");
        assertThat(executions).hasValue(1);
    }

    @Test
    void aLeaderThatGivesUpThroughItsContextLeavesTheFunctionRunningForTheOthers() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CancelableContext ctx = Context.withCancel(Context.background());
        CompletableFuture<SingleFlight.Result<String>> leader = inBackground(() -> group.doCall(ctx, "k", gated(gate, "v")));
        awaitExecutions(1);
        CompletableFuture<SingleFlight.Result<String>> patient = inBackground(() -> group.doCall("k", gated(gate, "x")));
        awaitJoined("k", 1);
        ctx.cancel();
        assertThat(failureOf(leader)).isInstanceOf(ContextCanceledException.class);

        gate.countDown();
        assertThat(get(patient)).isEqualTo(new SingleFlight.Result<>("v", null, true));
        assertThat(executions).hasValue(1);
    }

    @Test
    void doWithContextReturnsTheResultWhenItArrivesFirst() throws Exception {
        try (CancelableContext ctx = Context.withCancel(Context.background())) {
            assertThat(group.doCall(ctx, "k", () -> "v")).isEqualTo(new SingleFlight.Result<>("v", null, false));
        }
    }

    @Test
    void doneContextFailsAtOnceAndStartsNothing() {
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertThatThrownBy(() -> group.doCall(ctx, "k", () -> "v")).isInstanceOf(ContextCanceledException.class);
        assertThat(executions).hasValue(0);
        assertThat(group).hasToString("SingleFlight[inFlight=0]");
    }

    @Test
    void anInterruptedWaiterThrowsAndTheFlightGoesOn() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<SingleFlight.Result<String>> leader = inBackground(() -> group.doCall("k", gated(gate, "v")));
        awaitExecutions(1);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<SingleFlight.Result<String>> dup = inBackground(waiter, () -> group.doCall("k", gated(gate, "x")));
        awaitJoined("k", 1);
        waiter.get().interrupt();
        assertThat(failureOf(dup)).isInstanceOf(InterruptedException.class);
        gate.countDown();
        assertThat(get(leader).value()).isEqualTo("v");
    }

    @Test
    void nullArgumentsThrowNamingThem() {
        assertThatThrownBy(() -> group.doCall(null, () -> "v")).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> group.doCall("k", null)).isInstanceOf(NullPointerException.class).hasMessage("fn");
        assertThatThrownBy(() -> group.doCall(null, "k", () -> "v")).isInstanceOf(NullPointerException.class).hasMessage("ctx");
        assertThatThrownBy(() -> group.doChan(null, () -> "v")).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> group.forget(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
    }

    // ---------------------------------------------------------------- recursion

    @Test
    void recursiveDoCallForItsOwnKeyThrowsInsteadOfHanging() throws Exception {
        SingleFlight<String, String> g = new SingleFlight<>();
        AtomicReference<Throwable> inner = new AtomicReference<>();
        SingleFlight.Result<String> r = g.doCall("k", () -> {
            try {
                return g.doCall("k", () -> "never").value();
            } catch (IllegalStateException e) {
                inner.set(e);
                return "outer";
            }
        });
        assertThat(r.value()).isEqualTo("outer");
        assertThat(inner.get()).isInstanceOf(IllegalStateException.class)
                .hasMessage("singleflight: Do called for key k from the function of its own flight (in Go, a deadlock)");
        assertThat(g.doCall("k", () -> "again").value()).as("the key is free afterwards").isEqualTo("again");
    }

    @Test
    void recursionThroughAnotherKeyOnTheSameThreadThrows() {
        SingleFlight<String, String> g = new SingleFlight<>();
        assertThatThrownBy(() -> g.doCall("a", () -> g.doCall("b", () -> g.doCall("a", () -> "x").value()).value()))
                .isInstanceOf(ExecutionException.class) // b's function failed, and with it a's
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key a");
    }

    @Test
    void recursiveDoCallWithAContextThrowsToo() throws Exception {
        SingleFlight<String, String> g = new SingleFlight<>();
        Context ctx = Context.background();
        assertThatThrownBy(() -> g.doCall(ctx, "k", () -> g.doCall(ctx, "k", () -> "never").value()))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key k");
    }

    @Test
    void anotherThreadStillJoinsTheFlight() throws Exception {
        SingleFlight<String, String> g = new SingleFlight<>();
        CountDownLatch joined = new CountDownLatch(1);
        CompletableFuture<SingleFlight.Result<String>> other = new CompletableFuture<>();
        SingleFlight.Result<String> r = g.doCall("k", () -> {
            Thread.ofVirtual().start(() -> {
                try {
                    other.complete(g.doCall("k", () -> "second flight"));
                } catch (Throwable t) {
                    other.completeExceptionally(t);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> g.joined("k") == 1);
            joined.countDown();
            return "first";
        });
        assertThat(joined.getCount()).isZero();
        assertThat(r).isEqualTo(new SingleFlight.Result<>("first", null, true));
        assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo(new SingleFlight.Result<>("first", null, true));
    }
}
