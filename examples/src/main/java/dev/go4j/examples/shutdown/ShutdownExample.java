package dev.go4j.examples.shutdown;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.patterns.shutdown.Shutdown;
import dev.go4j.patterns.shutdown.ShutdownReport;
import java.io.IOException;
import java.time.Duration;

/**
 * The shutdown page in one program: readiness goes false when the shutdown starts; the listener stops
 * accepting, in-flight work drains, and the resources close last-in first-out, each under its own
 * timeout; the report says how each step ended. A cancelled context stands in for
 * {@code SignalContext.notifyContext(ctx, "TERM")}.
 *
 * <p>Go twin: {@code Example_shutdown} in {@code go/shutdown/example_test.go}; both print the same lines.
 */
public final class ShutdownExample {

    private ShutdownExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting for the trigger
     */
    public static void main(String[] args) throws InterruptedException {
        Shutdown shutdown = Shutdown.builder()
                .stepTimeout(Duration.ofSeconds(1)) // ample for the quick steps, even on a busy machine
                .build()
                .onStopAccepting("listener", ctx -> System.out.println("stop accepting"))
                .onDrain("requests", ctx -> System.out.println("drain in-flight requests"))
                .onClose("database", () -> System.out.println("close database"))
                .onCloseStep("cache", ctx -> {
                    System.out.println("flush cache");
                    throw new IOException("flush failed");
                })
                .onCloseStep("metrics", ctx -> {
                    ctx.done().receiveOrNull(); // a step that hangs is cut off at its timeout
                    throw ctx.err();
                });

        CancelableContext signal = Context.withCancel(Context.background());
        System.out.println("ready: " + shutdown.isReady());
        signal.cancel(); // SIGTERM
        ShutdownReport report = shutdown.runWhenDone(signal); // the main thread waits here, then shuts down
        System.out.println("ready: " + shutdown.isReady());
        for (ShutdownReport.Step s : report.steps()) {
            if (s.outcome() == ShutdownReport.Outcome.FAILED) {
                System.out.println(s.name() + " " + s.phase() + " " + s.outcome() + " " + s.failure().getMessage());
            } else {
                System.out.println(s.name() + " " + s.phase() + " " + s.outcome());
            }
        }
        System.out.println("clean: " + report.clean());
    }
}
