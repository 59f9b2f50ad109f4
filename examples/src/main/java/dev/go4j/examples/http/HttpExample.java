package dev.go4j.examples.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.patterns.http.BearerAuth;
import dev.go4j.patterns.http.Fetcher;
import dev.go4j.patterns.http.Middleware;
import dev.go4j.patterns.http.Recovery;
import dev.go4j.patterns.http.RequestId;
import dev.go4j.patterns.http.Server;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The HTTP page in one program, on a loopback port: a middleware chain (request id outermost, then
 * recovery, then bearer auth) in front of an API, a public handler beside it, the bounded concurrent
 * fetcher reading three URLs (results in input order), and a graceful shutdown.
 *
 * <p>Go twin: {@code Example_http} in {@code go/http/example_test.go}, on {@code net/http}; both print
 * the same lines.
 */
public final class HttpExample {

    private HttpExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws IOException if the server cannot bind a loopback port or a request fails
     * @throws InterruptedException if interrupted while waiting for a response or the shutdown
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> tokens = Map.of("token-alice", "alice");
        BearerAuth<String> auth = BearerAuth.verifying(token -> Optional.ofNullable(tokens.get(token)));
        HttpHandler api = ex -> {
            switch (ex.getRequestURI().getPath()) {
                case "/api/hello" -> reply(ex, 200, "hello, " + auth.user(ex));
                case "/api/panic" -> throw new IllegalStateException("boom"); // Recovery answers 500
                default -> reply(ex, 404, "not found");
            }
        };
        HttpHandler items = ex -> {
            String id = ex.getRequestURI().getPath().substring("/items/".length());
            if (id.equals("1") || id.equals("2")) {
                reply(ex, 200, "item " + id);
            } else {
                reply(ex, 404, "not found");
            }
        };
        Server server = Server.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .handle("/api/", Middleware.chain(api, RequestId.trustingIncoming(), Recovery.loggingTo(QUIET), auth))
                .handle("/items/", items)
                .start();
        String base = "http://127.0.0.1:" + server.address().getPort();

        try (HttpClient client = HttpClient.newHttpClient()) {
            get(client, base, "/api/hello", "token-alice");
            get(client, base, "/api/hello", "");
            get(client, base, "/api/hello", "stolen");
            get(client, base, "/api/panic", "token-alice");
        }

        List<URI> urls = List.of(URI.create(base + "/items/1"), URI.create(base + "/items/2"),
                URI.create(base + "/items/3"));
        try (Fetcher fetcher = Fetcher.builder().maxInFlight(2).maxPerHost(2).requestTimeout(Duration.ofSeconds(5))
                .maxBodyBytes(1 << 20).build()) {
            for (Fetcher.Result r : fetcher.fetchAll(Context.background(), urls)) {
                System.out.println(r.uri().getPath() + " " + r.status() + " "
                        + new String(r.body(), StandardCharsets.UTF_8).strip() + " "
                        + (r.error() == null ? "<nil>" : r.error().getMessage()));
            }
        }

        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(5))) {
            boolean drained = server.shutdown(ctx); // stop accepting, wait for in-flight requests
            System.out.println("shutdown: " + (drained ? "<nil>" : "context deadline exceeded"));
        }
    }

    private static void get(HttpClient client, String base, String path, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).header("X-Request-ID", "req-1");
        if (!token.isEmpty()) {
            req.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("GET " + path + " -> " + resp.statusCode() + " " + resp.body().strip()
                + " (X-Request-ID " + resp.headers().firstValue("X-Request-ID").orElse("") + ")");
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Where Recovery's log goes in this example: nowhere (the Go twin logs to io.Discard). */
    private static final System.Logger QUIET = new System.Logger() {
        @Override
        public String getName() {
            return "quiet";
        }

        @Override
        public boolean isLoggable(Level level) {
            return false;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {}

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {}
    };
}
