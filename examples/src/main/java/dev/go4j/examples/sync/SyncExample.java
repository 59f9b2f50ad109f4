package dev.go4j.examples.sync;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.sync.Once;
import dev.go4j.sync.Pool;
import dev.go4j.sync.Semaphore;
import dev.go4j.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sync page in one program: a WaitGroup waits for ten tasks that add under a lock; a Once runs its
 * function once however often it is called; a weighted semaphore grants what fits and a context bounds
 * a blocked acquire; a Pool hands out reusable buffers.
 *
 * <p>Go twin: {@code Example_sync} in {@code go/sync/example_test.go}; both print the same lines.
 */
public final class SyncExample {

    private SyncExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        WaitGroup wg = new WaitGroup();
        ReentrantLock mu = new ReentrantLock(); // Go's sync.Mutex
        int[] total = {0};
        for (int i = 1; i <= 10; i++) {
            int n = i;
            wg.go(() -> { // add(1) before the task starts, done() when it ends: Go 1.25's wg.Go
                mu.lock();
                try {
                    total[0] += n;
                } finally {
                    mu.unlock();
                }
            });
        }
        wg.await();
        System.out.println("total: " + total[0]);

        Once once = new Once();
        int[] inits = {0};
        for (int i = 0; i < 3; i++) {
            once.run(() -> inits[0]++);
        }
        System.out.println("inits: " + inits[0]);

        Semaphore sem = new Semaphore(3);
        System.out.println("try 2 of 3: " + sem.tryAcquire(2));
        System.out.println("try 2 more: " + sem.tryAcquire(2));
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(5))) {
            sem.acquire(ctx, 2);
            System.out.println("acquire 2 until the deadline: <nil>");
        } catch (ContextException e) {
            System.out.println("acquire 2 until the deadline: " + e.getMessage());
        }
        sem.release(2);
        System.out.println("try 3 after release: " + sem.tryAcquire(3));

        Pool<StringBuilder> pool = new Pool<>(StringBuilder::new);
        StringBuilder buf = pool.get(); // a reused buffer or a new one: the program cannot tell
        buf.append("hello, pool");
        System.out.println(buf);
        buf.setLength(0); // reset before it goes back
        pool.put(buf);
    }
}
