package dev.go4j.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Go's {@code time.Ticker} and {@code time.Tick} rules (Go 1.23 semantics), on a manual clock. */
class TickerTest {
    private static final Instant T0 = Instant.parse("2009-11-10T23:00:00Z");
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final ManualClock clock = new ManualClock();

    @Test
    void tickerTicksEveryPeriodStartingOnePeriodFromNow() {
        Ticker t = clock.newTicker(SECOND);
        assertThat(t.c().tryReceive()).isNull();
        for (int i = 1; i <= 5; i++) {
            clock.advance(SECOND);
            assertThat(t.c().tryReceive()).isEqualTo(T0.plusSeconds(i));
        }
    }

    @Test
    void slowReceiverMissesTicksAndTheSlotKeepsTheFirstUnreceived() {
        Ticker t = clock.newTicker(SECOND);
        clock.advance(Duration.ofSeconds(10));
        assertThat(t.c().tryReceive()).isEqualTo(T0.plusSeconds(1));
        assertThat(t.c().tryReceive()).as("nine ticks were dropped").isNull();
        clock.advance(SECOND);
        assertThat(t.c().tryReceive()).as("back on the original schedule").isEqualTo(T0.plusSeconds(11));
    }

    @Test
    void ticksStayOnTheirScheduleWhatEverTheReceiverDoes() {
        Ticker t = clock.newTicker(Duration.ofMillis(300));
        clock.advance(Duration.ofMillis(400));
        assertThat(t.c().tryReceive()).isEqualTo(T0.plusMillis(300));
        clock.advance(Duration.ofMillis(200));
        assertThat(t.c().tryReceive()).isEqualTo(T0.plusMillis(600));
    }

    @Test
    void stopEndsTheTicksWithoutClosingTheChannel() {
        Ticker t = clock.newTicker(SECOND);
        clock.advance(SECOND);
        t.stop();
        assertThat(t.c().tryReceive()).as("no tick from before Stop is received after it").isNull();
        clock.advance(Duration.ofMinutes(1));
        assertThat(t.c().tryReceive()).isNull();
        assertThat(t.c().isClosed()).isFalse();
        assertThat(clock.pendingTimers()).isZero();
        t.stop(); // harmless
    }

    @Test
    void closeStopsTheTickerSoTryWithResourcesIsDeferStop() {
        Ticker kept;
        try (Ticker t = clock.newTicker(SECOND)) {
            kept = t;
            assertThat(clock.pendingTimers()).isEqualTo(1);
        }
        assertThat(clock.pendingTimers()).isZero();
        clock.advance(SECOND);
        assertThat(kept.c().tryReceive()).isNull();
    }

    @Test
    void resetChangesThePeriodAndTheNextTickIsOneNewPeriodAway() {
        Ticker t = clock.newTicker(SECOND);
        clock.advance(Duration.ofMillis(500));
        t.reset(Duration.ofSeconds(2));
        clock.advance(Duration.ofMillis(1500));
        assertThat(t.c().tryReceive()).isNull();
        clock.advance(Duration.ofMillis(500));
        assertThat(t.c().tryReceive()).isEqualTo(T0.plusMillis(2500));
        clock.advance(Duration.ofSeconds(2));
        assertThat(t.c().tryReceive()).isEqualTo(T0.plusMillis(4500));
    }

    @Test
    void resetRestartsAStoppedTicker() {
        Ticker t = clock.newTicker(SECOND);
        t.stop();
        t.reset(SECOND);
        clock.advance(SECOND);
        assertThat(t.c().tryReceive()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void resetDiscardsATickFromBeforeTheReset() {
        Ticker t = clock.newTicker(SECOND);
        clock.advance(SECOND);
        t.reset(SECOND);
        assertThat(t.c().tryReceive()).isNull();
    }

    @Test
    void nonPositivePeriodThrowsWithGosPanicMessage() {
        assertThatThrownBy(() -> clock.newTicker(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-positive interval for NewTicker");
        assertThatThrownBy(() -> clock.newTicker(Duration.ofSeconds(-1)))
                .hasMessageContaining("non-positive interval for NewTicker");
        Ticker t = clock.newTicker(SECOND);
        assertThatThrownBy(() -> t.reset(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-positive interval for Ticker.Reset");
        assertThatThrownBy(() -> clock.newTicker(null)).isInstanceOf(NullPointerException.class).hasMessage("period");
    }

    @Test
    void tickReturnsTheNilChannelForANonPositivePeriod() {
        assertThat(clock.tick(Duration.ZERO)).isSameAs(Channel.nil());
        assertThat(clock.tick(Duration.ofSeconds(-1))).isSameAs(Channel.nil());
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void tickTicksLikeATicker() {
        ReceiveChannel<Instant> c = clock.tick(SECOND);
        clock.advance(SECOND);
        assertThat(c.tryReceive()).isEqualTo(T0.plusSeconds(1));
        clock.advance(SECOND);
        assertThat(c.tryReceive()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void tickTickerIsReleasedOnceItsChannelIsGarbage() {
        // Go 1.23: "the garbage collector can recover unreferenced tickers, even if they haven't been
        // stopped". Here the clock holds the channel weakly; the next tick after it is collected stops.
        clock.tick(SECOND);
        assertThat(clock.pendingTimers()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc();
            clock.advance(SECOND);
            return clock.pendingTimers() == 0;
        });
    }

    @Test
    void toStringShowsTheState() {
        Ticker t = clock.newTicker(SECOND);
        assertThat(t.toString()).startsWith("Ticker[running");
        t.stop();
        assertThat(t.toString()).startsWith("Ticker[stopped");
    }
}
