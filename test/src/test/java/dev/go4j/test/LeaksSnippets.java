package dev.go4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The examples published in the Javadoc of {@link Leaks} and {@link VerifyNoLeaks}; they run here. */
class LeaksSnippets {

    @Test
    void verifyNone() throws Exception {
        // @start region=verifyNone
        Leaks.Option before = Leaks.ignoreCurrent();        // opt := goleak.IgnoreCurrent()
        Thread worker = Thread.ofVirtual().start(() -> { }); // go work()
        worker.join();                                      // wg.Wait()
        Leaks.verifyNone(before);                           // goleak.VerifyNone(t, opt)
        // @end
        assertThat(worker.isAlive()).isFalse();
    }

    @Fixture
    // @start region=annotation
    @VerifyNoLeaks(ignoreNames = "metrics-reporter-\\d+")
    static class OrderServiceTest {
        @Test
        void placesAnOrder() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            // ... the test ...
            pool.shutdown(); // without this line the class fails, naming the four pool threads
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
    // @end

    @Test
    void annotation() {
        EngineTestKit.engine("junit-jupiter")
                .enableImplicitConfigurationParameters(false)
                .configurationParameter(Fixture.PARAMETER, "true")
                .selectors(selectClass(OrderServiceTest.class))
                .execute()
                .allEvents().assertStatistics(s -> s.failed(0).succeeded(3));
    }
}
