package dev.go4j.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PoolTest {

    /** A pooled object that knows who holds it, to catch an object handed to two threads at once. */
    static final class Item {
        final AtomicReference<Thread> holder = new AtomicReference<>();
        int payload;
    }

    @Test
    void poolGetReturnsPutObjectOrNew() {
        AtomicInteger made = new AtomicInteger();
        Pool<Object> pool = new Pool<>(() -> "new-" + made.incrementAndGet());
        Object x = new Object();
        pool.put(x);
        assertThat(pool.get()).isSameAs(x); // same thread: same stripe, nothing else in the pool
        assertThat(pool.get()).isEqualTo("new-1");
        assertThat(pool.get()).isEqualTo("new-2");
        assertThat(made).hasValue(2);
    }

    @Test
    void zeroPoolReturnsNullWhenEmpty() {
        Pool<String> pool = new Pool<>();
        assertThat(pool.get()).isNull();
        pool.put("x");
        assertThat(pool.get()).isEqualTo("x");
        assertThat(pool.get()).isNull();
    }

    @Test
    void poolWithNullNewIsAPoolWithoutNew() {
        Pool<String> pool = new Pool<>(null);
        assertThat(pool.get()).isNull();
        assertThat(pool).hasToString("Pool[capacity=" + Pool.capacity() + ", new=no]");
    }

    @Test
    void newMayReturnNull() {
        Pool<String> pool = new Pool<>(() -> null);
        assertThat(pool.get()).isNull();
    }

    @Test
    void putNilIsIgnored() {
        Pool<String> pool = new Pool<>();
        pool.put(null);
        assertThat(pool.get()).isNull();
        assertThat(pool.storage().get()).isNull(); // not even the slots were allocated
    }

    @Test
    void newFailurePropagatesFromGet() {
        IllegalStateException boom = new IllegalStateException("no memory for you");
        Pool<String> pool = new Pool<>(() -> {
            throw boom;
        });
        assertThatThrownBy(pool::get).isSameAs(boom);
        pool.put("spare");
        assertThat(pool.get()).isEqualTo("spare"); // New is not called while something is pooled
    }

    @Test
    void everyPutObjectComesBackOnceUpToWhatOneThreadReaches() {
        Pool<Object> pool = new Pool<>();
        int reachable = Pool.reachableFromOneThread();
        List<Object> put = new ArrayList<>();
        for (int i = 0; i < reachable + 10; i++) {
            Object x = new Object();
            put.add(x);
            pool.put(x); // the last 10 find every reachable slot full and are dropped
        }
        Set<Object> got = Collections.newSetFromMap(new IdentityHashMap<>());
        Object x;
        while ((x = pool.get()) != null) {
            assertThat(got.add(x)).as("handed out twice").isTrue();
        }
        assertThat(got).hasSize(reachable);
        assertThat(put).containsAll(got);
    }

    @Test
    void poolIsEmptiedWhenTheCollectorClearsItsStorage() {
        Pool<String> pool = new Pool<>(() -> "new");
        pool.put("old");
        pool.storage().clear(); // what the collector does when the heap runs short
        assertThat(pool.get()).isEqualTo("new");
        pool.put("again"); // a fresh array is installed
        assertThat(pool.storage().get()).isNotNull();
        assertThat(pool.get()).isEqualTo("again");
    }

    @Test
    void stripeCountIsAPowerOfTwoBetween4And128() {
        assertThat(Pool.stripes(1)).isEqualTo(4);
        assertThat(Pool.stripes(2)).isEqualTo(4);
        assertThat(Pool.stripes(3)).isEqualTo(8);
        assertThat(Pool.stripes(4)).isEqualTo(8);
        assertThat(Pool.stripes(5)).isEqualTo(16);
        assertThat(Pool.stripes(64)).isEqualTo(128);
        assertThat(Pool.stripes(1000)).isEqualTo(128);
        assertThat(Pool.capacity() % 16).isZero();
        assertThat(Pool.reachableFromOneThread()).isLessThanOrEqualTo(Pool.capacity());
    }

    @Test
    void concurrentGetAndPutNeverHandAnObjectToTwoThreads() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Pool<Item> pool = new Pool<>(() -> {
            made.incrementAndGet();
            return new Item();
        });
        AtomicInteger doubleHanded = new AtomicInteger();
        AtomicInteger torn = new AtomicInteger();
        int threads = 16;
        int rounds = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            // platform threads: they run truly in parallel on every core and keep a home stripe
            workers.add(Thread.ofPlatform().start(() -> {
                Thread me = Thread.currentThread();
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int r = 0; r < rounds; r++) {
                    Item item = pool.get();
                    if (!item.holder.compareAndSet(null, me)) {
                        doubleHanded.incrementAndGet();
                    }
                    if (item.payload != 0) { // reset before put, so a pooled item always reads 0
                        torn.incrementAndGet();
                    }
                    item.payload = r + 1;
                    item.payload = 0;
                    item.holder.set(null);
                    pool.put(item);
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertThat(doubleHanded).hasValue(0);
        assertThat(torn).hasValue(0);
        assertThat(made.get()).isLessThan(threads * rounds); // objects were reused
    }

    @Test
    void virtualThreadsShareThePool() throws Exception {
        // A ThreadLocal cache cannot reuse across virtual threads (each starts empty); the pool does.
        AtomicInteger made = new AtomicInteger();
        Pool<byte[]> pool = new Pool<>(() -> {
            made.incrementAndGet();
            return new byte[1024];
        });
        int tasks = 2_000;
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < tasks; i++) {
            wg.go(() -> {
                byte[] buf = pool.get();
                buf[0] = 1;
                buf[0] = 0;
                pool.put(buf);
            });
        }
        wg.await();
        assertThat(made.get()).isLessThan(tasks);
    }
}
