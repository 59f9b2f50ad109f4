package dev.go4j.examples.workerpool;

import dev.go4j.Go;
import dev.go4j.chan.Channel;
import dev.go4j.context.Context;
import dev.go4j.patterns.workerpool.Result;
import dev.go4j.patterns.workerpool.TaskHandle;
import dev.go4j.patterns.workerpool.WorkerPool;
import dev.go4j.patterns.workerpool.Workers;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The worker pool page in one program: the canonical pool (jobs and results channels, n workers, a
 * closer) with a failing job; {@code run}, which returns one result per job in job order; and the pool
 * a service ships, whose bounded queue drops what does not fit under {@code trySubmit} and whose
 * {@code close} drains.
 *
 * <p>Go twin: {@code Example_workerpool} in {@code go/workerpool/example_test.go}; both print the same
 * lines.
 */
public final class WorkerPoolExample {

    private WorkerPoolExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting
     * @throws ExecutionException if a pool task fails (none does)
     */
    public static void main(String[] args) throws InterruptedException, ExecutionException {
        Context ctx = Context.background();
        Channel<Integer> jobs = Channel.make();
        Go.go(() -> {
            try {
                for (int i = 1; i <= 9; i++) {
                    jobs.send(i);
                }
            } finally {
                jobs.close(); // the producer closes jobs; the pool closes results
            }
        });
        int sum = 0;
        for (Result<Integer, Integer> r : Workers.workers(ctx, 3, jobs, (Integer n) -> {
            if (n == 7) {
                throw new IOException("job 7: bad input");
            }
            return n * n;
        })) { // results arrive in completion order: only order-free facts are printed
            if (!r.isOk()) {
                System.out.println("failed: " + r.error().getMessage());
                continue;
            }
            sum += r.value();
        }
        System.out.println("sum of the other squares: " + sum);

        for (Result<String, Integer> r : Workers.run(ctx, 2, List.of("a", "bb", "ccc"), String::length)) {
            System.out.println(r.job() + " " + r.value() + " " + (r.error() == null ? "<nil>" : r.error()));
        }

        WorkerPool pool = WorkerPool.of(1, 1); // one worker, a queue of one
        try {
            Channel<Boolean> started = Channel.make(1);
            Channel<Boolean> release = Channel.make();
            TaskHandle<String> first = pool.submit(() -> {
                started.close();
                release.receiveOrNull();
                return "first done";
            });
            started.receiveOrNull(); // the worker holds the first task: the queue is empty
            TaskHandle<String> second = pool.trySubmit(() -> "second done");
            TaskHandle<String> third = pool.trySubmit(() -> "third done");
            System.out.println("second queued: " + (second != null) + " third dropped: " + (third == null));
            release.close();
            System.out.println(first.get() + " / " + second.get());
        } finally {
            pool.close(); // stops taking tasks, waits for the queued and running ones
        }
        System.out.println("submitted " + pool.submitted() + " succeeded " + pool.succeeded()
                + " dropped " + pool.dropped());
    }
}
