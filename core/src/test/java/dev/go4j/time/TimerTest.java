package dev.go4j.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.Go;
import dev.go4j.chan.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Go's {@code time.Timer} rules (Go 1.23 semantics), on a manual clock: nothing here sleeps. */
class TimerTest {
    private static final Instant T0 = Instant.parse("2009-11-10T23:00:00Z");
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final ManualClock clock = new ManualClock();

    @Test
    void timerSendsTheTimeOnceAfterItsDelay() {
        Timer t = clock.newTimer(Duration.ofSeconds(3));
        clock.advance(Duration.ofMillis(2999));
        assertThat(t.c().tryReceive()).isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(t.c().tryReceive()).isEqualTo(T0.plusSeconds(3));
        clock.advance(Duration.ofHours(1));
        assertThat(t.c().tryReceive()).as("a timer fires once").isNull();
    }

    @Test
    void timerSendsItsDeadlineEvenWhenTheClockJumpsPastIt() {
        Timer t = clock.newTimer(SECOND);
        clock.advance(Duration.ofMinutes(1));
        assertThat(t.c().tryReceive()).isEqualTo(T0.plusSeconds(1));
        assertThat(clock.now()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void zeroOrNegativeDelayFiresAtOnce() {
        assertThat(clock.newTimer(Duration.ZERO).c().tryReceive()).isEqualTo(T0);
        assertThat(clock.newTimer(Duration.ofSeconds(-5)).c().tryReceive()).isEqualTo(T0);
    }

    @Test
    void timerChannelHasOneSlotAndIsNeverClosed() {
        Timer t = clock.newTimer(SECOND);
        assertThat(t.c().capacity()).isEqualTo(1);
        clock.advance(SECOND);
        assertThat(t.c().size()).isEqualTo(1);
        t.c().tryReceive();
        assertThat(t.c().isClosed()).isFalse();
    }

    @Test
    void stopBeforeFiringReturnsTrueAndTheTimerNeverFires() {
        Timer t = clock.newTimer(SECOND);
        assertThat(t.stop()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(t.c().tryReceive()).isNull();
    }

    @Test
    void stopAfterTheValueWasReceivedReturnsFalse() {
        Timer t = clock.newTimer(SECOND);
        clock.advance(SECOND);
        assertThat(t.c().tryReceive()).isNotNull();
        assertThat(t.stop()).isFalse();
    }

    @Test
    void stopAfterFiringButBeforeReceiveReturnsTrueAndDiscardsTheValue() {
        // Go 1.23: "any receive from t.C after Stop has returned is guaranteed to block rather than
        // receive a stale time value"; Stop reports the timer as stopped, since nobody saw it fire.
        Timer t = clock.newTimer(SECOND);
        clock.advance(SECOND);
        assertThat(t.stop()).isTrue();
        assertThat(t.c().tryReceive()).isNull();
    }

    @Test
    void stopTwiceReturnsFalseTheSecondTime() {
        Timer t = clock.newTimer(SECOND);
        assertThat(t.stop()).isTrue();
        assertThat(t.stop()).isFalse();
    }

    @Test
    void stoppedTimerHoldsNothingInTheClock() {
        for (int i = 0; i < 1000; i++) {
            clock.newTimer(Duration.ofHours(1)).stop();
        }
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void resetOfArmedTimerReturnsTrueAndMovesTheDeadline() {
        Timer t = clock.newTimer(SECOND);
        clock.advance(Duration.ofMillis(500));
        assertThat(t.reset(SECOND)).isTrue();
        clock.advance(Duration.ofMillis(500));
        assertThat(t.c().tryReceive()).as("the old deadline is gone").isNull();
        clock.advance(Duration.ofMillis(500));
        assertThat(t.c().tryReceive()).isEqualTo(T0.plusMillis(1500));
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void resetAfterTheValueWasReceivedReturnsFalseAndFiresAgain() {
        Timer t = clock.newTimer(SECOND);
        clock.advance(SECOND);
        t.c().tryReceive();
        assertThat(t.reset(SECOND)).isFalse();
        clock.advance(SECOND);
        assertThat(t.c().tryReceive()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void resetDiscardsAValueFromBeforeTheReset() {
        Timer t = clock.newTimer(SECOND);
        clock.advance(SECOND); // fired, not received
        assertThat(t.reset(SECOND)).isTrue();
        assertThat(t.c().tryReceive()).as("no stale value after Reset").isNull();
        clock.advance(SECOND);
        assertThat(t.c().tryReceive()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void resetOfStoppedTimerReturnsFalseAndArmsIt() {
        Timer t = clock.newTimer(SECOND);
        t.stop();
        assertThat(t.reset(Duration.ofSeconds(2))).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(t.c().tryReceive()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void afterDeliversTheTimeOnce() {
        var c = clock.after(SECOND);
        clock.advance(Duration.ofSeconds(10));
        assertThat(c.tryReceive()).isEqualTo(T0.plusSeconds(1));
        assertThat(c.tryReceive()).isNull();
    }

    @Test
    void afterFuncCallsTheFunctionInItsOwnGoroutine() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        clock.afterFunc(SECOND, () -> ranOn.set(Thread.currentThread()));
        clock.advance(SECOND);
        await().until(() -> ranOn.get() != null);
        assertThat(ranOn.get().isVirtual()).isTrue();
        assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
    }

    @Test
    void afterFuncStopBeforeFiringReturnsTrueAndTheFunctionNeverRuns() throws Exception {
        Channel<Boolean> ran = Channel.make(1);
        Timer t = clock.afterFunc(SECOND, () -> ran.trySend(true));
        assertThat(t.stop()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        // No sleeping to prove a negative: the stopped timer left no task in the clock that could run.
        assertThat(clock.pendingTimers()).isZero();
        assertThat(ran.tryReceive()).isNull();
    }

    @Test
    void afterFuncStopAfterTheFunctionStartedReturnsFalse() throws Exception {
        Channel<Boolean> ran = Channel.make(1);
        Timer t = clock.afterFunc(SECOND, () -> ran.trySend(true));
        clock.advance(SECOND);
        assertThat(t.stop()).isFalse();
        assertThat(ran.receive(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void afterFuncResetAfterRunSchedulesItAgainAndReturnsFalse() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Timer t = clock.afterFunc(SECOND, runs::incrementAndGet);
        clock.advance(SECOND);
        await().until(() -> runs.get() == 1);
        assertThat(t.reset(SECOND)).isFalse();
        clock.advance(SECOND);
        await().until(() -> runs.get() == 2);
    }

    @Test
    void afterFuncResetBeforeRunReschedulesAndReturnsTrue() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Timer t = clock.afterFunc(SECOND, runs::incrementAndGet);
        assertThat(t.reset(Duration.ofSeconds(5))).isTrue();
        clock.advance(Duration.ofSeconds(4));
        assertThat(clock.pendingTimers()).isEqualTo(1);
        clock.advance(SECOND);
        await().until(() -> runs.get() == 1);
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void afterFuncTimerChannelIsTheNilChannel() {
        Timer t = clock.afterFunc(SECOND, () -> {});
        assertThat(t.c()).isSameAs(Channel.nil());
    }

    @Test
    void sleepReturnsWhenTheClockPassesTheDeadline() throws Exception {
        Channel<Instant> woke = Channel.make(1);
        Go.go(() -> {
            clock.sleep(Duration.ofMinutes(5));
            woke.send(clock.now());
        });
        await().until(() -> clock.pendingTimers() == 1);
        clock.advance(Duration.ofMinutes(4));
        assertThat(woke.tryReceive()).isNull();
        clock.advance(Duration.ofMinutes(1));
        assertThat(woke.receive(Duration.ofSeconds(10))).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void sleepOfZeroOrLessReturnsAtOnce() throws Exception {
        clock.sleep(Duration.ZERO);
        clock.sleep(Duration.ofSeconds(-1));
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void interruptedSleepReleasesItsTimer() throws Exception {
        Channel<Boolean> interrupted = Channel.make(1);
        Thread sleeper = Go.go(() -> {
            try {
                clock.sleep(Duration.ofHours(1));
            } catch (InterruptedException e) {
                interrupted.send(true);
            }
        });
        await().until(() -> clock.pendingTimers() == 1);
        sleeper.interrupt();
        assertThat(interrupted.receive(Duration.ofSeconds(10))).isTrue();
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void nullArgumentsThrowNamingTheArgument() {
        assertThatThrownBy(() -> clock.newTimer(null)).isInstanceOf(NullPointerException.class).hasMessage("delay");
        assertThatThrownBy(() -> clock.afterFunc(SECOND, null)).isInstanceOf(NullPointerException.class).hasMessage("fn");
        assertThatThrownBy(() -> clock.afterFunc(null, () -> {})).isInstanceOf(NullPointerException.class).hasMessage("delay");
        assertThatThrownBy(() -> clock.newTimer(SECOND).reset(null)).isInstanceOf(NullPointerException.class).hasMessage("delay");
        assertThatThrownBy(() -> clock.sleep(null)).isInstanceOf(NullPointerException.class).hasMessage("d");
    }

    @Test
    void toStringShowsTheState() {
        Timer t = clock.newTimer(SECOND);
        assertThat(t).hasToString("Timer[armed, " + clock + "]");
        t.stop();
        assertThat(t.toString()).startsWith("Timer[stopped");
    }

    // ---------------------------------------------------------------- stop and reset racing

    /**
     * Go 1.23 runs each Stop and Reset as one critical section. From a fired timer whose value was
     * not received, a stop racing a reset has two sequential outcomes: stop then reset (stop true,
     * reset false, the timer armed again) or reset then stop (both true, the timer stopped). A stop
     * that slipped between the reset's CAS and its drain gave stop true, reset false and a stopped
     * timer: no value ever came, and a receiver waited forever. The race is narrow, so it runs for
     * many rounds; the JCStress test {@code TimerStopResetVsReset} explores it.
     */
    @Test
    void stopRacingResetIsOneOfTheTwoSequentialOrders() throws Exception {
        final int rounds = 150_000;
        Timer[] timers = new Timer[1];
        boolean[] stopped = new boolean[1];
        java.util.concurrent.atomic.AtomicInteger phase = new java.util.concurrent.atomic.AtomicInteger();
        AtomicInteger broken = new AtomicInteger();
        Thread stopper = Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; i < rounds; i++) {
                awaitPhase(phase, 2 * i + 1);
                long until = System.nanoTime() + (i % 48) * 5L; // slide stop() across the reset
                while (System.nanoTime() - until < 0L) {
                    Thread.onSpinWait();
                }
                stopped[0] = timers[0].stop();
                phase.set(2 * i + 2);
            }
        });
        try {
            for (int i = 0; i < rounds; i++) {
                Timer t = clock.newTimer(SECOND);
                clock.advance(SECOND); // fired: its value waits in the channel
                timers[0] = t;
                phase.set(2 * i + 1);
                boolean reset = t.reset(Duration.ofHours(1));
                awaitPhase(phase, 2 * i + 2);
                boolean stop = stopped[0];
                boolean stopThenReset = stop && !reset && t.isArmed();
                boolean resetThenStop = stop && reset && !t.isArmed();
                if (!(stopThenReset || resetThenStop) || t.c().tryReceive() != null) {
                    broken.incrementAndGet();
                }
                t.stop();
            }
        } finally {
            stopper.join(Duration.ofSeconds(30));
        }
        assertThat(broken).as("rounds with no sequential explanation").hasValue(0);
    }

    /** Spins until {@code phase} reaches {@code value}, yielding now and then: the rounds last microseconds. */
    private static void awaitPhase(java.util.concurrent.atomic.AtomicInteger phase, int value) {
        for (int spins = 0; phase.get() < value; spins++) {
            if ((spins & 1023) == 1023) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
