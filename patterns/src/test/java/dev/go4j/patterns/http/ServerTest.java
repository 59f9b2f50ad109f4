package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Go's {@code srv.Shutdown(ctx)} on the JDK server: refuse new requests, return as soon as the
 * in-flight exchanges finish (not after a fixed delay), or when the context ends.
 */
class ServerTest {
    /** A deadline far beyond any test: returning well before it proves nothing waited for it. */
    private static final Duration FAR = Duration.ofMinutes(10);
    private static final Duration PROMPT = Duration.ofSeconds(30);

    private static boolean shutdownWithin(Server server, Duration deadline) throws InterruptedException {
        try (CancelableContext ctx = Context.withTimeout(Context.background(), deadline)) {
            return server.shutdown(ctx);
        }
    }

    @Test
    void anIdleServerShutsDownAtOnceNotAfterTheDelay() {
        // JDK-8304065: HttpServer.stop(delay) waited the whole delay on an idle server.
        try (HttpTesting t = HttpTesting.serve(HttpTesting.ok(() -> "ok"))) {
            assertTimeoutPreemptively(PROMPT, () -> assertThat(shutdownWithin(t.server, FAR)).isTrue());
        }
    }

    @Test
    void shutdownWaitsForTheExchangeInFlightAndReturnsWhenItFinishes() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (HttpTesting t = HttpTesting.serve(ex -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            HttpTesting.reply(ex, 200, "x".repeat(10_000));
        })) {
            CompletableFuture<HttpResponse<String>> call = t.client.sendAsync(t.request("/").build(),
                    HttpResponse.BodyHandlers.ofString());
            entered.await();
            CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> {
                try {
                    return shutdownWithin(t.server, FAR);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(t.server.inFlight()).isEqualTo(1);
            assertThat(shutdown).isNotDone();
            release.countDown();
            assertTimeoutPreemptively(PROMPT, () -> assertThat(shutdown.join()).isTrue());
            HttpResponse<String> r = call.join();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).hasSize(10_000); // the accepted request got its whole response
        }
    }

    @Test
    void afterAHandlerThrewShutdownStillReturnsAtOnce() {
        // JDK-8377302: the JDK's own count missed exchanges whose handler threw.
        try (HttpTesting t = HttpTesting.serve(ex -> {
            throw new IllegalStateException("handler bug");
        })) {
            assertThatThrownBy(() -> t.get("/")).isInstanceOf(IOException.class);
            assertTimeoutPreemptively(PROMPT, () -> assertThat(shutdownWithin(t.server, FAR)).isTrue());
        }
    }

    @Test
    void whenTheDeadlinePassesFirstShutdownReturnsFalseAndInterruptsTheHandler() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        try (HttpTesting t = HttpTesting.serve(ex -> {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        })) {
            CompletableFuture<HttpResponse<String>> call = t.client.sendAsync(t.request("/").build(),
                    HttpResponse.BodyHandlers.ofString());
            entered.await();
            assertTimeoutPreemptively(PROMPT,
                    () -> assertThat(shutdownWithin(t.server, Duration.ofMillis(300))).isFalse());
            await().untilTrue(interrupted);
            assertThat(call).failsWithin(PROMPT);
        }
    }

    @Test
    void requestsAfterShutdownBeganAreRefused() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (HttpTesting t = HttpTesting.serve(ex -> {
            if (ex.getRequestURI().getPath().equals("/slow")) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            HttpTesting.reply(ex, 200, "ok");
        })) {
            assertThat(t.get("/warm").statusCode()).isEqualTo(200); // leaves a kept-alive connection
            CompletableFuture<HttpResponse<String>> slow = t.client.sendAsync(t.request("/slow").build(),
                    HttpResponse.BodyHandlers.ofString());
            entered.await();
            CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> {
                try {
                    return shutdownWithin(t.server, FAR);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().until(() -> t.server.toString().contains("stopping"));
            // New connection: refused by the closed listener; kept-alive one: 503 and closed.
            for (int i = 0; i < 3; i++) {
                try {
                    assertThat(t.get("/after").statusCode()).isEqualTo(503);
                } catch (IOException refused) {
                    // connection refused or closed: refused as well
                }
            }
            release.countDown();
            assertThat(slow.join().statusCode()).isEqualTo(200);
            assertTimeoutPreemptively(PROMPT, () -> assertThat(shutdown.join()).isTrue());
        }
    }

    @Test
    void readinessAnswers200ThenOnceNotReady503() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(true);
        try (HttpTesting t = HttpTesting.serve(Server.readiness(ready::get))) {
            assertThat(t.get("/ready").statusCode()).isEqualTo(200);
            ready.set(false);
            HttpResponse<String> r = t.get("/ready");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("shutting down");
        }
    }

    @Test
    void limitsMapToTheJdkServersProperties() {
        ServerLimits l = new ServerLimits(Duration.ofSeconds(10), Duration.ofMillis(30_500), Duration.ofMinutes(1),
                500);
        assertThat(l.properties()).containsExactly(
                java.util.Map.entry("sun.net.httpserver.maxReqTime", "10"),
                java.util.Map.entry("sun.net.httpserver.maxRspTime", "30"),
                java.util.Map.entry("sun.net.httpserver.idleInterval", "60"),
                java.util.Map.entry("jdk.httpserver.maxConnections", "500"));
        assertThat(ServerLimits.recommended().maxConnections()).isEqualTo(10_000);
        assertThatThrownBy(() -> new ServerLimits(Duration.ofMillis(999), Duration.ofSeconds(1), Duration.ofSeconds(1),
                1)).hasMessageContaining("maxRequestTime");
        assertThatThrownBy(() -> new ServerLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                0)).hasMessageContaining("maxConnections");
    }

    @Test
    void nullArgumentsAreNamed() {
        AtomicReference<Server> s = new AtomicReference<>();
        assertThatThrownBy(() -> Server.create(null)).hasMessage("address");
        assertThatThrownBy(() -> Server.readiness(null)).hasMessage("ready");
        assertThat(s.get()).isNull();
    }
}
