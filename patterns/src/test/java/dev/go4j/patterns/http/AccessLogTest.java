package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.patterns.http.HttpTesting.RecordingLogger;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** An access log record per request, with the status and bytes actually sent. */
class AccessLogTest {
    private final ConcurrentLinkedQueue<AccessLog.Entry> entries = new ConcurrentLinkedQueue<>();

    @Test
    void aStreamedResponseIsCountedAsItIsWrittenAndLoggedWithEveryField() throws Exception {
        try (HttpTesting t = HttpTesting.serve(Middleware.chain(ex -> {
            ex.sendResponseHeaders(201, 0); // chunked: length unknown up front
            try (ex; OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write(new byte[100]);
                    out.flush();
                }
            }
        }, RequestId.trustingIncoming(), AccessLog.to(entries::add)))) {
            var r = t.get("/stream?token=secret", RequestId.HEADER, "id-7", "User-Agent", "probe/1.0");
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.body()).hasSize(1000); // streaming still works through the wrapper
        }
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.method()).isEqualTo("GET");
            assertThat(e.path()).isEqualTo("/stream"); // no query: it may hold secrets
            assertThat(e.status()).isEqualTo(201);
            assertThat(e.bytes()).isEqualTo(1000);
            assertThat(e.requestId()).isEqualTo("id-7");
            assertThat(e.userAgent()).isEqualTo("probe/1.0");
            assertThat(e.remote().getAddress().isLoopbackAddress()).isTrue();
            assertThat(e.duration()).isPositive();
        });
    }

    @Test
    void theDefaultSinkWritesLogfmtThroughSystemLogger() throws Exception {
        RecordingLogger log = new RecordingLogger();
        try (HttpTesting t = HttpTesting.serve(Middleware.chain(ex -> HttpTesting.reply(ex, 200, "hello"),
                AccessLog.to(log, Level.INFO)))) {
            t.get("/x", "User-Agent", "a \"quoted\" agent");
        }
        assertThat(log.events()).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(Level.INFO);
            assertThat(e.message()).startsWith("method=GET path=/x status=200 bytes=5 duration=")
                    .contains("request_id=- remote=127.0.0.1:", "user_agent=\"a \\\"quoted\\\" agent\"");
        });
    }

    @Test
    void logfmtEscapesControlCharactersSoNoLineCanBeForged() {
        AccessLog.Entry e = new AccessLog.Entry("GET", "/a\nmethod=POST", 200, 0, Duration.ZERO, null,
                new InetSocketAddress("192.0.2.1", 1), null);
        assertThat(e.logfmt()).doesNotContain("\n").contains("path=\"/a\\u000amethod=POST\"");
    }
}
