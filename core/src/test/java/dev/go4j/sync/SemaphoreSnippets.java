package dev.go4j.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link Semaphore}; each one runs here. */
class SemaphoreSnippets {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private String callBackend(String id) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        inFlight.decrementAndGet();
        return "reply-" + id;
    }

    @Test
    void bound() throws Exception {
        List<String> ids = List.of("a", "b", "c", "d", "e", "f");
        WaitGroup wg = new WaitGroup();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(1))) {
            // @start region=bound
            Semaphore backend = new Semaphore(3);              // sem := semaphore.NewWeighted(3)
            for (String id : ids) {
                wg.go(() -> {
                    backend.acquire(ctx, 1);                   // if err := sem.Acquire(ctx, 1); err != nil { return err }
                    try {                                      // defer sem.Release(1)
                        callBackend(id);
                    } finally {
                        backend.release(1);
                    }
                });
            }
            // @end
            wg.await();
        }
        assertThat(maxInFlight.get()).isBetween(1, 3);
    }
}
