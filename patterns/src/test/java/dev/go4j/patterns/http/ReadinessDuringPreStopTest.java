package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.patterns.shutdown.Shutdown;
import dev.go4j.patterns.shutdown.ShutdownReport;
import dev.go4j.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes' order of events: after SIGTERM the readiness endpoint answers 503 at once, while the
 * pre-stop delay keeps serving real traffic until the load balancer has caught up; only then does
 * the server stop.
 */
class ReadinessDuringPreStopTest {

    @Test
    void readinessFlipsFirstTrafficIsStillServedDuringThePreStopDelayThenTheServerStops() throws Exception {
        ManualClock clock = new ManualClock();
        Shutdown shutdown = Shutdown.builder().clock(clock).preStopDelay(Duration.ofSeconds(5)).build();
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (HttpTesting t = HttpTesting.serve(ex -> {
            if (ex.getRequestURI().getPath().equals("/long")) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            HttpTesting.reply(ex, 200, "work");
        })) {
            t.server.handle("/ready", Server.readiness(shutdown::isReady));
            shutdown.onDrain("http", t.server::shutdown);
            assertThat(t.get("/ready").statusCode()).isEqualTo(200);

            CompletableFuture<ShutdownReport> report = CompletableFuture.supplyAsync(shutdown::run);
            await().until(() -> clock.pendingTimers() == 1); // in the pre-stop delay
            assertThat(t.get("/ready").statusCode()).isEqualTo(503);
            assertThat(t.get("/work").statusCode()).isEqualTo(200); // still serving

            CompletableFuture<java.net.http.HttpResponse<String>> inFlight = t.client.sendAsync(
                    t.request("/long").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            entered.await();

            clock.advance(Duration.ofSeconds(5));
            await().until(() -> t.server.toString().contains("stopping"));
            release.countDown(); // the drain (on the manual clock) waits for it
            assertThat(inFlight.join().statusCode()).isEqualTo(200);
            assertThat(report.join().clean()).isTrue();
            assertThatThrownBy(() -> t.get("/work")).isInstanceOf(IOException.class);
        }
    }
}
