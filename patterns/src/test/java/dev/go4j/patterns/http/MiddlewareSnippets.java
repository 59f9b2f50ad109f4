package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.patterns.ratelimit.KeyedRateLimiter;
import dev.go4j.patterns.ratelimit.SlidingWindowLimiter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link Middleware} and {@link Server}. */
class MiddlewareSnippets {

    static HttpHandler api(KeyedRateLimiter<String> perClient) {
        // @start region=chain
        HttpHandler hello = ex -> {
            Context ctx = RequestExchange.context(ex);          // r.Context()
            String id = RequestId.get(ctx);                     // middleware.GetReqID(ctx)
            byte[] body = ("hello " + id).getBytes();
            ex.sendResponseHeaders(200, body.length);
            try (ex; var out = ex.getResponseBody()) {
                out.write(body);
            }
        };
        BearerAuth<String> auth = BearerAuth.verifying(
                token -> token.equals("secret") ? Optional.of("alice") : Optional.empty());
        HttpHandler handler = Middleware.chain(hello,           // the first listed runs outermost
                RequestId.trustingIncoming(),
                Recovery.create(),
                AccessLog.create(),
                Timeout.of(Duration.ofSeconds(5)),
                Cors.builder().allowOrigins("https://app.example.com").build(),
                RateLimit.perClient(perClient, ClientAddress.behindProxies("10.0.0.0/8")),
                auth);
        // @end
        return handler;
    }

    @Test
    void chain() throws Exception {
        try (KeyedRateLimiter<String> perClient = new KeyedRateLimiter<>(
                ip -> new SlidingWindowLimiter(100, Duration.ofSeconds(1)), 10_000, Duration.ofMinutes(5));
                HttpTesting t = HttpTesting.serve(api(perClient))) {
            HttpResponse<String> r = t.get("/", "Authorization", "Bearer secret", RequestId.HEADER, "abc");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello abc");
            assertThat(t.get("/").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void server() throws Exception {
        // @start region=server
        ServerLimits.recommended().apply();                     // before the JVM's first server
        Server server = Server.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .handle("/healthz", Server.readiness(() -> true))
                .handle("/", ex -> {
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                })
                .start();
        // ... serve, then on SIGTERM (Go: srv.Shutdown(ctx) with a deadline):
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(20))) {
            boolean drained = server.shutdown(ctx);             // false: the deadline came first
        }
        // @end
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
