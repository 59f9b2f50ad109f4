package dev.go4j.patterns.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/** A loopback server on an ephemeral port and a client, both closed by {@link #close()}. */
final class HttpTesting implements AutoCloseable {
    final Server server;
    final HttpClient client;

    HttpTesting(String path, HttpHandler handler) {
        try {
            server = Server.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.handle(path, handler).start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    static HttpTesting serve(HttpHandler handler) {
        return new HttpTesting("/", handler);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }

    /** Answers {@code code} with {@code body}. */
    static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        try (ex) {
            ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(b);
                }
            }
        }
    }

    static HttpHandler ok(Supplier<String> body) {
        return ex -> reply(ex, 200, body.get());
    }

    /** A System.Logger that keeps what it is given. */
    static final class RecordingLogger implements System.Logger {
        record Event(Level level, String message, Throwable thrown) {}

        final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

        List<Event> events() {
            return new ArrayList<>(events);
        }

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
            events.add(new Event(level, msg, thrown));
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
            events.add(new Event(level, params == null || params.length == 0 ? format
                    : java.text.MessageFormat.format(format, params), null));
        }
    }
}
