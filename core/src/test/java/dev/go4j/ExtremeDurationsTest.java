package dev.go4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.DeadlineExceededException;
import dev.go4j.sync.WaitGroup;
import dev.go4j.time.Clock;
import dev.go4j.time.ManualClock;
import dev.go4j.time.Ticker;
import dev.go4j.time.Timer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Duration} argument in core accepts the extremes of {@code Duration} without overflow:
 * a huge one means "practically never", a hugely negative one "now" (Go's rule for timers).
 */
class ExtremeDurationsTest {
    private static final Duration MAX = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    private static final Duration MIN = Duration.ofSeconds(Long.MIN_VALUE);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void waitGroupTimedWaitTakesAnyDuration() throws Exception {
        WaitGroup wg = new WaitGroup();
        assertThat(wg.await(MAX)).isTrue();
        wg.add(1);
        assertThat(wg.await(MIN)).isFalse();
        wg.done();
    }

    @Test
    void timersTakeAnyDuration() throws Exception {
        for (Clock clock : new Clock[] {Clock.system(), new ManualClock()}) {
            Timer never = clock.newTimer(MAX);
            assertThat(never.reset(MAX)).isTrue();
            assertThat(never.stop()).isTrue();
            assertThat(clock.newTimer(MIN).c().receive(PATIENCE)).as("fires at once on " + clock).isNotNull();
            Timer t = clock.newTimer(MAX);
            t.reset(MIN);
            assertThat(t.c().receive(PATIENCE)).isNotNull();
            try (Ticker ticker = clock.newTicker(MAX)) {
                ticker.reset(MAX);
            }
            clock.sleep(MIN);
            assertThat(clock.schedule(MAX, () -> {}).cancel()).isTrue();
        }
    }

    @Test
    void contextsTakeAnyDuration() throws Exception {
        for (Clock clock : new Clock[] {Clock.system(), new ManualClock()}) {
            try (CancelableContext never = Context.withTimeout(Context.background(), MAX, clock)) {
                assertThat(never.err()).isNull();
                assertThat(never.deadline()).contains(Instant.MAX);
                assertThat(never.toString()).contains("WithDeadline");
            }
            CancelableContext past = Context.withTimeout(Context.background(), MIN, clock);
            assertThat(past.err()).isInstanceOf(DeadlineExceededException.class);
            assertThat(past.toString()).contains("WithDeadline");
            Context.sleep(Context.background(), MIN, clock);
        }
    }

    @Test
    void manualClockAdvancesByAnyDurationAndSaturates() {
        ManualClock clock = new ManualClock();
        clock.advance(MAX);
        assertThat(clock.nanoTime()).isEqualTo(Long.MAX_VALUE);
        clock.advance(MAX);
        assertThat(clock.nanoTime()).isEqualTo(Long.MAX_VALUE);
        assertThat(clock.now()).isEqualTo(Instant.parse("2009-11-10T23:00:00Z").plusNanos(Long.MAX_VALUE));
    }
}
