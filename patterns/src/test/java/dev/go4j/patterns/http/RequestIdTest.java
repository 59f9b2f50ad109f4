package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** chi's {@code RequestID}: an id per request in the request context, echoed back. */
class RequestIdTest {

    @Test
    void aNewIdIsMadeVisibleToTheHandlerAndEchoed() throws Exception {
        try (HttpTesting t = HttpTesting.serve(Middleware.chain(
                ex -> HttpTesting.reply(ex, 200, RequestId.get(ex)), RequestId.generating()))) {
            HttpResponse<String> r = t.get("/");
            assertThat(r.body()).matches("[0-9a-f]{32}");
            assertThat(r.headers().firstValue(RequestId.HEADER)).hasValue(r.body());
            assertThat(t.get("/").body()).isNotEqualTo(r.body());
        }
    }

    @Test
    void aWellFormedIncomingIdIsKeptOnlyWhenTrusted() throws Exception {
        try (HttpTesting t = HttpTesting.serve(Middleware.chain(
                ex -> HttpTesting.reply(ex, 200, RequestId.get(ex)), RequestId.trustingIncoming()))) {
            assertThat(t.get("/", RequestId.HEADER, "gw-42.a_b:c").body()).isEqualTo("gw-42.a_b:c");
            assertThat(t.get("/", RequestId.HEADER, "bad id\" injected").body()).matches("[0-9a-f]{32}");
            assertThat(t.get("/", RequestId.HEADER, "x".repeat(129)).body()).matches("[0-9a-f]{32}");
        }
        try (HttpTesting t = HttpTesting.serve(Middleware.chain(
                ex -> HttpTesting.reply(ex, 200, RequestId.get(ex)), RequestId.generating()))) {
            assertThat(t.get("/", RequestId.HEADER, "client-chosen").body()).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void concurrentRequestsNeverSeeEachOthersIds() throws Exception {
        // Exchange attributes would be shared by every exchange on the path (JDK-7105350); the
        // per-request context is not.
        try (HttpTesting t = HttpTesting.serve(Middleware.chain(ex -> {
            String before = RequestId.get(ex);
            Thread.yield();
            HttpTesting.reply(ex, 200, before + "," + RequestId.get(ex));
        }, RequestId.trustingIncoming()))) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                calls.add(t.client.sendAsync(t.request("/").header(RequestId.HEADER, "req-" + i).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 64; i++) {
                assertThat(calls.get(i).join().body()).isEqualTo("req-" + i + ",req-" + i);
            }
        }
    }

    @Test
    void withoutTheMiddlewareThereIsNoId() throws Exception {
        try (HttpTesting t = HttpTesting.serve(ex -> HttpTesting.reply(ex, 200, String.valueOf(RequestId.get(ex))))) {
            assertThat(t.get("/").body()).isEqualTo("null");
        }
    }
}
