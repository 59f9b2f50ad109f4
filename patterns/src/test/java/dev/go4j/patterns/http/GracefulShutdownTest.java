package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.patterns.shutdown.Shutdown;
import dev.go4j.patterns.shutdown.ShutdownReport;
import dev.go4j.patterns.shutdown.SignalReceivedException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * End to end: a server under load from many clients, shutdown triggered mid-load through the
 * coordinator. Go's promise for {@code srv.Shutdown}: every accepted request completes, nothing new
 * is accepted, and the call ends by its deadline.
 */
class GracefulShutdownTest {
    private static final int CLIENTS = 16;
    private static final int BODY = 8 * 1024;

    @Test
    void everyAcceptedRequestCompletesEveryLaterOneIsRefusedAndNothingHangs() throws Exception {
        Set<Long> accepted = ConcurrentHashMap.newKeySet();
        Map<Long, String> outcome = new ConcurrentHashMap<>();
        AtomicLong ids = new AtomicLong();
        AtomicInteger completed = new AtomicInteger();
        CountDownLatch loaded = new CountDownLatch(200);
        CountDownLatch gate = new CountDownLatch(1);
        Shutdown shutdown = Shutdown.builder().drainTimeout(Duration.ofSeconds(60)).build();

        try (HttpTesting t = HttpTesting.serve(Middleware.chain(ex -> {
            accepted.add(Long.parseLong(ex.getRequestURI().getQuery().substring(3)));
            for (int spin = ThreadLocalRandom.current().nextInt(20_000); spin > 0; spin--) {
                Thread.onSpinWait();
            }
            if (loaded.getCount() == 0) {
                // Past the warm-up: hold requests so that some are surely in flight at the trigger.
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            HttpTesting.reply(ex, 200, "y".repeat(BODY));
        }, Recovery.create()));
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
                CancelableContext trigger = Context.withCancel(Context.background())) {
            shutdown.onDrain("http", t.server::shutdown).onClose("server", t.server);
            Future<?>[] running = new Future<?>[CLIENTS];
            for (int c = 0; c < CLIENTS; c++) {
                running[c] = clients.submit(() -> {
                    while (true) {
                        long id = ids.incrementAndGet();
                        try {
                            HttpResponse<String> r = t.get("/work?id=" + id);
                            if (r.statusCode() == 200 && r.body().length() == BODY) {
                                outcome.put(id, "complete");
                                completed.incrementAndGet();
                                loaded.countDown();
                            } else if (r.statusCode() == 503) {
                                outcome.put(id, "refused");
                                return null;
                            } else {
                                outcome.put(id, "bad " + r.statusCode() + " " + r.body().length());
                            }
                        } catch (IOException refused) {
                            outcome.put(id, "io: " + refused);
                            return null;
                        }
                    }
                });
            }
            loaded.await(); // mid-load
            await().until(() -> t.server.inFlight() >= 4);
            int inFlightAtTrigger = t.server.inFlight();
            trigger.cancel(new SignalReceivedException("SIGTERM"));
            long t0 = System.nanoTime();
            CompletableFuture<ShutdownReport> shutting = CompletableFuture.supplyAsync(() -> {
                try {
                    return shutdown.runWhenDone(trigger);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, clients);
            await().until(() -> t.server.toString().contains("stopping"));
            gate.countDown(); // the requests in flight finish during the drain
            ShutdownReport report = shutting.join();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(inFlightAtTrigger).isGreaterThanOrEqualTo(4);

            for (Future<?> f : running) {
                f.get(); // every client stopped: each saw a refusal
            }
            assertThat(report.clean()).as(report.toString()).isTrue();
            assertThat(took).isLessThan(Duration.ofSeconds(60)); // nothing hung to the deadline
            for (long id : accepted) {
                assertThat(outcome.get(id)).as("accepted request %d", id).isEqualTo("complete");
            }
            for (Map.Entry<Long, String> e : outcome.entrySet()) {
                if (!e.getValue().equals("complete")) {
                    assertThat(accepted).as("refused request %d (%s) was accepted", e.getKey(), e.getValue())
                            .doesNotContain(e.getKey());
                }
            }
            assertThat(outcome.values()).noneMatch(v -> v.startsWith("bad"));
            assertThat(completed.get()).isGreaterThanOrEqualTo(200);
            // After the shutdown, the port is closed.
            assertThatThrownBy(() -> t.get("/work?id=0")).isInstanceOf(IOException.class);
        }
    }
}
