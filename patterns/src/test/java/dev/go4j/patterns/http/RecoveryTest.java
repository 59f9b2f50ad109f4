package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.patterns.http.HttpTesting.RecordingLogger;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Go's {@code recover()} in a middleware: a failure becomes one log record and a 500. */
class RecoveryTest {
    private final RecordingLogger log = new RecordingLogger();

    @Test
    void aFailureBeforeAnythingWasSentBecomes500AndIsLoggedOnceWithTheRequestId() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        try (HttpTesting t = HttpTesting.serve(Middleware.chain(ex -> {
            throw boom;
        }, RequestId.trustingIncoming(), Recovery.loggingTo(log)))) {
            HttpResponse<String> r = t.get("/crash", RequestId.HEADER, "r-1");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).isEqualTo("internal server error");
            assertThat(log.events()).singleElement().satisfies(e -> {
                assertThat(e.level()).isEqualTo(Level.ERROR);
                assertThat(e.message()).contains("request_id=r-1", "path=/crash", "boom");
                assertThat(e.thrown()).isSameAs(boom); // the stack
            });
            // The connection is usable afterwards: the next request on it is served.
            assertThat(t.get("/crash").statusCode()).isEqualTo(500);
        }
    }

    @Test
    void aFailureAfterTheResponseStartedDropsTheConnectionInsteadOfFakingACompleteResponse() throws Exception {
        try (HttpTesting t = HttpTesting.serve(Middleware.chain(ex -> {
            ex.sendResponseHeaders(200, 100);
            OutputStream out = ex.getResponseBody();
            out.write(new byte[10]);
            out.flush();
            throw new IllegalStateException("half way");
        }, Recovery.loggingTo(log)))) {
            assertThatThrownBy(() -> t.get("/")).isInstanceOf(IOException.class);
            assertThat(log.events()).singleElement().satisfies(e -> assertThat(e.message()).contains("half way"));
        }
    }

    @Test
    void outOfMemoryIsNotSwallowed() {
        Recovery recovery = Recovery.loggingTo(log);
        assertThatThrownBy(() -> recovery.wrap(ex -> {
            throw new OutOfMemoryError("fake");
        }).handle(new FakeExchange())).isInstanceOf(OutOfMemoryError.class);
        assertThat(log.events()).isEmpty();
    }
}
