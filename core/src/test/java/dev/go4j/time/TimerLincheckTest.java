package dev.go4j.time;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.chan.Channel;
import java.time.Duration;
import java.time.Instant;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model checking of a channel {@link Timer} on a {@link ManualClock}: stops, resets, the
 * clock's advance that fires the timer, and non-blocking receives from its channel, in every
 * interleaving, against Go 1.23's sequential rules:
 * <ul>
 *   <li>a timer fires once per arming, when the clock reaches its deadline; its value waits in the
 *       channel until received;</li>
 *   <li>{@code Stop} returns true if it stopped the timer — not fired yet, or fired with its value not
 *       yet received (the value is then discarded) — and false otherwise;</li>
 *   <li>{@code Reset} re-arms the timer and returns what {@code Stop} would have;</li>
 *   <li>after {@code Stop} or {@code Reset} returns, no value from before the call is received.</li>
 * </ul>
 *
 * <p>Counter-example kept in this file, shown to fail: {@link DrainThenDisarm}, a timer whose stop
 * drains the channel and disarms in two steps, so a firing in between leaves a stale value behind.
 */
@Timeout(180)
public class TimerLincheckTest {

    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(300)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(2)
                .sequentialSpecification(Model.class);
    }

    @Test
    void stopResetFireAndReceiveFollowGo123() {
        options().check(Ops.class);
    }

    @Test
    void aStopThatDrainsThenDisarmsIsCaught() {
        assertThatThrownBy(() -> options().check(DrainThenDisarm.class)).isInstanceOf(LincheckAssertionError.class);
    }

    /** The operations on a real timer, armed for 1 tick when the test starts. */
    @Param(name = "ticks", gen = IntGen.class, conf = "1:2")
    public static class Ops {
        private final ManualClock clock = new ManualClock(Instant.EPOCH);
        private final Timer timer = clock.newTimer(Duration.ofNanos(1));

        @Operation
        public boolean stop() {
            return timer.stop();
        }

        @Operation
        public boolean reset(@Param(name = "ticks") int ticks) {
            return timer.reset(Duration.ofNanos(ticks));
        }

        /** Moves the clock one tick; a due timer fires on this thread. */
        @Operation
        public void tick() {
            clock.advance(Duration.ofNanos(1));
        }

        /** A non-blocking receive: the tick at which the received value fired, or -1 for none. */
        @Operation
        public long receive() {
            Instant v = timer.c().tryReceive();
            return v == null ? -1L : v.getNano();
        }
    }

    /** Go 1.23's timer, sequentially, in ticks. */
    public static class Model {
        private long now;
        private long deadline = 1; // -1: not armed
        private long pending = -1; // the fired value's tick, -1: none

        public boolean stop() {
            boolean stopped = deadline >= 0 || pending >= 0;
            deadline = -1;
            pending = -1;
            return stopped;
        }

        public boolean reset(int ticks) {
            boolean stopped = stop();
            deadline = now + ticks;
            return stopped;
        }

        public void tick() {
            now++;
            if (deadline >= 0 && deadline <= now) {
                pending = deadline;
                deadline = -1;
            }
        }

        public long receive() {
            long v = pending;
            pending = -1;
            return v;
        }
    }

    /**
     * Broken on purpose: the pre-1.23 idiom as the implementation — stop drains the channel, then
     * disarms — in two steps with no lock, so a firing between them leaves its value for a later
     * receive.
     */
    @Param(name = "ticks", gen = IntGen.class, conf = "1:2")
    public static class DrainThenDisarm {
        private final Channel<Long> c = Channel.make(1);
        private volatile long now;
        private volatile long deadline = 1;

        @Operation
        public boolean stop() {
            boolean drained = c.tryReceive() != null;
            boolean armed = deadline >= 0;
            deadline = -1;
            return drained || armed;
        }

        @Operation
        public boolean reset(@Param(name = "ticks") int ticks) {
            boolean stopped = stop();
            deadline = now + ticks;
            return stopped;
        }

        @Operation
        public void tick() {
            long t = ++now;
            long d = deadline;
            if (d >= 0 && d <= t) {
                deadline = -1;
                c.trySend(d);
            }
        }

        @Operation
        public long receive() {
            Long v = c.tryReceive();
            return v == null ? -1L : v;
        }
    }
}
