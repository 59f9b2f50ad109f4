package dev.go4j.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.patterns.shutdown.ShutdownReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The example service on a free loopback port, driven with real HTTP requests. */
class ServiceTest {
    private static final String TOKEN = "test-token";
    private static final Pattern JOB_ID = Pattern.compile("\"id\":\"(job-\\d+)\"");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private Service service;

    @AfterEach
    void tearDown() {
        if (service != null) {
            service.stop();
        }
        client.close();
    }

    private Service start(String... flags) throws IOException {
        String[] all = new String[flags.length + 4];
        all[0] = "--port=0";
        all[1] = "--token=" + TOKEN;
        all[2] = "--access-log=off";
        all[3] = "--rate=1000000";
        System.arraycopy(flags, 0, all, 4, flags.length);
        service = Service.start(ServiceConfig.parse(all));
        return service;
    }

    private HttpResponse<String> send(String method, String path, boolean authenticated)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.address().getPort() + path))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authenticated) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, true);
    }

    @Test
    void healthAndReadinessStayOpenWhileTheApiNeedsABearerToken() throws Exception {
        start();
        assertThat(send("GET", "/healthz", false).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/readyz", false).body()).isEqualTo("ok");
        assertThat(send("GET", "/bare/hello", false).body()).isEqualTo("hello");

        HttpResponse<String> refused = send("GET", "/hello", false);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> v.startsWith("Bearer"));

        HttpResponse<String> ok = get("/hello");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("hello");
        assertThat(ok.headers().firstValue("X-Request-ID")).hasValueSatisfying(id -> assertThat(id).hasSize(32));
    }

    @Test
    void aJobIsQueuedWith202AndItsResultIsReadLater() throws Exception {
        start();
        HttpResponse<String> queued = send("POST", "/jobs?n=1000", true);
        assertThat(queued.statusCode()).isEqualTo(202);
        String id = jobId(queued.body());
        assertThat(queued.headers().firstValue("Location")).hasValue("/jobs/" + id);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/jobs/" + id).body().contains("succeeded"));
        assertThat(get("/jobs/" + id).body()).isEqualTo("{\"id\":\"" + id + "\",\"n\":1000,\"state\":\"succeeded\",\"primes\":168}");

        assertThat(get("/jobs/job-999999").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/jobs?n=abc", true).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/jobs?n=" + (Jobs.MAX_N + 1), true).statusCode()).isEqualTo(400);
        assertThat(send("DELETE", "/jobs", true).statusCode()).isEqualTo(405);
        assertThat(send("GET", "/jobsfoo", true).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/jobs?n=10", false).statusCode()).isEqualTo(401);
    }

    @Test
    void aFullJobQueueIsRefusedAtOnceWith503AndRetryAfter() throws Exception {
        // one worker and one queue slot: a long job runs, a second waits, the third is shed
        start("--workers=1", "--queue=1");
        assertThat(send("POST", "/jobs?n=" + Jobs.MAX_N, true).statusCode()).isEqualTo(202);
        await().until(() -> service.jobs().running() == 1);
        assertThat(send("POST", "/jobs?n=" + Jobs.MAX_N, true).statusCode()).isEqualTo(202);
        HttpResponse<String> shed = send("POST", "/jobs?n=10", true);
        assertThat(shed.statusCode()).isEqualTo(503);
        assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(service.jobs().dropped()).isEqualTo(1);
        service.jobs().shutdownNow(); // do not wait for the long jobs in tearDown
    }

    @Test
    void readinessAnswers503AsSoonAsShutdownStartsWhileRequestsAreStillServed() throws Exception {
        start("--pre-stop=PT10M"); // the pre-stop delay keeps serving; an interrupt ends it below
        Thread stopping = Thread.ofVirtual().start(service::stop);
        await().until(() -> !service.shutdown().isReady());
        HttpResponse<String> ready = send("GET", "/readyz", false);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(get("/hello").statusCode()).isEqualTo(200); // still serving during the pre-stop delay
        stopping.interrupt();
        stopping.join();
        assertThatThrownBy(() -> get("/hello")).isInstanceOf(IOException.class);
    }

    @Test
    void shutdownUnderLoadCompletesEveryAcceptedRequestAndJobThenRefusesAndNothingHangs() throws Exception {
        start("--workers=2", "--queue=64", "--drain=60", "--step=60", "--request-timeout=60");
        int clients = 8;
        Map<Long, String> outcome = new ConcurrentHashMap<>();
        Queue<String> acceptedJobs = new ConcurrentLinkedQueue<>();
        AtomicLong ids = new AtomicLong();
        CountDownLatch loaded = new CountDownLatch(300);
        try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?>[] running = new Future<?>[clients];
            for (int c = 0; c < clients; c++) {
                boolean submitsJobs = c % 2 == 0;
                running[c] = load.submit(() -> {
                    while (true) {
                        long id = ids.incrementAndGet();
                        try {
                            HttpResponse<String> r = submitsJobs ? send("POST", "/jobs?n=30000", true) : get("/hello");
                            if (r.statusCode() == 200 && r.body().equals("hello")) {
                                outcome.put(id, "complete");
                            } else if (r.statusCode() == 202 && JOB_ID.matcher(r.body()).find()) {
                                outcome.put(id, "complete");
                                acceptedJobs.add(jobId(r.body()));
                            } else if (r.statusCode() == 503 && r.body().contains("queue full")) {
                                outcome.put(id, "shed");
                            } else if (r.statusCode() == 503) {
                                outcome.put(id, "refused");
                                return null;
                            } else {
                                outcome.put(id, "bad " + r.statusCode() + " " + r.body());
                            }
                        } catch (IOException refused) { // the listener is closed
                            outcome.put(id, "refused: " + refused);
                            return null;
                        }
                        loaded.countDown();
                    }
                });
            }
            loaded.await(); // mid-load
            long t0 = System.nanoTime();
            ShutdownReport report = CompletableFuture.supplyAsync(service::stop, load).join();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            for (Future<?> f : running) {
                f.get(); // every client ended on a refusal
            }
            assertThat(report.clean()).as(report.toString()).isTrue();
            // drain the requests, then close last-opened first: connections, limiter, then the jobs
            assertThat(report.steps()).extracting(ShutdownReport.Step::name)
                    .containsExactly("http", "http server", "rate limiter", "jobs");
            assertThat(took).isLessThan(Duration.ofSeconds(60));
            assertThat(outcome.values()).noneMatch(v -> v.startsWith("bad"));
            assertThat(outcome.values().stream().filter("complete"::equals).count()).isGreaterThanOrEqualTo(300);
            assertThat(acceptedJobs).isNotEmpty();
            for (String job : acceptedJobs) { // the drain finished every job it had accepted
                assertThat(Jobs.describe(service.jobRoutes().find(job))).as(job).contains("\"succeeded\"");
            }
            assertThatThrownBy(() -> get("/hello")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aJobStillRunningAtTheStepDeadlineIsCancelledAndTheReportSaysSo() throws Exception {
        start("--workers=1", "--step=PT1S");
        HttpResponse<String> queued = send("POST", "/jobs?n=" + Jobs.MAX_N, true); // minutes of work
        String id = jobId(queued.body());
        await().until(() -> service.jobs().running() == 1);
        ShutdownReport report = service.stop();
        assertThat(report.clean()).as(report.toString()).isFalse();
        assertThat(report.step("jobs").outcome()).isNotEqualTo(ShutdownReport.Outcome.COMPLETED);
        await().atMost(Duration.ofSeconds(30)).until(() -> service.jobs().isTerminated());
        assertThat(Jobs.describe(service.jobRoutes().find(id))).contains("\"cancelled\"");
    }

    @Test
    void flagsOverrideTheDefaultsAndABadFlagIsNamed() {
        ServiceConfig c = ServiceConfig.parse("--port=9000", "--workers=8", "--drain=2.5", "--step=PT1S", "--access-log=off");
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.workers()).isEqualTo(8);
        assertThat(c.drainTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.stepTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.accessLog()).isFalse();
        assertThat(c.token()).isEqualTo(ServiceConfig.defaults().token());
        assertThatThrownBy(() -> ServiceConfig.parse("--colour=blue")).hasMessageContaining("colour");
        assertThatThrownBy(() -> ServiceConfig.parse("--port=x")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> ServiceConfig.parse("--port=70000")).hasMessageContaining("port");
        assertThatThrownBy(() -> ServiceConfig.parse("port=1")).hasMessageContaining("--name=value");
    }

    private static String jobId(String body) {
        Matcher m = JOB_ID.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }
}
