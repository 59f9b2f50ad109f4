package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bearer-token authentication per route, the user in the request context. */
class BearerAuthTest {
    private final BearerAuth<String> auth = BearerAuth.verifying(token -> Optional.ofNullable(
            Map.of("t-alice", "alice").get(token)));

    private HttpTesting serve() {
        HttpTesting t = HttpTesting.serve(Middleware.chain(ex -> HttpTesting.reply(ex, 200, "hi " + auth.user(ex)),
                auth));
        t.server.handle("/healthz", ex -> HttpTesting.reply(ex, 200, "ok")); // not wrapped: stays open
        return t;
    }

    @Test
    void aValidTokenPutsTheUserInTheRequestContext() throws Exception {
        try (HttpTesting t = serve()) {
            HttpResponse<String> r = t.get("/api", "Authorization", "Bearer t-alice");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hi alice");
            assertThat(t.get("/api", "Authorization", "bearer t-alice").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void noTokenOrAnotherSchemeGets401WithAChallenge() throws Exception {
        try (HttpTesting t = serve()) {
            HttpResponse<String> none = t.get("/api");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"api\"");
            assertThat(t.get("/api", "Authorization", "Basic YTpi").statusCode()).isEqualTo(401);
            assertThat(t.get("/api", "Authorization", "Bearer ").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aRefusedTokenGets401WithInvalidToken() throws Exception {
        try (HttpTesting t = serve()) {
            HttpResponse<String> r = t.get("/api", "Authorization", "Bearer forged");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"api\", error=\"invalid_token\"");
        }
    }

    @Test
    void appliedPerRouteTheHealthCheckStaysOpen() throws Exception {
        try (HttpTesting t = serve()) {
            assertThat(t.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(t.get("/api").statusCode()).isEqualTo(401);
        }
    }
}
