package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link Limiter}, {@link Limit} and {@link Reservation}; each runs here. */
class LimiterSnippets {

    private final List<String> sent = new ArrayList<>();

    private void callPartner(String order) {
        sent.add(order);
    }

    @Test
    void waitExample() throws Exception {
        List<String> orders = List.of("a", "b", "c");
        // @start region=wait
        Limiter partner = new Limiter(Limit.of(10), 5);           // lim := rate.NewLimiter(10, 5)
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(30))) {
            for (String order : orders) {
                partner.wait(ctx);                                // if err := lim.Wait(ctx); err != nil { return err }
                callPartner(order);
            }
        }
        // @end
        assertThat(sent).containsExactly("a", "b", "c");
    }

    @Test
    void styles() {
        // @start region=styles
        ManualClock clock = new ManualClock();
        Limiter lim = new Limiter(Limit.every(Duration.ofMillis(100)), 2, clock);
        long t0 = clock.nanoTime();

        boolean first = lim.allowN(t0, 2);                        // lim.AllowN(t0, 2): true, the burst
        boolean dropped = lim.allowN(t0, 1);                      // false: drop the event

        Reservation r = lim.reserveN(t0, 1);                      // r := lim.ReserveN(t0, 1)
        Duration delay = r.delayFrom(t0);                         // 100ms: the token is borrowed from t0+100ms

        clock.advance(Duration.ofMillis(250));
        double tokens = lim.tokens();                             // 1.5: 2.5 earned, 1 owed
        // @end
        assertThat(first).isTrue();
        assertThat(dropped).isFalse();
        assertThat(delay).isEqualTo(Duration.ofMillis(100));
        assertThat(tokens).isCloseTo(1.5, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void reserve() throws Exception {
        ManualClock clock = new ManualClock();
        Limiter lim = new Limiter(Limit.of(10), 1, clock);
        lim.allow();
        boolean stillWanted = false;
        // @start region=reserve
        Reservation r = lim.reserve();                            // r := lim.Reserve()
        if (!r.ok()) {
            return;                                               // more than the burst: never possible
        }
        if (stillWanted) {
            clock.sleep(r.delay());                               // time.Sleep(r.Delay())
            act();
        } else {
            r.cancel();                                           // r.Cancel(): the token goes back
        }
        // @end
        assertThat(lim.tokens()).isEqualTo(0.0);
    }

    private void act() {
        sent.add("acted");
    }

    @Test
    void limit() {
        // @start region=limit
        Limit tenPerSecond = Limit.of(10);                        // rate.Limit(10)
        Limit onePerMinute = Limit.every(Duration.ofMinutes(1));  // rate.Every(time.Minute)
        Limit unlimited = Limit.INF;                              // rate.Inf
        // @end
        assertThat(tenPerSecond.perSecond()).isEqualTo(10.0);
        assertThat(onePerMinute.perSecond()).isEqualTo(1.0 / 60);
        assertThat(unlimited.isInf()).isTrue();
    }
}
