package dev.go4j.examples.time;

import dev.go4j.chan.Channel;
import dev.go4j.time.Ticker;
import dev.go4j.time.Timer;
import java.time.Duration;

/**
 * The time page in one program: {@code stop} reports whether it stopped the timer, {@code reset}
 * re-arms it, a ticker delivers ticks until stopped, {@code afterFunc} runs a function in its own
 * virtual thread, and {@code after} is a one-shot channel.
 *
 * <p>Go twin: {@code Example_time} in {@code go/time/example_test.go}; both print the same lines.
 */
public final class TimeExample {

    private TimeExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting on a timer's channel
     */
    public static void main(String[] args) throws InterruptedException {
        Timer timer = Timer.newTimer(Duration.ofHours(1));
        System.out.println("stop before it fires: " + timer.stop());
        System.out.println("stop again: " + timer.stop());
        timer.reset(Duration.ofMillis(1)); // stopped and drained: safe to reset
        timer.c().receive();
        System.out.println("fired after reset");

        try (Ticker ticker = Ticker.newTicker(Duration.ofMillis(2))) { // close() is Go's ticker.Stop()
            for (int i = 1; i <= 3; i++) {
                ticker.c().receive();
                System.out.println("tick " + i);
            }
        }

        Channel<String> done = Channel.make();
        Timer.afterFunc(Duration.ofMillis(1), () -> {
            try {
                done.send("AfterFunc ran");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        System.out.println(done.receive());

        Timer.after(Duration.ofMillis(1)).receive();
        System.out.println("After delivered");
    }
}
