package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.DeadlineExceededException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Go's "fetch N URLs concurrently with a timeout", against local servers that delay, fail and hang on
 * purpose: every URL gets a result, in order, by the deadline, within the concurrency bounds.
 */
class FetcherTest {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<HttpTesting> servers = new ArrayList<>();
    private Set<Thread> threadsBefore;

    /** /ok, /fail, /hang, /big, /slow?ms=N: one behaviour per path. */
    private final HttpHandler misbehaving = ex -> {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean counted = true;
        try {
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/fail" -> HttpTesting.reply(ex, 500, "broken");
                case "/hang" -> {
                    try {
                        new CountDownLatch(1).await(); // until the server closes and interrupts it
                    } catch (InterruptedException e) {
                        ex.close();
                    }
                }
                case "/big" -> {
                    ex.sendResponseHeaders(200, 0);
                    try (ex; OutputStream out = ex.getResponseBody()) {
                        for (int i = 0; i < 64; i++) {
                            out.write(new byte[1024]);
                        }
                    } catch (IOException cancelled) {
                        // the client hung up at its limit
                    }
                }
                case "/slow" -> {
                    if (!slowWork(ex)) {
                        return;
                    }
                    // Leave the count before the reply: once the client has the response it may send
                    // its next request, which must not find this one still counted.
                    counted = false;
                    inFlight.decrementAndGet();
                    HttpTesting.reply(ex, 200, "slow");
                }
                default -> HttpTesting.reply(ex, 200, "ok " + path);
            }
        } finally {
            if (counted) {
                inFlight.decrementAndGet();
            }
        }
    };

    /** The /slow?ms=N work: false if interrupted (the exchange is then closed). */
    private static boolean slowWork(HttpExchange ex) {
        try {
            Thread.sleep(Long.parseLong(ex.getRequestURI().getQuery().substring(3))); // simulated work
            return true;
        } catch (InterruptedException e) {
            ex.close();
            return false;
        }
    }

    @BeforeEach
    void threads() {
        threadsBefore = Thread.getAllStackTraces().keySet();
    }

    @AfterEach
    void stopServers() {
        servers.forEach(HttpTesting::close);
    }

    private HttpTesting server() {
        HttpTesting t = HttpTesting.serve(misbehaving);
        servers.add(t);
        return t;
    }

    private static Fetcher.Builder fetcher() {
        return Fetcher.builder().requestTimeout(Duration.ofSeconds(30));
    }

    @Test
    void everyUrlGetsAResultInInputOrderAndFailuresStayPerUrl() throws Exception {
        HttpTesting s = server();
        URI refused;
        try (ServerSocket closed = new ServerSocket(0)) {
            refused = URI.create("http://127.0.0.1:" + closed.getLocalPort() + "/");
        }
        List<URI> urls = List.of(s.uri("/ok1"), s.uri("/fail"), s.uri("/hang"), s.uri("/big"), refused,
                s.uri("/ok2"));
        try (Fetcher f = fetcher().requestTimeout(Duration.ofMillis(500)).maxBodyBytes(16 * 1024).build();
                CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(60))) {
            List<Fetcher.Result> r = f.fetchAll(ctx, urls);
            assertThat(r).extracting(Fetcher.Result::uri).containsExactlyElementsOf(urls);
            assertThat(new String(r.get(0).body())).isEqualTo("ok /ok1");
            assertThat(r.get(0).ok()).isTrue();
            assertThat(r.get(1).status()).isEqualTo(500); // an error status is a response, not an error
            assertThat(r.get(1).error()).isNull();
            assertThat(r.get(1).ok()).isFalse();
            assertThat(r.get(2).error()).isInstanceOf(HttpTimeoutException.class);
            assertThat(r.get(3).error()).isInstanceOf(Fetcher.BodyTooLargeException.class);
            assertThat(r.get(4).error()).isInstanceOf(ConnectException.class);
            assertThat(new String(r.get(5).body())).isEqualTo("ok /ok2");
        }
    }

    @Test
    void atMostNInFlightAndAtMostKPerHost() throws Exception {
        HttpTesting a = server();
        HttpTesting b = server();
        AtomicInteger perHostA = new AtomicInteger();
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            urls.add(a.uri("/slow?ms=30"));
            urls.add(b.uri("/slow?ms=30"));
        }
        // Count per host on server a alone: its handler sees only its own requests.
        a.server.httpServer().removeContext("/");
        a.server.handle("/", ex -> { // /slow only, counted on this host and in all, left before the reply
            int now = perHostA.incrementAndGet();
            maxPerHostA.accumulateAndGet(now, Math::max);
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            boolean done = slowWork(ex);
            inFlight.decrementAndGet();
            perHostA.decrementAndGet();
            if (done) {
                HttpTesting.reply(ex, 200, "slow");
            }
        });
        try (Fetcher f = fetcher().maxInFlight(4).maxPerHost(3).build();
                CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(60))) {
            List<Fetcher.Result> r = f.fetchAll(ctx, urls);
            assertThat(r).allMatch(Fetcher.Result::ok);
        }
        assertThat(maxInFlight.get()).isBetween(1, 4);
        assertThat(maxPerHostA.get()).isBetween(1, 3);
    }

    private final AtomicInteger maxPerHostA = new AtomicInteger();

    @Test
    void theCallReturnsByItsDeadlineWithEveryResultAccountedFor() throws Exception {
        HttpTesting s = server();
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            urls.add(s.uri("/hang"));
        }
        try (Fetcher f = fetcher().maxInFlight(3).requestTimeout(Duration.ofMinutes(5)).build();
                CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(300))) {
            List<Fetcher.Result> r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> f.fetchAll(ctx, urls));
            assertThat(r).hasSize(10).allSatisfy(x -> {
                assertThat(x.error()).isInstanceOf(DeadlineExceededException.class);
                assertThat(x.status()).isZero();
            });
        }
    }

    @Test
    void noThreadIsLeftBehind() throws Exception {
        HttpTesting s = server();
        try (Fetcher f = fetcher().requestTimeout(Duration.ofMillis(200)).build();
                CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(60))) {
            f.fetchAll(ctx, List.of(s.uri("/ok"), s.uri("/hang"), s.uri("/fail")));
        }
        s.close();
        servers.clear();
        await().untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !threadsBefore.contains(t))
                .filter(t -> t.getName().startsWith("HttpClient") || t.getName().startsWith("fetch "))
                .map(Thread::getName).collect(Collectors.toList())).isEmpty());
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> Fetcher.builder().maxInFlight(0)).hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> Fetcher.builder().maxPerHost(-1)).hasMessageContaining("maxPerHost");
        assertThatThrownBy(() -> Fetcher.builder().requestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> Fetcher.builder().maxBodyBytes(-1)).hasMessageContaining("maxBodyBytes");
        try (Fetcher f = Fetcher.builder().build()) {
            assertThatThrownBy(() -> f.fetchAll(null, List.of())).hasMessage("ctx");
        }
    }
}
