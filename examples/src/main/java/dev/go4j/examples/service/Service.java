package dev.go4j.examples.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.go4j.context.Context;
import dev.go4j.patterns.http.AccessLog;
import dev.go4j.patterns.http.BearerAuth;
import dev.go4j.patterns.http.ClientAddress;
import dev.go4j.patterns.http.Cors;
import dev.go4j.patterns.http.Middleware;
import dev.go4j.patterns.http.RateLimit;
import dev.go4j.patterns.http.Recovery;
import dev.go4j.patterns.http.RequestId;
import dev.go4j.patterns.http.Server;
import dev.go4j.patterns.http.ServerLimits;
import dev.go4j.patterns.http.Timeout;
import dev.go4j.patterns.ratelimit.KeyedRateLimiter;
import dev.go4j.patterns.ratelimit.Limit;
import dev.go4j.patterns.ratelimit.Limiter;
import dev.go4j.patterns.shutdown.Shutdown;
import dev.go4j.patterns.shutdown.ShutdownReport;
import dev.go4j.patterns.shutdown.SignalContext;
import dev.go4j.patterns.workerpool.WorkerPool;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A small HTTP service on the JDK's own server, with everything a Go service has in {@code main}: the
 * recommended middleware chain, a worker pool for background jobs, and a graceful shutdown on SIGTERM
 * with a readiness endpoint. The Go twin is {@code go/cmd/service}.
 *
 * <pre>
 * GET  /healthz      liveness: 200 while the process runs              (no middleware)
 * GET  /readyz       readiness: 200, then 503 once shutdown starts     (no middleware)
 * GET  /bare/hello   "hello": the handler alone                        (the load test's baseline)
 * GET  /hello        "hello" through the full chain                    (bearer token required)
 * POST /jobs?n=N     queue a background job, 202 with its id           (bearer token required)
 * GET  /jobs/{id}    the job's state and result                        (bearer token required)
 * </pre>
 *
 * The chain, outermost first: RequestId, Recovery, AccessLog, Timeout, Cors, RateLimit, BearerAuth.
 *
 * <p>Shutdown, on SIGINT or SIGTERM (a second signal halts at once): readiness turns 503, the
 * optional pre-stop delay passes, the server stops accepting and drains the requests in flight under
 * the drain deadline, then the close steps run last-opened first: the server's connections, the rate
 * limiter's janitor, and the background jobs (queued ones finish until the step deadline; the rest are
 * cancelled). The report of every step is printed.
 *
 * <p>Run (one command, from the repository root):
 * <pre>{@code
 * ./mvnw -q -pl examples -am package -DskipTests && java -jar examples/target/examples.jar --port=8080
 * curl -H 'Authorization: Bearer demo-token' localhost:8080/hello
 * }</pre>
 * The flags are those of {@link ServiceConfig#parse(String...)}.
 */
public final class Service implements AutoCloseable {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);

    private final Server server;
    private final WorkerPool pool;
    private final Shutdown shutdown;
    private final Jobs jobs;

    private Service(Server server, WorkerPool pool, Shutdown shutdown, Jobs jobs) {
        this.server = server;
        this.pool = pool;
        this.shutdown = shutdown;
        this.jobs = jobs;
    }

    /**
     * Starts the service: binds, mounts the routes, starts the workers.
     *
     * @param config the settings
     * @return the running service
     * @throws IOException if the address cannot be bound
     */
    public static Service start(ServiceConfig config) throws IOException {
        ServerLimits.recommended().apply(); // read by the JVM's first HttpServer
        Server server = Server.create(new InetSocketAddress(config.host(), config.port()), 1024);
        WorkerPool pool = WorkerPool.builder().name("jobs").workers(config.workers())
                .queueCapacity(config.queue()).taskTimeout(config.jobTimeout()).build();
        KeyedRateLimiter<String> perClient = new KeyedRateLimiter<>(
                client -> new Limiter(Limit.of(config.rate()), config.burst()), 10_000, Duration.ofMinutes(5));
        Shutdown shutdown = Shutdown.builder().preStopDelay(config.preStopDelay())
                .drainTimeout(config.drainTimeout()).stepTimeout(config.stepTimeout()).build();

        BearerAuth<String> auth = BearerAuth.verifying(
                token -> token.equals(config.token()) ? Optional.of("demo") : Optional.empty());
        Middleware standard = RequestId.generating()
                .andThen(Recovery.create())
                .andThen(config.accessLog() ? AccessLog.create() : AccessLog.to(entry -> { }))
                .andThen(Timeout.of(config.requestTimeout()))
                .andThen(Cors.builder().allowOrigins("http://localhost:3000").allowMethods("GET", "POST").build())
                .andThen(RateLimit.perClient(perClient, ClientAddress.direct()))
                .andThen(auth);
        Jobs jobs = new Jobs(pool, auth::user);

        server.handle("/healthz", Service::liveness)
                .handle("/readyz", Server.readiness(shutdown::isReady))
                .handle("/bare/hello", Service::hello)
                .handle("/hello", standard.wrap(Service::hello))
                .handle("/jobs", standard.wrap(jobs));

        // Close steps run last registered first: the server's connections, the limiter, then the jobs.
        shutdown.onDrain("http", server::shutdown)
                .onCloseStep("jobs", jobs::drain)
                .onClose("rate limiter", perClient)
                .onClose("http server", server);
        server.start();
        return new Service(server, pool, shutdown, jobs);
    }

    /**
     * Where the service listens, with the real port when 0 was asked for.
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return server.address();
    }

    /**
     * The shutdown coordinator: {@code isReady()} backs {@code /readyz}; {@code runWhenDone(ctx)}
     * waits for a trigger.
     *
     * @return the coordinator
     */
    public Shutdown shutdown() {
        return shutdown;
    }

    /**
     * The background job pool, for its counters.
     *
     * @return the pool
     */
    public WorkerPool jobs() {
        return pool;
    }

    /** The job routes, for tests. */
    Jobs jobRoutes() {
        return jobs;
    }

    /** Exchanges being handled now. */
    int inFlight() {
        return server.inFlight();
    }

    /**
     * Runs the graceful shutdown now (once; later calls return the same report).
     *
     * @return what closed, what timed out, and how long each step took
     */
    public ShutdownReport stop() {
        return shutdown.run();
    }

    /** Runs the graceful shutdown, as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private static void liveness(HttpExchange ex) throws IOException {
        write(ex, OK);
    }

    private static void hello(HttpExchange ex) throws IOException {
        write(ex, HELLO);
    }

    private static void write(HttpExchange ex, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        try (ex; OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Starts the service and serves until SIGINT or SIGTERM, then shuts it down gracefully and prints
     * the report. Go: {@code signal.NotifyContext}, {@code <-ctx.Done()}, {@code srv.Shutdown(ctx)}.
     *
     * @param args {@code --name=value} flags, see {@link ServiceConfig#parse(String...)}
     * @throws Exception if the service cannot start
     */
    public static void main(String[] args) throws Exception {
        ServiceConfig config;
        try {
            config = ServiceConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("service: " + e.getMessage());
            System.exit(2);
            return;
        }
        try (SignalContext signals = SignalContext.notifyContext(Context.background(), "INT", "TERM")) {
            Service service = start(config);
            InetSocketAddress a = service.address();
            System.out.println("listening on http://" + a.getHostString() + ":" + a.getPort());
            ShutdownReport report = service.shutdown().runWhenDone(signals.context());
            System.out.println("stopped on " + signals.signal() + ": " + report);
        }
    }
}
