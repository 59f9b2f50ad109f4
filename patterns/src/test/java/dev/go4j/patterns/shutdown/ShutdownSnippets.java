package dev.go4j.patterns.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.patterns.http.Server;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link SignalContext} and {@link Shutdown}. */
class ShutdownSnippets {

    static ShutdownReport service(Context trigger) throws Exception {
        // @start region=service
        Server server = Server.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Shutdown shutdown = Shutdown.builder()
                .preStopDelay(Duration.ZERO)          // a few seconds in Kubernetes
                .drainTimeout(Duration.ofSeconds(20)) // one deadline for every drain step
                .stepTimeout(Duration.ofSeconds(5))   // each close step
                .build();
        server.handle("/ready", Server.readiness(shutdown::isReady))
                .handle("/", ex -> ex.close())
                .start();
        shutdown.onDrain("http", server::shutdown);   // Go: srv.Shutdown(ctx)
        shutdown.onClose("server", server);           // anything AutoCloseable, last opened closed first
        ShutdownReport report = shutdown.runWhenDone(trigger); // Go: <-ctx.Done()
        // @end
        return report;
    }

    @Test
    void service() throws Exception {
        try (CancelableContext trigger = Context.withCancel(Context.background())) {
            trigger.cancel(new SignalReceivedException("SIGTERM"));
            assertThat(service(trigger).clean()).isTrue();
        }
    }

    static void notifyExample(Runnable serve) throws Exception {
        // @start region=notify
        // Go: ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
        //     defer stop()
        try (SignalContext sc = SignalContext.notifyContext(Context.background(), "INT", "TERM")) {
            Context ctx = sc.context();
            serve.run();                                 // start serving with ctx
            ctx.done().receiveOrNull();                  // <-ctx.Done()
            Throwable why = Context.cause(ctx);          // "received signal SIGTERM"
            assertThat(why).isInstanceOf(SignalReceivedException.class);
        }
        // @end
    }

    @Test
    void notifyExampleWithAFakeSignal() throws Exception {
        // The real signal is sent in SignalChildJvmTest; here the serve step raises it by hand.
        SignalContextTest.FakeSignals fake = new SignalContextTest.FakeSignals();
        try (SignalContext sc = SignalContext.notifyContext(Context.background(), fake, code -> {}, "TERM")) {
            fake.send("TERM");
            assertThat(Context.cause(sc.context())).hasMessage("received signal SIGTERM");
        }
    }
}
