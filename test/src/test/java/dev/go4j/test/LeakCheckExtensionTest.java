package dev.go4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.nestedContainer;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@link VerifyNoLeaks} and {@link LeakCheckExtension} on whole test classes, run in JUnit's
 * {@link EngineTestKit}: Go's {@code goleak.VerifyTestMain} fails a package whose tests leak goroutines.
 * The fixture classes below run only there; each thread they leave is released and joined after.
 */
class LeakCheckExtensionTest {

    /** Released after each test: every thread a fixture left parked ends. */
    static volatile CountDownLatch release = new CountDownLatch(1);
    static final List<Thread> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void releaseFixtureThreads() throws InterruptedException {
        release.countDown();
        for (Thread t : started) {
            t.join();
        }
        started.clear();
        release = new CountDownLatch(1);
    }

    static Thread leak(Thread.Builder builder) {
        CountDownLatch latch = release;
        Thread t = builder.start(() -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started.add(t);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> t.getState() == Thread.State.WAITING);
        return t;
    }

    private static EngineExecutionResults run(Class<?> fixture, Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter")
                .enableImplicitConfigurationParameters(false)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .configurationParameter(Fixture.PARAMETER, "true")
                .configurationParameter(LeakCheckExtension.MAX_WAIT_MILLIS, "100")
                .configurationParameters(parameters)
                .selectors(selectClass(fixture))
                .execute();
    }

    // ---- fixtures ----

    @Fixture
    @VerifyNoLeaks
    static class LeaksAVirtualThread {
        @Test
        void leaves() {
            leak(Thread.ofVirtual().name("left-behind"));
        }

        @Test
        void clean() {
        }
    }

    @Fixture
    @VerifyNoLeaks(VerifyNoLeaks.Mode.PER_TEST)
    static class LeaksPerTest {
        @Test
        void leaves() {
            leak(Thread.ofPlatform().name("left-by-one-test"));
        }

        @Test
        void clean() {
        }
    }

    @Fixture
    @VerifyNoLeaks(maxWaitMillis = 30_000)
    static class ThreadsEndingAfterTheTest {
        @Test
        void shutsDownWithoutWaiting() {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            pool.submit(() -> { });
            pool.submit(() -> { });
            pool.shutdown(); // the workers end a moment after the test
        }

        @Test
        void startsVirtualThreadsThatEndSoon() {
            for (int i = 0; i < 10; i++) {
                Thread.ofVirtual().start(Thread::yield);
            }
        }
    }

    @Fixture
    @VerifyNoLeaks(ignoreNames = "known-.*", ignoreTopFrames = "dev.go4j.test.LeakCheckExtensionTest.topFrame")
    static class IgnoresWhatItIsTold {
        @Test
        void leavesAKnownThread() {
            leak(Thread.ofVirtual().name("known-poller"));
        }

        @Test
        void leavesAThreadInAKnownMethod() {
            Thread t = Thread.ofVirtual().unstarted(LeakCheckExtensionTest::topFrame);
            started.add(t);
            t.start();
        }
    }

    static void topFrame() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Fixture
    @VerifyNoLeaks(VerifyNoLeaks.Mode.OFF)
    static class Off {
        @Test
        void leaves() {
            leak(Thread.ofVirtual());
        }
    }

    @Fixture
    static class NotAnnotated {
        @Test
        void leaves() {
            leak(Thread.ofPlatform().name("found-by-autodetection"));
        }
    }

    @Fixture
    @VerifyNoLeaks
    static class Outer {
        @Nested
        class Inner {
            @Test
            void leaves() {
                leak(Thread.ofVirtual().name("left-by-nested"));
            }
        }
    }

    // ---- tests ----

    @Test
    void aClassThatLeavesAThreadFailsWithItsNameAndStack() {
        EngineExecutionResults results = run(LeaksAVirtualThread.class, Map.of());
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(LeaksAVirtualThread.class),
                finishedWithFailure(instanceOf(AssertionError.class),
                        message(m -> m.startsWith("test class " + LeaksAVirtualThread.class.getName()
                                + " left threads running: found 1 unexpected thread")
                                && m.contains("\"left-behind\" virtual, WAITING")
                                && m.contains("\tat java.base/java.util.concurrent.CountDownLatch.await(")
                                && m.contains("\tat dev.go4j.test.LeakCheckExtensionTest.lambda$leak$")))));
    }

    @Test
    void perTestModeFailsOnlyTheTestThatLeaves() {
        EngineExecutionResults results = run(LeaksPerTest.class, Map.of());
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("leaves"),
                finishedWithFailure(message(m -> m.contains("$LeaksPerTest.leaves (leaves()) left threads running")
                        && m.contains("\"left-by-one-test\" platform, WAITING")))));
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void threadsThatEndWhileTheCheckWaitsAreNotLeaks() {
        EngineExecutionResults results = run(ThreadsEndingAfterTheTest.class, Map.of());
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void ignoredThreadsDoNotFail() {
        EngineExecutionResults results = run(IgnoresWhatItIsTold.class, Map.of());
        results.allEvents().assertStatistics(s -> s.failed(0));
        assertThat(started).hasSize(2).allMatch(Thread::isAlive);
    }

    @Test
    void suiteWideIgnoresComeFromConfigurationParameters() {
        EngineExecutionResults results = run(LeaksAVirtualThread.class,
                Map.of(LeakCheckExtension.IGNORE_NAMES, "unrelated, left-.*"));
        results.allEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void offModeDoesNotLook() {
        run(Off.class, Map.of()).allEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void autodetectionChecksEveryClassAndTheModeComesFromTheSuite() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .enableImplicitConfigurationParameters(false)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(Fixture.PARAMETER, "true")
                .configurationParameter(LeakCheckExtension.MODE, "per_test")
                .configurationParameter(LeakCheckExtension.MAX_WAIT_MILLIS, "100")
                .selectors(selectClass(NotAnnotated.class))
                .execute();
        results.testEvents().assertThatEvents().haveExactly(1, event(test("leaves"),
                finishedWithFailure(message(m -> m.contains("\"found-by-autodetection\" platform")))));
    }

    @Test
    void aBadSettingFailsTheClassNamingTheParameter() {
        run(Off.class, Map.of(LeakCheckExtension.MODE, "sometimes")).allEvents().assertStatistics(s -> s.failed(0));
        run(LeaksPerTest.class, Map.of(LeakCheckExtension.MAX_WAIT_MILLIS, "-5")).testEvents()
                .assertThatEvents().haveExactly(1, event(test("leaves"), finishedWithFailure(
                        message("go4j.leaks.maxWaitMillis must be a number of milliseconds >= 0, not \"-5\""))));
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .enableImplicitConfigurationParameters(false)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(Fixture.PARAMETER, "true")
                .configurationParameter(LeakCheckExtension.MODE, "sometimes")
                .selectors(selectClass(NotAnnotated.class))
                .execute();
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(NotAnnotated.class),
                finishedWithFailure(message("go4j.leaks.mode must be per_class, per_test or off, not \"sometimes\""))));
    }

    @Test
    void withoutAutodetectionAnUnannotatedClassIsNotChecked() {
        run(NotAnnotated.class, Map.of()).allEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void aNestedClassIsCheckedOnItsOwn() {
        EngineExecutionResults results = run(Outer.class, Map.of());
        results.containerEvents().assertThatEvents().haveExactly(1, event(nestedContainer(Outer.Inner.class),
                finishedWithFailure(message(m -> m.contains("\"left-by-nested\"")))));
    }
}
