package dev.go4j.examples.singleflight;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.singleflight.SingleFlight;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The singleflight page in one program: three callers ask for the same key while its load is in
 * flight; the load runs once and all three share its result; once the flight has landed, the next
 * call loads again.
 *
 * <p>Go twin: {@code Example_singleflight} in {@code go/singleflight/example_test.go}; both print the
 * same lines.
 */
public final class SingleFlightExample {

    private SingleFlightExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting for a flight
     * @throws ExecutionException if a load fails (it does not)
     */
    public static void main(String[] args) throws InterruptedException, ExecutionException {
        SingleFlight<String, String> g = new SingleFlight<>();
        AtomicInteger loads = new AtomicInteger();
        Channel<Boolean> release = Channel.make();
        Callable<String> load = () -> {
            loads.incrementAndGet();
            release.receiveOrNull(); // still in flight while the other callers arrive
            return "profile of user 1";
        };
        var first = g.doChan("user:1", load); // leads the flight: load runs in a new virtual thread
        var second = g.doChan("user:1", load); // joins it: load does not run again
        var third = g.doChan("user:1", load);
        release.close();
        for (ReceiveChannel<SingleFlight.Result<String>> ch : List.of(first, second, third)) {
            SingleFlight.Result<String> r = ch.receive();
            System.out.println(r.value() + " " + text(r.error()) + " " + r.shared());
        }
        System.out.println("loads: " + loads.get());

        SingleFlight.Result<String> r = g.doCall("user:1", () -> { // the flight has landed: a new one
            loads.incrementAndGet();
            return "fresh profile";
        });
        System.out.println(r.value() + " " + text(r.error()) + " " + r.shared());
        System.out.println("loads: " + loads.get());
    }

    /** Go's {@code fmt.Println(err)}: the message, or {@code <nil>}. */
    private static String text(Throwable err) {
        return err == null ? "<nil>" : err.getMessage();
    }
}
