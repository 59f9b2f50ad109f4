package dev.go4j.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.Go;
import dev.go4j.chan.Channel;
import dev.go4j.chan.Select;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Go's {@code context} rules, one test each; deadlines run on a manual clock, so nothing sleeps. */
class ContextTest {
    private static final Instant T0 = Instant.parse("2009-11-10T23:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock();
    private final Context bg = Context.background();

    // ---------------------------------------------------------------- roots

    @Test
    void backgroundIsNeverCanceledHasNoDeadlineAndNoValues() {
        assertThat(bg.err()).isNull();
        assertThat(bg.done()).isSameAs(Channel.nil());
        assertThat(bg.deadline()).isEmpty();
        assertThat(bg.value(new Context.Key<String>("k"))).isNull();
        assertThat(Context.cause(bg)).isNull();
        assertThat(bg).hasToString("context.Background");
        assertThat(Context.background()).isSameAs(bg);
    }

    @Test
    void todoBehavesLikeBackground() {
        Context todo = Context.todo();
        assertThat(todo.err()).isNull();
        assertThat(todo.done()).isSameAs(Channel.nil());
        assertThat(todo.deadline()).isEmpty();
        assertThat(todo).hasToString("context.TODO");
    }

    // ---------------------------------------------------------------- cancel

    @Test
    void cancelSetsErrToCanceledAndClosesDone() {
        CancelableContext ctx = Context.withCancel(bg);
        var done = ctx.done();
        assertThat(ctx.err()).isNull();
        assertThat(done.isClosed()).isFalse();
        ctx.cancel();
        assertThat(ctx.err()).isInstanceOf(ContextCanceledException.class).hasMessage("context canceled");
        assertThat(done.isClosed()).isTrue();
        assertThat(ctx.done()).isSameAs(done);
    }

    @Test
    void doneReturnsTheSameChannelOnEveryCallEvenIfFirstAskedAfterCancel() {
        CancelableContext ctx = Context.withCancel(bg);
        ctx.cancel();
        var done = ctx.done();
        assertThat(done.isClosed()).isTrue();
        assertThat(ctx.done()).isSameAs(done);
    }

    @Test
    void doneIsABlockingWaitThatReturnsOnCancel() throws Exception {
        CancelableContext ctx = Context.withCancel(bg);
        Channel<Boolean> woke = Channel.make(1);
        Go.go(() -> woke.send(ctx.done().receiveOrNull() == null));
        ctx.cancel();
        assertThat(woke.receive(PATIENCE)).isTrue();
    }

    @Test
    void doneIsUsableAsASelectCase() throws Exception {
        CancelableContext ctx = Context.withCancel(bg);
        Channel<Integer> work = Channel.make();
        Channel<String> result = Channel.make(1);
        Go.go(() -> result.send(new Select<String>()
                .onReceive(work, v -> "work")
                .onReceive(ctx.done(), x -> "canceled: " + ctx.err().getMessage())
                .run()));
        ctx.cancel();
        assertThat(result.receive(PATIENCE)).isEqualTo("canceled: context canceled");
    }

    @Test
    void cancelIsIdempotentAndTheFirstCauseWins() {
        CancelableContext ctx = Context.withCancelCause(bg);
        IllegalStateException first = new IllegalStateException("first");
        ctx.cancel(first);
        ContextException err = ctx.err();
        ctx.cancel(new IllegalStateException("second"));
        ctx.cancel();
        ctx.close();
        assertThat(ctx.err()).isSameAs(err);
        assertThat(Context.cause(ctx)).isSameAs(first);
    }

    @Test
    void cancelReachesEveryDescendantBeforeItReturns() {
        CancelableContext root = Context.withCancel(bg);
        List<Context> all = new ArrayList<>();
        Context.Key<Integer> k = new Context.Key<>("k");
        for (int i = 0; i < 10; i++) {
            CancelableContext a = Context.withCancel(root);
            Context v = Context.withValue(a, k, i);
            CancelableContext b = Context.withTimeout(v, Duration.ofHours(1), clock);
            CancelableContext c = Context.withCancel(Context.withValue(b, k, -i));
            all.addAll(List.of(a, v, b, c));
        }
        List<Channel<Void>> dones = new ArrayList<>();
        for (Context c : all) {
            dones.add((Channel<Void>) c.done());
        }
        root.cancel(new IllegalStateException("why"));
        for (Context c : all) {
            assertThat(c.err()).as(c.toString()).isSameAs(root.err());
            assertThat(Context.cause(c)).hasMessage("why");
        }
        assertThat(dones).allMatch(Channel::isClosed);
        assertThat(clock.pendingTimers()).as("every timer released").isZero();
    }

    @Test
    void cancelOfAChildDoesNotCancelItsParent() {
        CancelableContext parent = Context.withCancel(bg);
        CancelableContext child = Context.withCancel(parent);
        child.cancel();
        assertThat(parent.err()).isNull();
        assertThat(((CancelCtx) parent).childCount()).isZero();
    }

    @Test
    void childOfACanceledParentIsBornCanceledWithTheParentsCause() {
        CancelableContext parent = Context.withCancel(bg);
        RuntimeException why = new RuntimeException("shutdown");
        parent.cancel(why);
        CancelableContext child = Context.withCancel(Context.withValue(parent, new Context.Key<>("k"), "v"));
        CancelableContext timed = Context.withTimeout(parent, Duration.ofHours(1), clock);
        assertThat(child.err()).isSameAs(parent.err());
        assertThat(Context.cause(child)).isSameAs(why);
        assertThat(child.done().isClosed()).isTrue();
        assertThat(timed.err()).isInstanceOf(ContextCanceledException.class);
        assertThat(clock.pendingTimers()).as("a context born canceled arms no timer").isZero();
        assertThat(((CancelCtx) parent).childCount()).isZero();
    }

    @Test
    void aCanceledChildIsRemovedFromItsParent() {
        CancelableContext parent = Context.withCancel(bg);
        CancelableContext a = Context.withCancel(parent);
        CancelableContext b = Context.withCancel(parent);
        CancelableContext c = Context.withCancel(parent);
        assertThat(((CancelCtx) parent).childCount()).isEqualTo(3);
        b.cancel();
        assertThat(((CancelCtx) parent).childCount()).isEqualTo(2);
        a.cancel();
        c.cancel();
        assertThat(((CancelCtx) parent).childCount()).isZero();
        parent.cancel();
    }

    @Test
    void aLongLivedParentWithMillionsOfShortLivedChildrenDoesNotGrow() {
        CancelableContext parent = Context.withCancel(bg);
        CancelCtx p = (CancelCtx) parent;
        for (int i = 0; i < 1_000_000; i++) {
            try (CancelableContext child = Context.withCancel(parent)) {
                if (child.err() != null) {
                    throw new AssertionError("child born canceled");
                }
            }
            Context.afterFunc(parent, () -> {}).stop();
        }
        assertThat(p.childCount()).isZero();
        for (int i = 0; i < 1000; i++) {
            Context.withTimeout(parent, Duration.ofMinutes(1), clock).cancel();
        }
        assertThat(p.childCount()).isZero();
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void closeIsCancelSoTryWithResourcesIsDeferCancel() {
        CancelableContext kept;
        try (CancelableContext ctx = Context.withCancel(bg)) {
            kept = ctx;
            assertThat(ctx.err()).isNull();
        }
        assertThat(kept.err()).isInstanceOf(ContextCanceledException.class);
    }

    @Test
    void deepChainsCancelAndLookUpWithoutOverflowingTheStack() {
        CancelableContext root = Context.withCancel(bg);
        Context.Key<String> k = new Context.Key<>("k");
        Context ctx = Context.withValue(root, k, "at the root");
        for (int i = 0; i < 200_000; i++) {
            ctx = i % 2 == 0 ? Context.withCancel(ctx) : Context.withValue(ctx, new Context.Key<>("x"), "x");
        }
        assertThat(ctx.value(k)).isEqualTo("at the root");
        assertThat(ctx.deadline()).isEmpty();
        root.cancel();
        assertThat(ctx.err()).isInstanceOf(ContextCanceledException.class);
    }

    // ---------------------------------------------------------------- cause

    @Test
    void causeIsTheGivenCauseHereAndInEveryDescendant() {
        CancelableContext ctx = Context.withCancelCause(bg);
        Context child = Context.withValue(Context.withCancel(ctx), new Context.Key<>("k"), "v");
        IllegalStateException why = new IllegalStateException("why");
        ctx.cancel(why);
        assertThat(ctx.err()).isInstanceOf(ContextCanceledException.class).hasCause(why);
        assertThat(Context.cause(ctx)).isSameAs(why);
        assertThat(Context.cause(child)).isSameAs(why);
    }

    @Test
    void causeIsErrWhenNoCauseWasGivenAndNullBeforeCancel() {
        CancelableContext ctx = Context.withCancel(bg);
        assertThat(Context.cause(ctx)).isNull();
        ctx.cancel();
        assertThat(Context.cause(ctx)).isSameAs(ctx.err());
        assertThat(ctx.err().getCause()).isNull();
    }

    @Test
    void errTellsCanceledFromDeadlineExceeded() {
        CancelableContext canceled = Context.withCancel(bg);
        canceled.cancel();
        CancelableContext expired = Context.withTimeout(bg, Duration.ZERO, clock);
        assertThat(canceled.err()).isInstanceOf(ContextCanceledException.class)
                .isNotInstanceOf(DeadlineExceededException.class);
        assertThat(expired.err()).isInstanceOf(DeadlineExceededException.class)
                .hasMessage("context deadline exceeded");
        assertThat(List.of(canceled.err(), expired.err())).allMatch(e -> e instanceof ContextException);
    }

    @Test
    void contextErrorsAreImmutableValuesWithoutStackTraces() {
        CancelableContext a = Context.withCancel(bg);
        CancelableContext b = Context.withCancel(bg);
        a.cancel();
        b.cancel();
        ContextException err = a.err();
        assertThat(err).isSameAs(b.err()); // Go's context.Canceled: one value
        assertThat(err.getStackTrace()).isEmpty();
        err.addSuppressed(new RuntimeException("ignored"));
        assertThat(err.getSuppressed()).isEmpty();
        assertThatThrownBy(() -> err.initCause(new RuntimeException())).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- deadlines

    @Test
    void timeoutExpiresWithDeadlineExceededWhenTheClockPassesIt() {
        CancelableContext ctx = Context.withTimeout(bg, Duration.ofSeconds(5), clock);
        assertThat(ctx.deadline()).contains(T0.plusSeconds(5));
        clock.advance(Duration.ofMillis(4999));
        assertThat(ctx.err()).isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(ctx.err()).isInstanceOf(DeadlineExceededException.class);
        assertThat(Context.cause(ctx)).isSameAs(ctx.err());
        assertThat(ctx.done().isClosed()).isTrue();
    }

    @Test
    void deadlineExpiresAtTheGivenInstant() {
        CancelableContext ctx = Context.withDeadline(bg, T0.plusSeconds(3), clock);
        assertThat(ctx.deadline()).contains(T0.plusSeconds(3));
        clock.advance(Duration.ofSeconds(3));
        assertThat(ctx.err()).isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void timeoutCauseIsTheCauseOfTheExpiry() {
        IllegalStateException slow = new IllegalStateException("backend too slow");
        CancelableContext ctx = Context.withTimeoutCause(bg, Duration.ofSeconds(1), slow, clock);
        CancelableContext byDeadline = Context.withDeadlineCause(bg, T0.plusSeconds(1), slow, clock);
        clock.advance(Duration.ofSeconds(1));
        assertThat(ctx.err()).isInstanceOf(DeadlineExceededException.class).hasCause(slow);
        assertThat(Context.cause(ctx)).isSameAs(slow);
        assertThat(Context.cause(byDeadline)).isSameAs(slow);
    }

    @Test
    void cancelBeforeTheDeadlineIsCanceledNotExceededAndIgnoresTheTimeoutCause() {
        CancelableContext ctx = Context.withTimeoutCause(bg, Duration.ofSeconds(1), new RuntimeException("slow"), clock);
        ctx.cancel();
        clock.advance(Duration.ofSeconds(1));
        assertThat(ctx.err()).isInstanceOf(ContextCanceledException.class);
        assertThat(Context.cause(ctx)).isSameAs(ctx.err());
    }

    @Test
    void aDeadlineInThePastIsBornExpiredWithoutATimer() {
        CancelableContext past = Context.withDeadline(bg, T0.minusSeconds(1), clock);
        CancelableContext zero = Context.withTimeout(bg, Duration.ZERO, clock);
        CancelableContext negative = Context.withTimeout(bg, Duration.ofSeconds(-1), clock);
        assertThat(List.of(past, zero, negative)).allMatch(c -> c.err() instanceof DeadlineExceededException);
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void cancellingATimeoutEarlyReleasesItsTimer() {
        CancelableContext ctx = Context.withTimeout(bg, Duration.ofHours(1), clock);
        assertThat(clock.pendingTimers()).isEqualTo(1);
        ctx.cancel();
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void anExpiredTimeoutIsRemovedFromItsParent() {
        CancelableContext parent = Context.withCancel(bg);
        Context.withTimeout(parent, Duration.ofSeconds(1), clock);
        assertThat(((CancelCtx) parent).childCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(((CancelCtx) parent).childCount()).isZero();
    }

    @Test
    void aChildsDeadlineIsNeverLaterThanItsParents() {
        CancelableContext parent = Context.withTimeout(bg, Duration.ofSeconds(2), clock);
        CancelableContext later = Context.withTimeout(parent, Duration.ofSeconds(10), clock);
        CancelableContext earlier = Context.withTimeout(parent, Duration.ofSeconds(1), clock);
        assertThat(later.deadline()).contains(T0.plusSeconds(2));
        assertThat(earlier.deadline()).contains(T0.plusSeconds(1));
        assertThat(clock.pendingTimers()).as("the later child needs no timer of its own").isEqualTo(2);
        clock.advance(Duration.ofSeconds(2));
        assertThat(later.err()).as("expires with the parent").isInstanceOf(DeadlineExceededException.class);
        assertThat(earlier.err()).isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void theDeadlineIsInheritedThroughValueAndCancelContexts() {
        CancelableContext timed = Context.withTimeout(bg, Duration.ofSeconds(2), clock);
        Context inner = Context.withCancel(Context.withValue(timed, new Context.Key<>("k"), "v"));
        assertThat(inner.deadline()).contains(T0.plusSeconds(2));
        assertThat(Context.withoutCancel(timed).deadline()).isEmpty();
    }

    @Test
    void timeoutOnTheSystemClockExpires() {
        CancelableContext ctx = Context.withTimeout(bg, Duration.ofMillis(10));
        await().atMost(PATIENCE).until(() -> ctx.err() != null);
        assertThat(ctx.err()).isInstanceOf(DeadlineExceededException.class);
        CancelableContext dl = Context.withDeadline(bg, Instant.now().plusMillis(10));
        await().atMost(PATIENCE).until(() -> dl.err() != null);
    }

    @Test
    void hugeTimeoutsSaturate() {
        CancelableContext ctx = Context.withTimeout(bg, Duration.ofSeconds(Long.MAX_VALUE), clock);
        assertThat(ctx.deadline()).contains(Instant.MAX);
        clock.advance(Duration.ofDays(365L * 100));
        assertThat(ctx.err()).isNull();
        ctx.cancel();
    }

    // ---------------------------------------------------------------- values

    @Test
    void valueIsLookedUpThroughTheChainAndTheNearestBindingWins() {
        Context.Key<String> user = new Context.Key<>("user");
        Context.Key<Integer> attempt = new Context.Key<>("attempt");
        Context a = Context.withValue(bg, user, "alice");
        Context b = Context.withCancel(Context.withValue(a, attempt, 1));
        Context c = Context.withValue(b, user, "bob");
        assertThat(a.value(user)).isEqualTo("alice");
        assertThat(b.value(user)).isEqualTo("alice");
        assertThat(b.value(attempt)).isEqualTo(1);
        assertThat(c.value(user)).isEqualTo("bob");
        assertThat(Context.withTimeout(c, Duration.ofHours(1), clock).value(attempt)).isEqualTo(1);
    }

    @Test
    void keysWithTheSameNameDoNotCollide() {
        Context.Key<String> mine = new Context.Key<>("id");
        Context.Key<String> theirs = new Context.Key<>("id");
        Context ctx = Context.withValue(bg, mine, "mine");
        assertThat(ctx.value(mine)).isEqualTo("mine");
        assertThat(ctx.value(theirs)).isNull();
    }

    @Test
    void aValueContextIsDoneExactlyWhenItsParentIs() {
        CancelableContext parent = Context.withCancel(bg);
        Context v = Context.withValue(parent, new Context.Key<>("k"), "v");
        assertThat(v.done()).isSameAs(parent.done());
        parent.cancel();
        assertThat(v.err()).isSameAs(parent.err());
        Context ofBackground = Context.withValue(bg, new Context.Key<>("k"), "v");
        assertThat(ofBackground.done()).isSameAs(Channel.nil());
        assertThat(ofBackground.err()).isNull();
    }

    @Test
    void withoutCancelKeepsTheValuesButIsNeverCanceled() {
        Context.Key<String> user = new Context.Key<>("user");
        CancelableContext parent = Context.withTimeout(Context.withValue(bg, user, "alice"), Duration.ofSeconds(1), clock);
        Context detached = Context.withoutCancel(parent);
        CancelableContext child = Context.withCancel(detached);
        parent.cancel(new RuntimeException("gone"));
        assertThat(detached.value(user)).isEqualTo("alice");
        assertThat(detached.err()).isNull();
        assertThat(detached.done()).isSameAs(Channel.nil());
        assertThat(detached.deadline()).isEmpty();
        assertThat(Context.cause(detached)).isNull();
        assertThat(child.err()).isNull();
        child.cancel();
        assertThat(child.err()).isNotNull();
    }

    // ---------------------------------------------------------------- afterFunc

    @Test
    void afterFuncCallsTheFunctionInItsOwnGoroutineWhenTheContextIsCanceled() throws Exception {
        CancelableContext ctx = Context.withCancel(bg);
        Channel<Thread> ranOn = Channel.make(1);
        Context.StopFunc stop = Context.afterFunc(ctx, () -> ranOn.trySend(Thread.currentThread()));
        assertThat(ranOn.tryReceive()).isNull();
        ctx.cancel();
        Thread t = ranOn.receive(PATIENCE);
        assertThat(t.isVirtual()).isTrue();
        assertThat(t).isNotSameAs(Thread.currentThread());
        assertThat(stop.stop()).isFalse();
    }

    @Test
    void afterFuncOnADoneContextCallsTheFunctionAtOnce() throws Exception {
        CancelableContext ctx = Context.withTimeout(bg, Duration.ZERO, clock);
        Channel<Boolean> ran = Channel.make(1);
        Context.StopFunc stop = Context.afterFunc(ctx, () -> ran.trySend(true));
        assertThat(ran.receive(PATIENCE)).isTrue();
        assertThat(stop.stop()).isFalse();
    }

    @Test
    void afterFuncStopBeforeCancelPreventsTheCallAndUnregisters() {
        CancelableContext ctx = Context.withCancel(bg);
        AtomicInteger runs = new AtomicInteger();
        Context.StopFunc stop = Context.afterFunc(ctx, runs::incrementAndGet);
        assertThat(((CancelCtx) ctx).childCount()).isEqualTo(1);
        assertThat(stop.stop()).isTrue();
        assertThat(stop.stop()).isFalse();
        assertThat(((CancelCtx) ctx).childCount()).isZero();
        // run the would-be call inline to prove it cannot happen: the stopped node is gone
        Context.StopFunc inline = AfterFuncNode.register(ctx, runs::incrementAndGet, Runnable::run);
        ctx.cancel();
        assertThat(runs.get()).as("only the registration that was not stopped ran").isEqualTo(1);
        assertThat(inline.stop()).isFalse();
    }

    @Test
    void afterFuncRegistrationsAreIndependentAndReachedThroughDescendants() {
        CancelableContext ctx = Context.withCancel(bg);
        Context v = Context.withValue(ctx, new Context.Key<>("k"), "v");
        AtomicInteger runs = new AtomicInteger();
        AfterFuncNode.register(v, runs::incrementAndGet, Runnable::run);
        AfterFuncNode.register(ctx, runs::incrementAndGet, Runnable::run);
        Context.StopFunc stopped = AfterFuncNode.register(ctx, runs::incrementAndGet, Runnable::run);
        stopped.stop();
        ctx.cancel();
        assertThat(runs.get()).isEqualTo(2);
    }

    @Test
    void afterFuncOnAContextThatCannotBeCanceledNeverRunsAndStopReturnsTrue() {
        AtomicInteger runs = new AtomicInteger();
        Context.StopFunc stop = AfterFuncNode.register(bg, runs::incrementAndGet, Runnable::run);
        assertThat(stop.stop()).isTrue();
        assertThat(runs.get()).isZero();
    }

    // ---------------------------------------------------------------- toString, bad input, races

    @Test
    void toStringIsGosForm() {
        Context.Key<String> user = new Context.Key<>("user");
        CancelableContext c = Context.withCancel(bg);
        assertThat(c).hasToString("context.Background.WithCancel");
        assertThat(Context.withValue(Context.todo(), user, "alice")).hasToString("context.TODO.WithValue(user, alice)");
        assertThat(Context.withoutCancel(c)).hasToString("context.Background.WithCancel.WithoutCancel");
        assertThat(Context.withTimeout(c, Duration.ofSeconds(5), clock))
                .hasToString("context.Background.WithCancel.WithDeadline(2009-11-10T23:00:05Z [PT5S])");
    }

    record Point(int x, int y) {}

    static final class Secret {
        final String password = "hunter2";
    }

    @Test
    void toStringPrintsStringsAndStringersButOnlyTheTypeOfOpaqueValues() {
        Context.Key<Object> k = new Context.Key<>("k");
        assertThat(Context.withValue(bg, k, new Point(1, 2))).hasToString("context.Background.WithValue(k, Point[x=1, y=2])");
        assertThat(Context.withValue(bg, k, new Secret()).toString())
                .isEqualTo("context.Background.WithValue(k, " + Secret.class.getName() + ")")
                .doesNotContain("hunter2");
    }

    @Test
    void nullArgumentsThrowNamingTheArgumentOrGosRule() {
        Context.Key<String> k = new Context.Key<>("k");
        assertThatThrownBy(() -> Context.withCancel(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("cannot create context from nil parent");
        assertThatThrownBy(() -> Context.withValue(null, k, "v")).hasMessageContaining("nil parent");
        assertThatThrownBy(() -> Context.withoutCancel(null)).hasMessageContaining("nil parent");
        assertThatThrownBy(() -> Context.withTimeout(null, Duration.ZERO)).hasMessageContaining("nil parent");
        assertThatThrownBy(() -> Context.withValue(bg, null, "v")).isInstanceOf(NullPointerException.class).hasMessageContaining("nil key");
        assertThatThrownBy(() -> Context.withValue(bg, k, null)).isInstanceOf(NullPointerException.class).hasMessageStartingWith("value");
        assertThatThrownBy(() -> Context.withTimeout(bg, null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
        assertThatThrownBy(() -> Context.withTimeout(bg, Duration.ZERO, null)).isInstanceOf(NullPointerException.class).hasMessage("clock");
        assertThatThrownBy(() -> Context.withDeadline(bg, null)).isInstanceOf(NullPointerException.class).hasMessage("deadline");
        assertThatThrownBy(() -> Context.withTimeoutCause(bg, Duration.ZERO, null)).isInstanceOf(NullPointerException.class).hasMessage("cause");
        assertThatThrownBy(() -> Context.withCancel(bg).cancel(null)).isInstanceOf(NullPointerException.class).hasMessageStartingWith("cause");
        assertThatThrownBy(() -> Context.afterFunc(bg, null)).isInstanceOf(NullPointerException.class).hasMessage("fn");
        assertThatThrownBy(() -> Context.afterFunc(null, () -> {})).isInstanceOf(NullPointerException.class).hasMessage("ctx");
        assertThatThrownBy(() -> Context.cause(null)).isInstanceOf(NullPointerException.class).hasMessage("ctx");
        assertThatThrownBy(() -> bg.value(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> Context.withCancel(bg).value(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> new Context.Key<String>(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
    }

    @Test
    void everyCancelReturnsOnlyOnceTheWinningCauseReachedTheWholeTree() throws Exception {
        for (int round = 0; round < 200; round++) {
            CancelableContext root = Context.withCancelCause(bg);
            List<CancelableContext> leaves = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                leaves.add(Context.withCancel(Context.withCancel(root)));
            }
            CountDownLatch start = new CountDownLatch(1);
            Channel<String> verdicts = Channel.make(2);
            for (String cause : List.of("A", "B")) {
                Go.go(() -> {
                    start.await();
                    root.cancel(new RuntimeException(cause));
                    // whichever cancel won, this one returned after the winner reached every leaf
                    Throwable seen = Context.cause(leaves.get(leaves.size() - 1));
                    boolean all = leaves.stream().allMatch(l -> Context.cause(l) == seen);
                    verdicts.send(all ? seen.getMessage() : "a leaf was not canceled yet");
                });
            }
            start.countDown();
            String first = verdicts.receive(PATIENCE);
            String second = verdicts.receive(PATIENCE);
            assertThat(first).isIn("A", "B").isEqualTo(second).isEqualTo(Context.cause(root).getMessage());
        }
    }

    @Test
    void childrenRegisteringWhileTheParentIsCanceledAllEndCanceled() throws Exception {
        for (int round = 0; round < 200; round++) {
            CancelableContext parent = Context.withCancel(bg);
            int threads = 4;
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            AtomicReference<List<CancelableContext>> made = new AtomicReference<>(new java.util.concurrent.CopyOnWriteArrayList<>());
            for (int t = 0; t < threads; t++) {
                workers.add(Go.go(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        made.get().add(Context.withCancel(parent));
                    }
                }));
            }
            start.countDown();
            parent.cancel();
            for (Thread w : workers) {
                w.join();
            }
            assertThat(made.get()).hasSize(threads * 50).allMatch(c -> c.err() != null);
            assertThat(((CancelCtx) parent).childCount()).isZero();
        }
    }
}
