package dev.go4j.patterns.shutdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.patterns.shutdown.ShutdownReport.Outcome;
import dev.go4j.patterns.shutdown.ShutdownReport.Phase;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's sequence on a manual clock with a fake trigger: Go's {@code srv.Shutdown(ctx)}
 * then closing the rest, ordered and bounded.
 */
class ShutdownTest {
    private final ManualClock clock = new ManualClock();
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        runner.shutdownNow();
        runner.close();
    }

    private CompletableFuture<ShutdownReport> runAsync(Shutdown s) {
        return CompletableFuture.supplyAsync(s::run, runner);
    }

    private Shutdown.Step log(String name) {
        return ctx -> events.add(name);
    }

    @Test
    void phasesRunInOrderReadinessThenPreStopThenStopAcceptingThenDrainThenCloseLastInFirstOut() {
        Shutdown s = Shutdown.builder().clock(clock).preStopDelay(Duration.ofSeconds(5)).build();
        s.onStopAccepting("listener", log("listener"))
                .onDrain("http", log("http"))
                .onDrain("jobs", log("jobs"))
                .onClose("db", () -> events.add("db"))
                .onClose("cache", () -> events.add("cache"))
                .onCloseStep("client", log("client"));
        assertThat(s.isReady()).isTrue();

        CompletableFuture<ShutdownReport> report = runAsync(s);
        await().until(() -> clock.pendingTimers() == 1); // the pre-stop delay
        assertThat(s.isReady()).isFalse();
        assertThat(events).isEmpty(); // nothing stops during the pre-stop delay
        clock.advance(Duration.ofSeconds(5));

        ShutdownReport r = report.join();
        List<String> order = List.copyOf(events);
        assertThat(order.get(0)).isEqualTo("listener");
        assertThat(order.subList(1, 3)).containsExactlyInAnyOrder("http", "jobs");
        assertThat(order.subList(3, 6)).containsExactly("client", "cache", "db");
        assertThat(r.steps()).extracting(ShutdownReport.Step::name)
                .containsExactly("listener", "http", "jobs", "client", "cache", "db");
        assertThat(r.steps()).extracting(ShutdownReport.Step::phase).containsExactly(Phase.STOP_ACCEPTING,
                Phase.DRAIN, Phase.DRAIN, Phase.CLOSE, Phase.CLOSE, Phase.CLOSE);
        assertThat(r.clean()).isTrue();
        assertThat(r.took()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void drainStepsShareOneDeadlineAndAreInterruptedWhenItPasses() {
        Shutdown s = Shutdown.builder().clock(clock).drainTimeout(Duration.ofSeconds(10)).build();
        CountDownLatch started = new CountDownLatch(2);
        AtomicBoolean interrupted = new AtomicBoolean();
        s.onDrain("honours-ctx", ctx -> {
            started.countDown();
            ctx.done().receiveOrNull();
            throw ctx.err();
        });
        s.onDrain("ignores-ctx", ctx -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        });
        s.onClose("after", () -> events.add("after"));

        CompletableFuture<ShutdownReport> report = runAsync(s);
        await().until(() -> started.getCount() == 0 && clock.pendingTimers() == 1);
        clock.advance(Duration.ofSeconds(10)); // one deadline for both

        ShutdownReport r = report.join();
        assertThat(r.step("honours-ctx").outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(r.step("ignores-ctx").outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(r.step("honours-ctx").took()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.step("ignores-ctx").took()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.step("after").outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(r.took()).isEqualTo(Duration.ofSeconds(10)); // not 20: the deadline is shared
        await().untilTrue(interrupted);
    }

    @Test
    void closeStepsRunLastInFirstOutEachUnderItsOwnTimeout() {
        Shutdown s = Shutdown.builder().clock(clock).stepTimeout(Duration.ofSeconds(2)).build();
        CountDownLatch hanging = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        s.onClose("first", () -> events.add("first"));
        s.onClose("hangs", () -> {
            events.add("hangs");
            hanging.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        s.onClose("last", () -> events.add("last"));

        CompletableFuture<ShutdownReport> report = runAsync(s);
        await().until(() -> hanging.getCount() == 0 && clock.pendingTimers() == 1);
        assertThat(events).containsExactly("last", "hangs"); // "first" waits for "hangs"
        clock.advance(Duration.ofSeconds(2));

        ShutdownReport r = report.join();
        assertThat(events).containsExactly("last", "hangs", "first");
        assertThat(r.step("hangs").outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(r.step("hangs").took()).isEqualTo(Duration.ofSeconds(2));
        assertThat(r.step("first").outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(r.step("last").outcome()).isEqualTo(Outcome.COMPLETED);
        await().untilTrue(interrupted);
    }

    @Test
    void aFailingStepIsReportedAndTheSequenceGoesOn() {
        Shutdown s = Shutdown.builder().clock(clock).build();
        IllegalStateException boom = new IllegalStateException("boom");
        s.onClose("ok", () -> events.add("ok"));
        s.onClose("fails", () -> {
            throw boom;
        });

        ShutdownReport r = s.run();
        assertThat(r.step("fails").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.step("fails").failure()).isSameAs(boom);
        assertThat(r.step("ok").outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(r.clean()).isFalse();
        assertThat(r.toString()).contains("CLOSE fails: FAILED", "boom");
    }

    @Test
    void runIsOnceAndEveryCallerGetsTheSameReport() {
        Shutdown s = Shutdown.builder().clock(clock).build();
        s.onClose("once", () -> events.add("once"));
        List<CompletableFuture<ShutdownReport>> calls = List.of(runAsync(s), runAsync(s), runAsync(s));
        ShutdownReport first = calls.get(0).join();
        for (CompletableFuture<ShutdownReport> c : calls) {
            assertThat(c.join()).isSameAs(first);
        }
        assertThat(s.run()).isSameAs(first);
        assertThat(events).containsExactly("once");
    }

    @Test
    void runWhenDoneStartsOnTheTrigger() throws Exception {
        Shutdown s = Shutdown.builder().clock(clock).build();
        s.onClose("res", () -> events.add("res"));
        try (CancelableContext trigger = Context.withCancel(Context.background())) {
            CompletableFuture<ShutdownReport> report = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.runWhenDone(trigger);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, runner);
            assertThat(s.isReady()).isTrue();
            trigger.cancel(new SignalReceivedException("SIGTERM"));
            assertThat(report.join().step("res").outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(s.isReady()).isFalse();
        }
    }

    @Test
    void registeringAfterTheStartThrows() {
        Shutdown s = Shutdown.builder().clock(clock).build();
        s.run();
        assertThatThrownBy(() -> s.onClose("late", () -> {}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("late").hasMessageContaining("started");
    }

    @Test
    void badInputNamesTheArgument() {
        Shutdown s = Shutdown.create();
        s.onClose("x", () -> {});
        assertThatThrownBy(() -> s.onDrain("x", ctx -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"x\"");
        assertThatThrownBy(() -> s.onDrain(null, ctx -> {})).hasMessage("name");
        assertThatThrownBy(() -> s.onDrain("y", null)).hasMessage("step");
        assertThatThrownBy(() -> s.onClose("y", (AutoCloseable) null)).hasMessage("resource");
        assertThatThrownBy(() -> Shutdown.builder().preStopDelay(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("preStopDelay");
        assertThatThrownBy(() -> Shutdown.builder().drainTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drainTimeout");
        assertThatThrownBy(() -> Shutdown.builder().stepTimeout(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stepTimeout");
    }

    @Test
    void extremeTimeoutsDoNotOverflow() {
        Shutdown s = Shutdown.builder().clock(clock).drainTimeout(Duration.ofSeconds(Long.MAX_VALUE))
                .stepTimeout(Duration.ofSeconds(Long.MAX_VALUE)).build();
        s.onDrain("d", log("d")).onClose("c", () -> events.add("c"));
        assertThat(s.run().clean()).isTrue();
        assertThat(clock.pendingTimers()).isZero(); // every deadline's timer was released
    }
}
