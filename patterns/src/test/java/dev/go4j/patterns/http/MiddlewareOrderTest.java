package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import dev.go4j.patterns.http.HttpTesting.RecordingLogger;
import dev.go4j.patterns.ratelimit.KeyedRateLimiter;
import dev.go4j.patterns.ratelimit.SlidingWindowLimiter;
import dev.go4j.time.ManualClock;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The recommended order (RequestId, Recovery, AccessLog, Timeout, Cors, RateLimit, BearerAuth), and
 * the bug each swap causes: every test runs the right order and the wrong one side by side.
 */
class MiddlewareOrderTest {
    private final RecordingLogger log = new RecordingLogger();
    private final ConcurrentLinkedQueue<AccessLog.Entry> access = new ConcurrentLinkedQueue<>();
    private static final HttpHandler CRASH = ex -> {
        throw new IllegalStateException("boom");
    };

    private int call(HttpHandler h, String... headers) throws Exception {
        try (HttpTesting t = HttpTesting.serve(h)) {
            return t.get("/", headers).statusCode();
        }
    }

    @Test
    void recoveryOutsideRequestIdLogsFailuresWithoutTheId() throws Exception {
        call(Middleware.chain(CRASH, RequestId.generating(), Recovery.loggingTo(log)));
        assertThat(log.events()).singleElement().satisfies(e -> assertThat(e.message()).matches(
                "panic serving request_id=[0-9a-f]{32} .*"));
        log.events.clear();
        call(Middleware.chain(CRASH, Recovery.loggingTo(log), RequestId.generating())); // wrong
        assertThat(log.events()).singleElement().satisfies(e -> assertThat(e.message()).contains("request_id=null"));
    }

    @Test
    void accessLogOutsideRecoveryLetsAFailureOfTheLoggerVanishUnlogged() throws Exception {
        AccessLog broken = AccessLog.to(e -> {
            throw new IllegalStateException("log appender down");
        });
        HttpHandler h = ex -> HttpTesting.reply(ex, 200, "ok");
        assertThat(call(Middleware.chain(h, Recovery.loggingTo(log), broken))).isEqualTo(200);
        assertThat(log.events()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("log appender down"));
        log.events.clear();
        assertThat(call(Middleware.chain(h, broken, Recovery.loggingTo(log)))).isEqualTo(200); // wrong
        assertThat(log.events()).isEmpty(); // nobody hears that the access log is failing
    }

    @Test
    void accessLogInsideRecoveryRecordsACrashAsThe500TheClientGets() throws Exception {
        call(Middleware.chain(CRASH, Recovery.loggingTo(log), AccessLog.to(access::add)));
        assertThat(access.poll().status()).isEqualTo(500);
    }

    @Test
    void timeoutOutsideRecoveryLogsEveryTimeoutAsACrash() throws Exception {
        HttpHandler stuck = ex -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                throw new java.io.IOException("interrupted", e);
            }
        };
        Timeout timeout = Timeout.of(Duration.ofMillis(100));
        assertThat(call(Middleware.chain(stuck, Recovery.loggingTo(log), timeout))).isEqualTo(503);
        assertThat(log.events()).isEmpty();
        assertThat(call(Middleware.chain(stuck, timeout, Recovery.loggingTo(log)))).isEqualTo(503); // wrong
        org.awaitility.Awaitility.await().until(() -> !log.events.isEmpty()); // a false alarm per timeout
    }

    @Test
    void authBeforeCorsRefusesTheBrowsersPreflight() throws Exception {
        Cors cors = Cors.builder().allowOrigins("https://app.example.com").allowMethods("PUT")
                .allowHeaders("Authorization").build();
        BearerAuth<String> auth = BearerAuth.verifying(token -> Optional.of("u"));
        HttpHandler h = ex -> HttpTesting.reply(ex, 200, "ok");
        for (boolean right : new boolean[] {true, false}) {
            HttpHandler chain = right ? Middleware.chain(h, cors, auth) : Middleware.chain(h, auth, cors);
            try (HttpTesting t = HttpTesting.serve(chain)) {
                int status = t.send(t.request("/").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://app.example.com")
                        .header("Access-Control-Request-Method", "PUT")
                        .header("Access-Control-Request-Headers", "authorization").build()).statusCode();
                // A preflight never carries credentials.
                assertThat(status).isEqualTo(right ? 204 : 401);
            }
        }
    }

    @Test
    void authBeforeRateLimitLetsBadTokenFloodsThroughUnlimited() throws Exception {
        ManualClock clock = new ManualClock();
        for (boolean right : new boolean[] {true, false}) {
            AtomicInteger verifications = new AtomicInteger();
            BearerAuth<String> auth = BearerAuth.verifying(token -> {
                verifications.incrementAndGet(); // a database or crypto check in real life
                return Optional.empty();
            });
            try (KeyedRateLimiter<String> limiter = new KeyedRateLimiter<>(
                    k -> new SlidingWindowLimiter(3, Duration.ofSeconds(1), clock), 100, Duration.ofMinutes(1), clock)) {
                RateLimit limit = RateLimit.perClient(limiter, ClientAddress.direct());
                HttpHandler h = ex -> HttpTesting.reply(ex, 200, "ok");
                HttpHandler chain = right ? Middleware.chain(h, limit, auth) : Middleware.chain(h, auth, limit);
                int limited = 0;
                try (HttpTesting t = HttpTesting.serve(chain)) {
                    for (int i = 0; i < 10; i++) {
                        if (t.get("/", "Authorization", "Bearer guess-" + i).statusCode() == 429) {
                            limited++;
                        }
                    }
                }
                if (right) {
                    assertThat(limited).isEqualTo(7);
                    assertThat(verifications).hasValue(3);
                } else {
                    assertThat(limited).isZero(); // the guesser is never slowed down
                    assertThat(verifications).hasValue(10);
                }
            }
        }
    }
}
