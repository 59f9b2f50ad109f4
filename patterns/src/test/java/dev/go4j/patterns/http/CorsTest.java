package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** CORS as browsers enforce it: exact origins, preflights answered 204, never * with credentials. */
class CorsTest {
    private final AtomicInteger handled = new AtomicInteger();
    private final Cors cors = Cors.builder().allowOrigins("https://app.example.com")
            .allowMethods("GET", "PUT").allowHeaders("Authorization", "Content-Type")
            .exposeHeaders("X-Request-ID").allowCredentials(true).build();

    private HttpTesting serve(Cors c) {
        return HttpTesting.serve(Middleware.chain(ex -> {
            handled.incrementAndGet();
            HttpTesting.reply(ex, 200, "data");
        }, c));
    }

    private HttpResponse<String> preflight(HttpTesting t, String origin, String method, String headers)
            throws Exception {
        HttpRequest.Builder b = t.request("/").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method);
        if (headers != null) {
            b.header("Access-Control-Request-Headers", headers);
        }
        return t.send(b.build());
    }

    @Test
    void anAllowedPreflightIsAnswered204WithTheAllowHeadersAndNeverReachesTheHandler() throws Exception {
        try (HttpTesting t = serve(cors)) {
            HttpResponse<String> r = preflight(t, "https://app.example.com", "PUT", "authorization, content-type");
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
            assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("PUT");
            assertThat(r.headers().firstValue("Access-Control-Allow-Headers"))
                    .hasValue("authorization, content-type");
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
            assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
            assertThat(r.headers().allValues("Vary")).contains("Origin");
            assertThat(handled).hasValue(0);
        }
    }

    @Test
    void aPreflightFromAnotherOriginOrForAnotherMethodGetsNoAllowHeaders() throws Exception {
        try (HttpTesting t = serve(cors)) {
            HttpResponse<String> evil = preflight(t, "https://evil.example", "PUT", null);
            HttpResponse<String> method = preflight(t, "https://app.example.com", "DELETE", null);
            HttpResponse<String> header = preflight(t, "https://app.example.com", "GET", "X-Secret");
            for (HttpResponse<String> r : java.util.List.of(evil, method, header)) {
                assertThat(r.statusCode()).isEqualTo(204);
                assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            }
            assertThat(handled).hasValue(0);
        }
    }

    @Test
    void aSimpleRequestFromAnAllowedOriginGetsItsOriginEchoedAndVaryOrigin() throws Exception {
        try (HttpTesting t = serve(cors)) {
            HttpResponse<String> r = t.get("/", "Origin", "https://app.example.com");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
            assertThat(r.headers().firstValue("Access-Control-Expose-Headers")).hasValue("X-Request-ID");
            assertThat(r.headers().allValues("Vary")).contains("Origin");
            HttpResponse<String> other = t.get("/", "Origin", "https://evil.example");
            assertThat(other.statusCode()).isEqualTo(200); // served, but the browser hides it
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(other.headers().allValues("Vary")).contains("Origin"); // caches must key on it
        }
    }

    @Test
    void anyOriginWithoutCredentialsAnswersStar() throws Exception {
        try (HttpTesting t = serve(Cors.builder().allowOrigins("*").build())) {
            assertThat(t.get("/", "Origin", "https://whoever.example").headers()
                    .firstValue("Access-Control-Allow-Origin")).hasValue("*");
        }
    }

    @Test
    void starTogetherWithCredentialsIsRefused() {
        assertThatThrownBy(() -> Cors.builder().allowOrigins("*").allowCredentials(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("\"*\"")
                .hasMessageContaining("cookies");
        assertThatThrownBy(() -> Cors.builder().allowOrigins("https://a.example/path"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no path");
        assertThatThrownBy(() -> Cors.builder().build()).hasMessageContaining("no origin");
    }
}
