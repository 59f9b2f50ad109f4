package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Go's {@code func(http.Handler) http.Handler} composition: the first listed runs outermost. */
class MiddlewareTest {
    private final List<String> trace = new CopyOnWriteArrayList<>();

    private Middleware named(String name) {
        return next -> ex -> {
            trace.add(name + " in");
            next.handle(ex);
            trace.add(name + " out");
        };
    }

    @Test
    void chainRunsTheFirstListedOutermost() throws Exception {
        HttpHandler h = Middleware.chain(ex -> {
            trace.add("handler");
            HttpTesting.reply(ex, 200, "ok");
        }, named("a"), named("b"), named("c"));
        try (HttpTesting t = HttpTesting.serve(h)) {
            assertThat(t.get("/").statusCode()).isEqualTo(200);
        }
        assertThat(trace).containsExactly("a in", "b in", "c in", "handler", "c out", "b out", "a out");
    }

    @Test
    void andThenIsChainOfTheTwo() throws Exception {
        HttpHandler h = Middleware.chain(ex -> {
            trace.add("handler");
            HttpTesting.reply(ex, 204, "");
        }, named("a").andThen(named("b")));
        try (HttpTesting t = HttpTesting.serve(h)) {
            assertThat(t.get("/").statusCode()).isEqualTo(204);
        }
        assertThat(trace).containsExactly("a in", "b in", "handler", "b out", "a out");
    }

    @Test
    void chainWithNoMiddlewareIsTheHandlerAndNullsAreNamed() {
        HttpHandler h = ex -> {};
        assertThat(Middleware.chain(h)).isSameAs(h);
        assertThatThrownBy(() -> Middleware.chain(null)).hasMessage("handler");
        assertThatThrownBy(() -> Middleware.chain(h, named("a"), null)).hasMessage("middlewares[1]");
        assertThatThrownBy(() -> Middleware.chain(h, next -> null)).hasMessage("middlewares[0] returned null");
    }
}
