package dev.go4j.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The test clock: time moves only in {@link ManualClock#advance}, and due tasks run there, in order. */
class ManualClockTest {
    private static final Instant T0 = Instant.parse("2009-11-10T23:00:00Z");

    private final ManualClock clock = new ManualClock();
    private final List<String> log = new ArrayList<>();

    @Test
    void startsAtTheGoPlaygroundTimeWithMonotonicZero() {
        assertThat(clock.now()).isEqualTo(T0);
        assertThat(clock.nanoTime()).isZero();
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        assertThat(new ManualClock(start).now()).isEqualTo(start);
    }

    @Test
    void advanceMovesWallAndMonotonicTimeTogether() {
        clock.advance(Duration.ofMillis(1500));
        assertThat(clock.now()).isEqualTo(T0.plusMillis(1500));
        assertThat(clock.nanoTime()).isEqualTo(1_500_000_000L);
        clock.advance(Duration.ZERO);
        assertThat(clock.nanoTime()).isEqualTo(1_500_000_000L);
    }

    @Test
    void dueTasksRunInDeadlineOrderEachWithTheClockAtItsDeadline() {
        clock.schedule(Duration.ofSeconds(3), () -> log.add("c@" + clock.nanoTime()));
        clock.schedule(Duration.ofSeconds(1), () -> log.add("a@" + clock.nanoTime()));
        clock.schedule(Duration.ofSeconds(2), () -> log.add("b@" + clock.nanoTime()));
        clock.schedule(Duration.ofSeconds(9), () -> log.add("late"));
        clock.advance(Duration.ofSeconds(5));
        assertThat(log).containsExactly("a@1000000000", "b@2000000000", "c@3000000000");
        assertThat(clock.nanoTime()).isEqualTo(5_000_000_000L);
        assertThat(clock.pendingTimers()).isEqualTo(1);
    }

    @Test
    void tasksWithTheSameDeadlineRunInTheOrderScheduled() {
        for (int i = 0; i < 20; i++) {
            int n = i;
            clock.schedule(Duration.ofSeconds(1), () -> log.add("t" + n));
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(log).hasSize(20).isSortedAccordingTo((a, b) ->
                Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1))));
    }

    @Test
    void aTaskScheduledByATaskWithinTheSpanRunsInTheSameAdvance() {
        clock.schedule(Duration.ofSeconds(1), () -> {
            log.add("first");
            clock.schedule(Duration.ofSeconds(1), () -> log.add("second@" + clock.now()));
        });
        clock.advance(Duration.ofSeconds(2));
        assertThat(log).containsExactly("first", "second@" + T0.plusSeconds(2));
    }

    @Test
    void aTaskDueNowRunsInsideSchedule() {
        Clock.Scheduled s = clock.schedule(Duration.ZERO, () -> log.add("now"));
        assertThat(log).containsExactly("now");
        assertThat(s.cancel()).isFalse();
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void cancelBeforeTheDeadlinePreventsTheRunAndReleasesTheTask() {
        Clock.Scheduled s = clock.schedule(Duration.ofSeconds(1), () -> log.add("ran"));
        assertThat(clock.pendingTimers()).isEqualTo(1);
        assertThat(s.cancel()).isTrue();
        assertThat(s.cancel()).isFalse();
        assertThat(clock.pendingTimers()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(log).isEmpty();
    }

    @Test
    void cancelAfterTheRunReturnsFalse() {
        Clock.Scheduled s = clock.schedule(Duration.ofSeconds(1), () -> log.add("ran"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(s.cancel()).isFalse();
        assertThat(log).containsExactly("ran");
    }

    @Test
    void negativeAdvanceThrowsBecauseAMonotonicClockNeverGoesBack() {
        assertThatThrownBy(() -> clock.advance(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never goes back");
        assertThatThrownBy(() -> clock.advance(null)).isInstanceOf(NullPointerException.class).hasMessage("d");
        assertThatThrownBy(() -> clock.schedule(null, () -> {})).isInstanceOf(NullPointerException.class).hasMessage("delay");
        assertThatThrownBy(() -> clock.schedule(Duration.ZERO, null)).isInstanceOf(NullPointerException.class).hasMessage("task");
        assertThatThrownBy(() -> new ManualClock(null)).isInstanceOf(NullPointerException.class).hasMessage("start");
    }

    @Test
    void aFailingTaskPropagatesOutOfAdvanceWithTheClockAtItsDeadline() {
        clock.schedule(Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(5))).hasMessage("boom");
        assertThat(clock.nanoTime()).isEqualTo(1_000_000_000L);
        clock.advance(Duration.ofSeconds(4)); // usable afterwards
        assertThat(clock.nanoTime()).isEqualTo(5_000_000_000L);
    }

    @Test
    void hugeDurationsSaturateInsteadOfOverflowing() {
        clock.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> log.add("never"));
        clock.advance(Duration.ofDays(365 * 100));
        assertThat(log).isEmpty();
        assertThat(clock.pendingTimers()).isEqualTo(1);
    }

    @Test
    void toStringShowsTimeAndPendingTimers() {
        clock.schedule(Duration.ofSeconds(1), () -> {});
        assertThat(clock).hasToString("ManualClock[2009-11-10T23:00:00Z, 1 pending]");
    }

    // ---------------------------------------------------------------- stepping timer by timer

    @Test
    void nextTimerDueIsTheEarliestPendingDeadline() {
        assertThat(clock.nextTimerDue()).isEmpty();
        Timer later = clock.newTimer(Duration.ofSeconds(5));
        Timer sooner = clock.newTimer(Duration.ofSeconds(2));
        assertThat(clock.nextTimerDue()).contains(T0.plusSeconds(2));
        sooner.stop();
        assertThat(clock.nextTimerDue()).as("a stopped timer is not pending").contains(T0.plusSeconds(5));
        later.stop();
        assertThat(clock.nextTimerDue()).isEmpty();
    }

    @Test
    void advanceToNextTimerMovesExactlyToItsDeadlineAndRunsWhatIsDueThen() {
        clock.schedule(Duration.ofSeconds(3), () -> log.add("a@" + clock.now()));
        clock.schedule(Duration.ofSeconds(3), () -> log.add("b@" + clock.now()));
        clock.schedule(Duration.ofSeconds(7), () -> log.add("c@" + clock.now()));
        assertThat(clock.advanceToNextTimer()).isTrue();
        assertThat(clock.now()).isEqualTo(T0.plusSeconds(3));
        assertThat(log).containsExactly("a@" + T0.plusSeconds(3), "b@" + T0.plusSeconds(3));
        assertThat(clock.advanceToNextTimer()).isTrue();
        assertThat(clock.now()).isEqualTo(T0.plusSeconds(7));
        assertThat(clock.advanceToNextTimer()).as("nothing pending: the clock stays").isFalse();
        assertThat(clock.now()).isEqualTo(T0.plusSeconds(7));
    }

    @Test
    void advanceToNextTimerFollowsATicker() {
        try (Ticker t = clock.newTicker(Duration.ofMillis(250))) {
            for (int i = 1; i <= 4; i++) {
                assertThat(clock.advanceToNextTimer()).isTrue();
                assertThat(t.c().tryReceive()).isEqualTo(T0.plusMillis(250L * i));
            }
        }
    }

    @Test
    void awaitPendingTimersReturnsOnceAnotherThreadWaitsOnTheClock() throws Exception {
        assertThat(clock.awaitPendingTimers(1, Duration.ZERO)).isFalse();
        CompletableFuture<Instant> slept = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                clock.sleep(Duration.ofMinutes(10));
                slept.complete(clock.now());
            } catch (Throwable e) {
                slept.completeExceptionally(e);
            }
        });
        assertThat(clock.awaitPendingTimers(1, Duration.ofSeconds(30))).isTrue();
        assertThat(clock.nextTimerDue()).contains(T0.plusSeconds(600));
        assertThat(clock.advanceToNextTimer()).isTrue();
        assertThat(slept.get(30, TimeUnit.SECONDS)).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void clockStartedNearTheEndOfTimeSaturates() {
        ManualClock end = new ManualClock(Instant.MAX.minusSeconds(1));
        end.advance(Duration.ofDays(1));
        assertThat(end.now()).isEqualTo(Instant.MAX);
        end.schedule(Duration.ofDays(1), () -> {});
        assertThat(end.nextTimerDue()).isEqualTo(Optional.of(Instant.MAX));
    }
}
