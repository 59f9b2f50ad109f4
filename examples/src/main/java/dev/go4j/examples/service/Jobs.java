package dev.go4j.examples.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.go4j.context.Context;
import dev.go4j.patterns.workerpool.TaskHandle;
import dev.go4j.patterns.workerpool.WorkerPool;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The service's background jobs: {@code POST /jobs?n=N} queues a job on a {@link WorkerPool} and
 * answers 202 at once; {@code GET /jobs/<id>} reports it. A job counts the primes below {@code n}, a
 * CPU task that reads its context, so a per-job timeout or a shutdown stops it.
 *
 * <ul>
 *   <li>Back-pressure without blocking a request: a full queue is refused at once with 503 and
 *       {@code Retry-After} ({@code trySubmit}), never by parking the request's thread.</li>
 *   <li>A job belongs to the user who submitted it; another user gets 404 for it.</li>
 *   <li>The table of jobs is bounded: past {@link #MAX_KEPT} the oldest entries are forgotten.</li>
 *   <li>{@link #drain(Context)} is the shutdown step: no new job, queued ones finish until the
 *       context's deadline, the rest are cancelled and reported.</li>
 * </ul>
 */
final class Jobs implements HttpHandler {
    /** The most jobs remembered for {@code GET /jobs/<id>}. */
    static final int MAX_KEPT = 10_000;
    /** The largest {@code n} accepted: bounds one job's work. */
    static final long MAX_N = 50_000_000;

    record Job(String id, String owner, long n, TaskHandle<Long> handle) {}

    private final WorkerPool pool;
    private final Function<HttpExchange, String> user;
    private final Map<String, Job> table = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param pool runs the jobs
     * @param user the authenticated user of an exchange
     */
    Jobs(WorkerPool pool, Function<HttpExchange, String> user) {
        this.pool = pool;
        this.user = user;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/jobs") && method.equals("POST")) {
                submit(ex);
            } else if (path.startsWith("/jobs/") && method.equals("GET")) {
                status(ex, path.substring("/jobs/".length()));
            } else if (path.equals("/jobs") || path.startsWith("/jobs/")) {
                ex.getResponseHeaders().set("Allow", path.equals("/jobs") ? "POST" : "GET");
                json(ex, 405, "{\"error\":\"method not allowed\"}");
            } else { // the server's prefix match also sends /jobsX here
                json(ex, 404, "{\"error\":\"not found\"}");
            }
        }
    }

    private void submit(HttpExchange ex) throws IOException {
        long n;
        try {
            n = Long.parseLong(query(ex, "n", "100000"));
        } catch (NumberFormatException e) {
            json(ex, 400, "{\"error\":\"n must be a whole number\"}");
            return;
        }
        if (n < 0 || n > MAX_N) {
            json(ex, 400, "{\"error\":\"n must be 0.." + MAX_N + "\"}");
            return;
        }
        String id = "job-" + ids.incrementAndGet();
        TaskHandle<Long> handle;
        try {
            handle = pool.trySubmit(ctx -> countPrimes(ctx, n));
        } catch (RejectedExecutionException stopped) {
            ex.getResponseHeaders().set("Connection", "close");
            json(ex, 503, "{\"error\":\"shutting down\"}");
            return;
        }
        if (handle == null) { // queue full: shed load instead of parking the request
            ex.getResponseHeaders().set("Retry-After", "1");
            json(ex, 503, "{\"error\":\"job queue full\"}");
            return;
        }
        remember(new Job(id, user.apply(ex), n, handle));
        ex.getResponseHeaders().set("Location", "/jobs/" + id);
        json(ex, 202, "{\"id\":\"" + id + "\",\"state\":\"queued\"}");
    }

    private void status(HttpExchange ex, String id) throws IOException {
        Job job = table.get(id);
        if (job == null || !job.owner().equals(user.apply(ex))) {
            json(ex, 404, "{\"error\":\"no such job\"}");
            return;
        }
        json(ex, 200, describe(job));
    }

    static String describe(Job job) {
        TaskHandle<Long> h = job.handle();
        String head = "{\"id\":\"" + job.id() + "\",\"n\":" + job.n() + ",\"state\":\"";
        return switch (h.state()) {
            case RUNNING -> head + (h.isStarted() ? "running" : "queued") + "\"}";
            case SUCCESS -> head + "succeeded\",\"primes\":" + h.resultNow() + "}";
            case CANCELLED -> head + "cancelled\"}";
            case FAILED -> head + "failed\",\"error\":\"" + escape(String.valueOf(h.exceptionNow())) + "\"}";
        };
    }

    /** The job with this id, or null if unknown or forgotten. */
    Job find(String id) {
        return table.get(id);
    }

    private void remember(Job job) {
        table.put(job.id(), job);
        order.add(job.id());
        while (table.size() > MAX_KEPT) {
            String oldest = order.poll();
            if (oldest == null) {
                break;
            }
            table.remove(oldest);
        }
    }

    /**
     * The shutdown step: stops taking jobs and lets the queued and running ones finish until
     * {@code ctx}'s deadline; cancels the rest.
     *
     * @throws IllegalStateException naming how many jobs were cancelled, if any were
     */
    void drain(Context ctx) throws InterruptedException {
        Duration left = ctx.deadline().map(d -> Duration.between(Instant.now(), d)).orElse(Duration.ofDays(1));
        List<TaskHandle<?>> cancelled = pool.shutdown(left);
        if (!cancelled.isEmpty()) {
            throw new IllegalStateException(cancelled.size() + " background job(s) cancelled at the deadline");
        }
    }

    /** The primes below {@code n}, by trial division; stops when {@code ctx} is done. */
    static long countPrimes(Context ctx, long n) {
        long count = 0;
        for (long i = 2; i < n; i++) {
            if ((i & 1023) == 0 && ctx.err() != null) {
                throw ctx.err();
            }
            boolean prime = true;
            for (long d = 2; d * d <= i; d++) {
                if (i % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }

    private static String query(HttpExchange ex, String name, String dflt) {
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return dflt;
    }

    static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
