package dev.go4j.patterns.workerpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link Workers} and {@link WorkerPool}; each one runs here. */
class WorkerPoolSnippets {

    @Test
    void workers() throws Exception {
        List<Integer> squares = new ArrayList<>();
        // @start region=workers
        try (CancelableContext ctx = Context.withCancel(Context.background())) { // ctx, cancel := ...; defer cancel()
            Channel<Integer> jobs = Channel.make();                              // jobs := make(chan int)
            ReceiveChannel<Result<Integer, Integer>> results =
                    Workers.workers(ctx, 4, jobs, j -> j * j);                   // 4 workers range over jobs
            Thread.ofVirtual().start(() -> {                                     // go func() {
                try {
                    for (int i = 1; i <= 3; i++) {
                        jobs.send(ctx, i);                                       //     jobs <- i
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    jobs.close();                                                //     defer close(jobs)
                }
            });
            for (Result<Integer, Integer> r : results) {                         // for r := range results
                squares.add(r.get());                                            //     if r.err != nil ...
            }
        }
        // @end
        assertThat(squares).containsExactlyInAnyOrder(1, 4, 9);
    }

    @Test
    void pool() throws Exception {
        // @start region=pool
        try (WorkerPool pool = WorkerPool.builder()
                .workers(8)                                   // 8 virtual threads
                .queueCapacity(100)                           // submit blocks beyond 100 waiting tasks
                .taskTimeout(Duration.ofSeconds(30))          // a task's context is done after 30 s
                .onFailure((task, e) -> { /* log it */ })
                .build()) {
            TaskHandle<String> page = pool.submit(ctx -> "<html>");          // a Future, and a Select case
            TaskGroup<Integer> sizes = pool.group(Context.background());     // errgroup semantics
            for (String url : List.of("a", "bb", "ccc")) {
                sizes.submit(ctx -> url.length());
            }
            assertThat(sizes.await()).containsExactly(1, 2, 3);             // submit order; the first failure is thrown
            assertThat(page.get()).isEqualTo("<html>");
        } // close(): no new tasks, the queued and running ones finish, the workers leave
        // @end
    }
}
