package dev.go4j.errgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.context.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link ErrGroup}; each one runs here. */
class ErrGroupSnippets {

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    private String fetch(Context ctx, String url) throws IOException {
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            if (ctx.err() != null) {
                throw ctx.err();
            }
            if (url.contains("broken")) {
                throw new IOException("GET " + url + ": 500");
            }
            return "<html>" + url + "</html>";
        } finally {
            running.decrementAndGet();
        }
    }

    @Test
    void withContext() throws Exception {
        List<String> urls = List.of("https://go.dev", "https://broken.example", "https://openjdk.org");
        Map<String, String> pages = new ConcurrentHashMap<>();
        assertThatThrownBy(() -> {
            // @start region=withContext
            ErrGroup g = ErrGroup.withContext(Context.background()); // g, ctx := errgroup.WithContext(ctx)
            Context ctx = g.context();
            for (String url : urls) {                                 // for _, url := range urls {
                g.go(() -> pages.put(url, fetch(ctx, url)));          //     g.Go(func() error { ... })
            }                                                         // }
            g.await();   // if err := g.Wait(); err != nil { return err }: throws ExecutionException(cause)
            // @end
        }).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IOException.class).hasMessage("GET https://broken.example: 500");
    }

    @Test
    void limit() throws Exception {
        List<String> urls = List.of("a", "b", "c", "d", "e");
        Map<String, String> pages = new ConcurrentHashMap<>();
        // @start region=limit
        ErrGroup g = new ErrGroup();                          // var g errgroup.Group
        g.setLimit(2);                                        // g.SetLimit(2)
        for (String url : urls) {
            g.go(() -> pages.put(url, fetch(Context.background(), url))); // blocks while 2 are running
        }
        g.await();
        // @end
        assertThat(pages).hasSize(5);
        assertThat(maxRunning.get()).isBetween(1, 2);
    }
}
