package dev.go4j.patterns.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import dev.go4j.benchmarks.Baseline;
import dev.go4j.patterns.ratelimit.KeyedRateLimiter;
import dev.go4j.patterns.ratelimit.Limit;
import dev.go4j.patterns.ratelimit.Limiter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The middleware chain's own cost: one request through a bare handler ({@code BARE}) and through the
 * full recommended chain ({@code FULL}: RequestId, Recovery, AccessLog to an in-memory sink, Timeout,
 * Cors, RateLimit with an unlimited ({@code rate.Inf}) limiter per client, BearerAuth), in process on an in-memory
 * exchange, so the network and the JDK server are not measured. The Go twin is
 * {@code BenchmarkMiddlewareChain} in {@code go/http}.
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="MiddlewareChainBenchmark"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Thread)
public class MiddlewareChainBenchmark {

    /** The handler under test. */
    public enum Chain { BARE, @Baseline FULL }

    @Param
    Chain chain;

    private HttpHandler handler;
    private KeyedRateLimiter<String> perClient;
    private Blackhole sink;
    private static final byte[] HELLO = "hello".getBytes();

    @Setup
    public void setUp(Blackhole bh) {
        sink = bh;
        HttpHandler hello = ex -> {
            ex.sendResponseHeaders(200, HELLO.length);
            try (ex; OutputStream out = ex.getResponseBody()) {
                out.write(HELLO);
            }
        };
        perClient = new KeyedRateLimiter<>(ip -> new Limiter(Limit.INF, 1), 1000, Duration.ofMinutes(5));
        handler = chain == Chain.BARE ? hello : Middleware.chain(hello,
                RequestId.generating(),
                Recovery.create(),
                AccessLog.to(e -> sink.consume(e)),
                Timeout.of(Duration.ofSeconds(5)),
                Cors.builder().allowOrigins("https://app.example.com").build(),
                RateLimit.perClient(perClient, ClientAddress.direct()),
                BearerAuth.verifying(token -> token.equals("secret") ? Optional.of("alice") : Optional.empty()));
    }

    @TearDown
    public void tearDown() {
        perClient.close();
    }

    @Benchmark
    public int request() throws IOException {
        MemoryExchange ex = new MemoryExchange();
        handler.handle(ex);
        if (ex.status != 200) {
            throw new IllegalStateException("the chain answered " + ex.status + ", not 200");
        }
        return ex.status;
    }

    /** An exchange in memory: a GET with a bearer token, from one client. */
    static final class MemoryExchange extends HttpExchange {
        private static final URI URI_ = URI.create("/hello");
        private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.1", 40000);
        final Headers requestHeaders = new Headers();
        final Headers responseHeaders = new Headers();
        final OutputStream body = OutputStream.nullOutputStream();
        int status;

        MemoryExchange() {
            requestHeaders.set("Authorization", "Bearer secret");
        }

        @Override public Headers getRequestHeaders() { return requestHeaders; }
        @Override public Headers getResponseHeaders() { return responseHeaders; }
        @Override public URI getRequestURI() { return URI_; }
        @Override public String getRequestMethod() { return "GET"; }
        @Override public HttpContext getHttpContext() { return null; }
        @Override public void close() {}
        @Override public InputStream getRequestBody() { return new ByteArrayInputStream(new byte[0]); }
        @Override public OutputStream getResponseBody() { return body; }
        @Override public void sendResponseHeaders(int rCode, long responseLength) { status = rCode; }
        @Override public InetSocketAddress getRemoteAddress() { return PEER; }
        @Override public int getResponseCode() { return status; }
        @Override public InetSocketAddress getLocalAddress() { return PEER; }
        @Override public String getProtocol() { return "HTTP/1.1"; }
        @Override public Object getAttribute(String name) { return null; }
        @Override public void setAttribute(String name, Object value) {}
        @Override public void setStreams(InputStream i, OutputStream o) {}
        @Override public HttpPrincipal getPrincipal() { return null; }
    }
}
