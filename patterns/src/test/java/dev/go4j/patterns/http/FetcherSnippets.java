package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example published in the Javadoc of {@link Fetcher}. */
class FetcherSnippets {

    static List<Fetcher.Result> fetch(List<URI> urls) throws InterruptedException {
        // @start region=fetch
        try (Fetcher fetcher = Fetcher.builder()
                        .maxInFlight(8)                            // errgroup SetLimit(8)
                        .maxPerHost(2)                             // a semaphore per host
                        .requestTimeout(Duration.ofSeconds(2))     // context.WithTimeout per request
                        .maxBodyBytes(64 * 1024)                   // io.LimitReader
                        .build();
                CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(5))) {
            List<Fetcher.Result> results = fetcher.fetchAll(ctx, urls); // one per URL, in order
            for (Fetcher.Result r : results) {
                if (!r.ok()) {
                    // r.error() says why: a timeout, a refused connection, a body too large...
                }
            }
            return results;
        }
        // @end
    }

    @Test
    void fetch() throws Exception {
        try (HttpTesting t = HttpTesting.serve(HttpTesting.ok(() -> "hello"))) {
            List<Fetcher.Result> r = fetch(List.of(t.uri("/a"), t.uri("/b")));
            assertThat(r).allMatch(Fetcher.Result::ok);
        }
    }
}
