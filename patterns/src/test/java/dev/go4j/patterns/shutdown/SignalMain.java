package dev.go4j.patterns.shutdown;

import dev.go4j.context.Context;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A child JVM for {@link SignalChildJvmTest}: waits for SIGTERM through {@link SignalContext}, then
 * shuts down through {@link Shutdown}. With the argument {@code hang}, a close step never ends, so
 * only a second signal can end the process.
 */
public final class SignalMain {
    private SignalMain() {}

    /**
     * Runs the child.
     *
     * @param args {@code ok} or {@code hang}
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        boolean hang = args.length > 0 && args[0].equals("hang");
        try (SignalContext sc = SignalContext.notifyContext(Context.background(), "INT", "TERM")) {
            Shutdown shutdown = Shutdown.builder().stepTimeout(Duration.ofMinutes(5)).build();
            shutdown.onClose("resource", () -> {
                if (hang) {
                    System.out.println("stopping");
                    System.out.flush();
                    new CountDownLatch(1).await();
                }
                System.out.println("closed resource");
            });
            System.out.println("ready");
            System.out.flush();
            sc.context().done().receiveOrNull();
            System.out.println("cause=" + Context.cause(sc.context()).getMessage());
            ShutdownReport report = shutdown.runWhenDone(sc.context());
            System.out.println("clean=" + report.clean());
        }
    }
}
