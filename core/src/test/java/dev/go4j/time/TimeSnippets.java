package dev.go4j.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.go4j.Go;
import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.chan.Select;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of the time package; each one runs here. */
class TimeSnippets {

    // @start region=clock
    /** Waits for a reply for at most two seconds of {@code clock} time. */
    static String replyOrTimeout(Clock clock, ReceiveChannel<String> replies) throws InterruptedException {
        Timer deadline = clock.newTimer(Duration.ofSeconds(2));     // timer := time.NewTimer(2 * time.Second)
        try {                                                       // defer timer.Stop()
            return new Select<String>()                             // select {
                    .onReceive(replies, reply -> reply)             // case reply := <-replies: return reply
                    .onReceive(deadline.c(), t -> "timed out")      // case <-timer.C: return "timed out"
                    .run();                                         // }
        } finally {
            deadline.stop();
        }
    }

    @Test
    void replyOrTimeoutOnAManualClock() throws Exception {
        ManualClock clock = new ManualClock();
        Channel<String> replies = Channel.make();
        AtomicReference<String> result = new AtomicReference<>();
        Go.go(() -> result.set(replyOrTimeout(clock, replies)));
        await().until(() -> clock.pendingTimers() == 1);           // the worker is waiting
        clock.advance(Duration.ofSeconds(2));                      // two seconds pass, at once
        await().until(() -> "timed out".equals(result.get()));
    }
    // @end

    @Test
    void manualClock() {
        // @start region=manual
        ManualClock clock = new ManualClock();                      // 2009-11-10T23:00:00Z
        Timer timer = clock.newTimer(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(4));
        assertThat(timer.c().tryReceive()).isNull();                // not yet
        clock.advance(Duration.ofSeconds(1));                       // fires inside advance
        assertThat(timer.c().tryReceive()).isEqualTo(Instant.parse("2009-11-10T23:00:05Z"));
        // @end
    }

    @Test
    void idleTimeout() throws Exception {
        ManualClock clock = new ManualClock();
        Channel<String> events = Channel.make(8);
        AtomicInteger handled = new AtomicInteger();
        Channel<Boolean> finished = Channel.make(1);
        Go.go(() -> {
            // @start region=timer
            Duration idleLimit = Duration.ofMinutes(1);
            Timer idle = clock.newTimer(idleLimit);                 // idle := time.NewTimer(idleLimit)
            Select<Boolean> next = new Select<Boolean>()            // for {
                    .onReceive(events, e -> {                       //     select {
                        handled.incrementAndGet();                  //     case e := <-events: handle(e)
                        return true;
                    })
                    .onReceive(idle.c(), t -> false);               //     case <-idle.C: return
            while (next.run()) {                                    //     }
                idle.reset(idleLimit);                              //     idle.Reset(idleLimit): no drain
            }                                                       // }
            // @end
            finished.send(true);
        });
        for (String e : List.of("a", "b", "c")) {
            events.send(e);
        }
        await().until(() -> handled.get() == 3 && clock.pendingTimers() == 1);
        clock.advance(Duration.ofSeconds(59));
        assertThat(finished.tryReceive()).isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(finished.receive(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void ticker() throws Exception {
        ManualClock clock = new ManualClock();
        List<Instant> ticks = new ArrayList<>();
        // @start region=ticker
        try (Ticker ticker = clock.newTicker(Duration.ofSeconds(1))) {  // ticker := time.NewTicker(time.Second)
            for (int i = 0; i < 3; i++) {                                // defer ticker.Stop()
                clock.advance(Duration.ofSeconds(1));                    // (a second passes)
                ticks.add(ticker.c().receive());                         // t := <-ticker.C
            }
        }
        // @end
        assertThat(ticks).containsExactly(
                Instant.parse("2009-11-10T23:00:01Z"),
                Instant.parse("2009-11-10T23:00:02Z"),
                Instant.parse("2009-11-10T23:00:03Z"));
        assertThat(clock.pendingTimers()).isZero();
    }
}
