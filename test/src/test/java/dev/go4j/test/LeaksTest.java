package dev.go4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Leaks}: goleak's {@code VerifyNone}, {@code Find} and its options, on platform and virtual
 * threads. Every thread a test starts is released and joined before it ends.
 */
class LeaksTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private Leaks.Option before;

    @BeforeEach
    void noteThreads() {
        before = Leaks.ignoreCurrent();
    }

    @AfterEach
    void nothingLeftBehind() {
        release.countDown();
        Leaks.verifyNone(before, Leaks.maxWait(Duration.ofSeconds(30)));
    }

    /** Parks the calling thread until the test ends: a frame with a name the report must show. */
    private void parkUntilReleased() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a thread that parks until the test ends, and returns once it is parked. */
    private Thread parked(Thread.Builder builder) {
        Thread t = builder.start(this::parkUntilReleased);
        await(() -> t.getState() == Thread.State.WAITING);
        return t;
    }

    private static List<LeakedThread> findNow(Leaks.Option... options) {
        return Leaks.find(options);
    }

    @Test
    void findsALeakedPlatformThread() throws Exception {
        Thread t = parked(Thread.ofPlatform().name("leaky-platform"));
        try {
            List<LeakedThread> leaks = findNow(before, Leaks.maxWait(Duration.ZERO));
            assertThat(leaks).singleElement().satisfies(leak -> {
                assertThat(leak.id()).isEqualTo(t.threadId());
                assertThat(leak.name()).isEqualTo("leaky-platform");
                assertThat(leak.virtual()).isFalse();
                assertThat(leak.hasFrame("dev.go4j.test.LeaksTest.parkUntilReleased")).isTrue();
            });
        } finally {
            release.countDown();
            t.join();
        }
    }

    @Test
    void findsAVirtualThreadParkedOnALock() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        Thread t;
        try {
            t = Thread.ofVirtual().name("leaky-virtual").start(lock::lock);
            await(() -> lock.hasQueuedThread(t));
            List<LeakedThread> leaks = findNow(before, Leaks.maxWait(Duration.ZERO));
            assertThat(leaks).singleElement().satisfies(leak -> {
                assertThat(leak.id()).isEqualTo(t.threadId());
                assertThat(leak.virtual()).isTrue();
                assertThat(leak.hasFrame("java.util.concurrent.locks.ReentrantLock.lock")).isTrue();
            });
        } finally {
            lock.unlock();
        }
        t.join();
    }

    @Test
    void findsAVirtualThreadParkedOnAChannelReceive() throws Exception {
        // SynchronousQueue is the JDK's unbuffered channel; go4j's own Channel is checked in core's tests.
        SynchronousQueue<String> channel = new SynchronousQueue<>();
        Thread t = Thread.ofVirtual().unstarted(() -> {
            try {
                channel.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        await(() -> t.getState() == Thread.State.WAITING);
        assertThatThrownBy(() -> Leaks.verifyNone(before, Leaks.maxWait(Duration.ofMillis(20))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("found 1 unexpected thread still alive")
                .hasMessageContaining("Thread #" + t.threadId() + " \"\" virtual")
                .hasMessageContaining("at java.base/java.util.concurrent.SynchronousQueue.take(");
        channel.put("done");
        t.join();
    }

    @Test
    void reportNamesEachThreadAndItsStack() throws Exception {
        Thread a = parked(Thread.ofPlatform().name("leaky-a"));
        Thread b = parked(Thread.ofVirtual().name("leaky-b"));
        try {
            assertThatThrownBy(() -> Leaks.verifyNone(before, Leaks.maxWait(Duration.ZERO)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("found 2 unexpected threads still alive")
                    .hasMessageContaining("Thread #" + a.threadId() + " \"leaky-a\" platform, WAITING")
                    .hasMessageContaining("Thread #" + b.threadId() + " \"leaky-b\" virtual, WAITING")
                    .hasMessageContaining("\tat dev.go4j.test.LeaksTest.parkUntilReleased(LeaksTest.java:")
                    // its own stack would print right after the threads' and read as one more thread's
                    .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
        } finally {
            release.countDown();
            a.join();
            b.join();
        }
    }

    @Test
    void aThreadThatEndsWhileSettlingIsNotALeak() throws Exception {
        Thread t = parked(Thread.ofVirtual().name("ending"));
        assertThat(findNow(before, Leaks.maxWait(Duration.ZERO))).extracting(LeakedThread::name)
                .containsExactly("ending");
        // Released a moment after the check starts: the check's back-off must outwait it.
        Thread releaser = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        });
        Leaks.verifyNone(before, Leaks.maxWait(Duration.ofSeconds(30)));
        assertThat(t.isAlive()).isFalse();
        releaser.join();
    }

    @Test
    void theJdksOwnThreadsAreNotLeaks() throws Exception {
        // Carrier threads of the virtual-thread scheduler, and common-pool workers, start on demand.
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            IntStream.range(0, 100).forEach(i -> executor.submit(() -> {
                Thread.sleep(1);
                return null;
            }));
        }
        assertThat(IntStream.range(0, 10_000).parallel().sum()).isEqualTo(49_995_000);
        ForkJoinPool.commonPool().submit(() -> { }).get();
        Leaks.verifyNone(before, Leaks.maxWait(Duration.ofSeconds(30)));
    }

    @Test
    void theJdksIoPollersAreNotLeaks() throws Exception {
        // A virtual thread's first blocking socket read starts the JDK's pollers (virtual threads on JDK 25).
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread client = Thread.ofVirtual().start(() -> {
                try (Socket socket = new Socket(server.getInetAddress(), server.getLocalPort())) {
                    assertThat(socket.getInputStream().read()).isEqualTo(1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (Socket accepted = server.accept()) {
                await(() -> client.getState() == Thread.State.WAITING);
                accepted.getOutputStream().write(1);
            }
            client.join();
        }
        Leaks.verifyNone(before, Leaks.maxWait(Duration.ofSeconds(30)));
    }

    @Test
    void anExecutorLeftOpenIsALeakAndClosingItEndsIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1, Thread.ofPlatform().name("pool-", 0).factory());
        pool.submit(() -> { }).get();
        assertThat(findNow(before, Leaks.maxWait(Duration.ZERO))).extracting(LeakedThread::name)
                .containsExactly("pool-0");
        pool.shutdown();
        Leaks.verifyNone(before, Leaks.maxWait(Duration.ofSeconds(30)));
    }

    @Test
    void ignoreCurrentExpectsTheThreadsAliveWhenItIsCalled() throws Exception {
        Thread t = parked(Thread.ofVirtual().name("already-running"));
        Leaks.Option now = Leaks.ignoreCurrent();
        Leaks.verifyNone(before, now, Leaks.maxWait(Duration.ZERO));
        Thread later = parked(Thread.ofVirtual().name("started-later"));
        assertThat(findNow(before, now, Leaks.maxWait(Duration.ZERO))).extracting(LeakedThread::name)
                .containsExactly("started-later");
        release.countDown();
        t.join();
        later.join();
    }

    @Test
    void ignoreNamesExpectsThreadsWhoseWholeNameMatches() throws Exception {
        Thread t = parked(Thread.ofPlatform().name("poller-7"));
        Leaks.verifyNone(before, Leaks.ignoreNames("poller-\\d+"), Leaks.maxWait(Duration.ZERO));
        assertThat(findNow(before, Leaks.ignoreNames("poller"), Leaks.maxWait(Duration.ZERO))).hasSize(1);
        release.countDown();
        t.join();
    }

    @Test
    void ignoreTopFrameMatchesTheInnermostFrameOutsideTheJdk() throws Exception {
        Thread t = parked(Thread.ofVirtual());
        Leaks.verifyNone(before, Leaks.ignoreTopFrame("dev.go4j.test.LeaksTest.parkUntilReleased"),
                Leaks.maxWait(Duration.ZERO));
        // Not a frame below the top, and not the JDK's park on top of it.
        assertThat(findNow(before, Leaks.ignoreTopFrame("java.lang.Thread.run"),
                Leaks.ignoreTopFrame("java.util.concurrent.CountDownLatch.await"),
                Leaks.maxWait(Duration.ZERO))).hasSize(1);
        release.countDown();
        t.join();
    }

    @Test
    void ignoreAnyFrameMatchesAFrameAnywhereInTheStack() throws Exception {
        Thread t = parked(Thread.ofVirtual());
        Leaks.verifyNone(before, Leaks.ignoreAnyFrame("java.util.concurrent.CountDownLatch.await"),
                Leaks.maxWait(Duration.ZERO));
        assertThat(findNow(before, Leaks.ignoreAnyFrame("java.util.concurrent.CountDownLatch.countDown"),
                Leaks.maxWait(Duration.ZERO))).hasSize(1);
        release.countDown();
        t.join();
    }

    @Test
    void badArgumentsAreRefusedByName() {
        assertThatThrownBy(() -> Leaks.maxWait(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait");
        assertThatThrownBy(() -> Leaks.ignoreNames(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("regex");
        assertThatThrownBy(() -> Leaks.verifyNone((Leaks.Option) null))
                .isInstanceOf(NullPointerException.class).hasMessage("option");
        // An extreme wait saturates instead of overflowing.
        Leaks.verifyNone(before, Leaks.maxWait(Duration.ofSeconds(Long.MAX_VALUE)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        java.base/java.lang.Thread.run(Thread.java:1474)                  | java.lang.Thread.run           | true
        java.base@25.0.3/jdk.internal.misc.Unsafe.park(Native Method)    | jdk.internal.misc.Unsafe.park  | true
        app//com.example.Main.run(Main.java:7)                           | com.example.Main.run           | false
        com.example.app@1.0/com.example.Poller.loop(Poller.java:3)       | com.example.Poller.loop        | false
        dev.go4j.chan.HChan.receive(HChan.java:80)                       | dev.go4j.chan.HChan.receive    | false
        sun.nio.ch.Net.poll(Native Method)                               | sun.nio.ch.Net.poll            | true
        """)
    void framesAreReadAsStackTraceElementWritesThem(String frame, String method, boolean jdk) {
        assertThat(LeakedThread.methodOf(frame)).isEqualTo(method);
        assertThat(LeakedThread.isJdkFrame(frame)).isEqualTo(jdk);
    }

    @Test
    void readsTheDumpOfJdk21WhichDoesNotMarkVirtualThreads() throws Exception {
        String json = """
            {"threadDump": {"processId": "1", "threadContainers": [
              {"container": "<root>", "parent": null, "threads": [
                {"tid": "1", "name": "main", "stack": ["Main.main(Main.java:1)"]},
                {"tid": "40", "name": "", "stack": []}]},
              {"container": "java.util.concurrent.ThreadPerTaskExecutor@1", "parent": "<root>", "threads": [
                {"tid": "41", "name": "worker", "stack": ["java.base\\/java.lang.VirtualThread.run(VirtualThread.java:309)"]}]}
            ]}}""";
        List<LeakedThread> threads = ThreadDump.parse(new ObjectMapper().readTree(json), Set.of(1L));
        assertThat(threads).extracting(LeakedThread::id).containsExactly(1L, 40L, 41L);
        assertThat(threads).extracting(LeakedThread::virtual).containsExactly(false, true, true);
        assertThat(threads.get(2).stack()).containsExactly("java.base/java.lang.VirtualThread.run(VirtualThread.java:309)");
        assertThat(threads.get(0).state()).isEmpty();
    }

    @Test
    void theBuildLetsLooksReadTheThreadContainers() {
        // The parent pom's argLine exports jdk.internal.vm; without it every look would take the JSON
        // dump, which JDK 25 can crash on (see the next test).
        assertThat(Leaks.readsThreadContainers()).isTrue();
    }

    @Test
    void lookingWhileVirtualThreadsParkAndUnparkSeesThemAllAndKeepsTheJvmAlive() throws Exception {
        // JDK-8364343: on JDK 25 the JSON thread dump, taken while virtual threads park and unpark, can
        // crash the JVM (a loop of dumps beside these 50 threads crashed 25.0.3 within half a second).
        // Each look here must see all 50 and, run against the dump instead, this test kills its JVM.
        int parkers = 50;
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = IntStream.range(0, parkers)
                .mapToObj(i -> Thread.ofVirtual().name("parker-" + i).start(() -> {
                    while (!stop.get()) {
                        LockSupport.parkNanos(1_000);
                    }
                }))
                .toList();
        try {
            for (int look = 0; look < 300; look++) {
                assertThat(findNow(before, Leaks.maxWait(Duration.ZERO)))
                        .filteredOn(t -> t.name().startsWith("parker-"))
                        .hasSize(parkers)
                        .allSatisfy(t -> assertThat(t.virtual()).isTrue());
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    @Test
    void findsAVirtualThreadOfAnExecutorLeftOpen() throws Exception {
        // Such a thread lives in the executor's own thread container, a child of the root one.
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch started = new CountDownLatch(1);
        executor.submit(() -> {
            started.countDown();
            parkUntilReleased();
        });
        started.await();
        try {
            assertThat(findNow(before, Leaks.maxWait(Duration.ZERO))).singleElement().satisfies(leak -> {
                assertThat(leak.virtual()).isTrue();
                assertThat(leak.hasFrame("dev.go4j.test.LeaksTest.parkUntilReleased")).isTrue();
            });
        } finally {
            release.countDown();
            executor.close();
        }
    }

    @Test
    void theJsonDumpFallbackSeesTheSameThreads() throws Exception {
        Thread t = parked(Thread.ofVirtual().name("seen-both-ways"));
        try {
            List<LeakedThread> dumped = ThreadDump.jsonDump(Set.of());
            assertThat(dumped).filteredOn(d -> d.id() == t.threadId()).singleElement().satisfies(d -> {
                assertThat(d.name()).isEqualTo("seen-both-ways");
                assertThat(d.virtual()).isTrue();
                assertThat(d.state()).isEqualTo("WAITING");
                assertThat(d.hasFrame("dev.go4j.test.LeaksTest.parkUntilReleased")).isTrue();
            });
            LeakedThread fromDump = dumped.stream().filter(d -> d.id() == t.threadId()).findFirst().orElseThrow();
            assertThat(ThreadDump.take().threads()).filteredOn(d -> d.id() == t.threadId())
                    .singleElement().isEqualTo(fromDump);
        } finally {
            release.countDown();
            t.join();
        }
    }

    private static void await(Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(condition);
    }
}
