package dev.go4j.patterns.http;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.sync.Semaphore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/**
 * Fetches many URLs concurrently with bounds on everything: Go's "fetch N URLs with a timeout"
 * ({@code errgroup.WithContext} + {@code SetLimit(n)}, a semaphore per host, {@code context.WithTimeout}
 * per request, {@code io.LimitReader} on each body), on the JDK's {@link HttpClient}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #fetchAll(Context, List)} returns one {@link Result} per URL, in input order, always:
 *       a failure of one URL (an error status, a refused connection, a timeout, a body too large)
 *       is that URL's result and never cancels the others.</li>
 *   <li>At most {@code maxInFlight} requests are in flight at once, and at most {@code maxPerHost} to
 *       one host and port. A URL waits for its host's slot before it takes a global one, so a slow
 *       host never holds global slots idle.</li>
 *   <li>Each request has its own deadline ({@code requestTimeout}, covering the connection, the
 *       headers and the whole body); the call as a whole ends when {@code ctx} does: requests in flight
 *       are cancelled, URLs not started yet get the context's error, and the call returns at once with
 *       every result filled in.</li>
 *   <li>A body longer than {@code maxBodyBytes} is cut off: the request is cancelled and its result is
 *       a {@link BodyTooLargeException}.</li>
 *   <li>{@link #close()} closes the client if this fetcher made it; a client passed in is the
 *       caller's to close.</li>
 * </ul>
 *
 * <p>Thread safety: safe for concurrent calls; the limits apply to each call separately. Memory
 * consistency effects: each result's fields are written before {@code fetchAll} returns them.
 *
 * <p>Bad input: null arguments throw {@link NullPointerException}; limits below 1 and non-positive
 * timeouts throw {@link IllegalArgumentException}.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.patterns.http.FetcherSnippets region=fetch}
 *
 * @implNote One virtual thread per URL (they mostly wait on a semaphore), one request context and
 * one response future each; bodies are collected in memory up to the limit.
 * @since 0.1.0
 */
public final class Fetcher implements AutoCloseable {

    /**
     * One URL's outcome.
     *
     * @param uri the URL
     * @param status the HTTP status, or 0 if no response arrived
     * @param body the body (at most the limit), or an empty array
     * @param error why no response arrived, or null; an error status is not an error here
     * @param took from taking a slot to the end of the body (zero if it never got a slot)
     * @since 0.1.0
     */
    public record Result(URI uri, int status, byte[] body, Throwable error, Duration took) {
        /**
         * Whether a response arrived with a 2xx status.
         *
         * @return true for a successful response
         */
        public boolean ok() {
            return error == null && status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return uri + " -> " + (error != null ? error.toString() : status + " (" + body.length + " bytes)");
        }
    }

    /**
     * A body was longer than the fetcher's limit.
     *
     * @since 0.1.0
     */
    public static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(long limit) {
            super("response body exceeds the limit of " + limit + " bytes");
        }
    }

    private final HttpClient client;
    private final boolean ownsClient;
    private final int maxInFlight;
    private final int maxPerHost;
    private final Duration requestTimeout;
    private final long maxBodyBytes;

    private Fetcher(Builder b) {
        this.ownsClient = b.client == null;
        this.client = ownsClient
                ? HttpClient.newBuilder().connectTimeout(b.requestTimeout).followRedirects(HttpClient.Redirect.NORMAL)
                        .build()
                : b.client;
        this.maxInFlight = b.maxInFlight;
        this.maxPerHost = b.maxPerHost;
        this.requestTimeout = b.requestTimeout;
        this.maxBodyBytes = b.maxBodyBytes;
    }

    /**
     * A builder: 16 in flight, 4 per host, 10 s per request, 1 MiB bodies, a client of its own.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fetches every URL with GET; returns when all have a result or {@code ctx} is done.
     *
     * @param ctx bounds the whole call (give it a deadline)
     * @param urls the URLs; duplicates are fetched once each time they appear
     * @return one result per URL, in input order
     * @throws InterruptedException if the calling thread is interrupted (requests are cancelled first)
     * @throws NullPointerException if an argument or a URL is null
     */
    public List<Result> fetchAll(Context ctx, List<URI> urls) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        List<URI> list = List.copyOf(Objects.requireNonNull(urls, "urls"));
        Result[] results = new Result[list.size()];
        Semaphore global = new Semaphore(maxInFlight);
        ConcurrentHashMap<String, Semaphore> hosts = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>(list.size());
        try (CancelableContext call = Context.withCancel(ctx)) {
            try {
                for (int i = 0; i < list.size(); i++) {
                    int index = i;
                    URI uri = list.get(i);
                    Semaphore host = hosts.computeIfAbsent(String.valueOf(uri.getRawAuthority()),
                            h -> new Semaphore(maxPerHost));
                    threads.add(Thread.ofVirtual().name("fetch " + uri).start(
                            () -> results[index] = fetchOne(call, uri, host, global)));
                }
                for (Thread t : threads) {
                    t.join();
                }
            } catch (InterruptedException e) {
                call.cancel(e);
                for (Thread t : threads) {
                    Server.joinUninterruptibly(t);
                }
                throw e;
            }
        }
        return Arrays.asList(results);
    }

    private Result fetchOne(Context call, URI uri, Semaphore host, Semaphore global) {
        try {
            host.acquire(call, 1);
        } catch (InterruptedException | RuntimeException e) {
            return failed(uri, call, e, 0);
        }
        try {
            try {
                global.acquire(call, 1);
            } catch (InterruptedException | RuntimeException e) {
                return failed(uri, call, e, 0);
            }
            try {
                return send(call, uri);
            } finally {
                global.release(1);
            }
        } finally {
            host.release(1);
        }
    }

    private Result send(Context call, URI uri) {
        long start = System.nanoTime();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
        } catch (IllegalArgumentException bad) {
            return new Result(uri, 0, new byte[0], bad, Duration.ZERO);
        }
        HttpTimeoutException timedOut = new HttpTimeoutException("request timed out after " + requestTimeout);
        try (CancelableContext req = Context.withTimeoutCause(call, requestTimeout, timedOut)) {
            CompletableFuture<HttpResponse<byte[]>> response = client.sendAsync(request, info -> new Limited(maxBodyBytes));
            // Go: the request is bound to ctx; here the future is cancelled when the context ends.
            Context.StopFunc stop = Context.afterFunc(req, () -> response.cancel(true));
            try {
                HttpResponse<byte[]> r = response.get();
                return new Result(uri, r.statusCode(), r.body(), null, since(start));
            } catch (CancellationException cancelled) {
                return failed(uri, req, cancelled, start);
            } catch (ExecutionException e) {
                return failed(uri, req, e.getCause(), start);
            } catch (InterruptedException e) {
                response.cancel(true);
                return failed(uri, req, e, start);
            } finally {
                stop.stop();
            }
        }
    }

    /** The context's cause if it ended (which deadline, or the caller's cancel), else the failure. */
    private static Result failed(URI uri, Context ctx, Throwable e, long start) {
        Throwable why = ctx.err() != null ? Context.cause(ctx) : e;
        return new Result(uri, 0, new byte[0], why, start == 0 ? Duration.ZERO : since(start));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }


    /** Closes the client this fetcher made, cancelling anything still in flight. */
    @Override
    public void close() {
        if (ownsClient) {
            client.shutdownNow();
            try {
                client.awaitTermination(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "Fetcher(inFlight=" + maxInFlight + ", perHost=" + maxPerHost + ", timeout=" + requestTimeout
                + ", maxBody=" + maxBodyBytes + ")";
    }

    /** Collects a body up to a limit, and fails (cancelling the transfer) past it. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final long limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final List<ByteBuffer> parts = new ArrayList<>();
        private long size;
        private Flow.Subscription subscription;

        Limited(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                size += b.remaining();
                parts.add(b);
            }
            if (size > limit) {
                parts.clear();
                result.completeExceptionally(new BodyTooLargeException(limit));
                subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            byte[] all = new byte[(int) size];
            int at = 0;
            for (ByteBuffer b : parts) {
                int n = b.remaining();
                b.get(all, at, n);
                at += n;
            }
            result.complete(all);
        }
    }

    /**
     * Builds a {@link Fetcher}.
     *
     * <p>Thread safety: not thread-safe; build on one thread.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private HttpClient client;
        private int maxInFlight = 16;
        private int maxPerHost = 4;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private long maxBodyBytes = 1 << 20;

        private Builder() {}

        /**
         * Uses {@code client} (HTTP version, proxy, TLS are its settings); the caller closes it.
         *
         * @param client the client
         * @return this
         */
        public Builder client(HttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * The most requests in flight at once in one call.
         *
         * @param n at least 1
         * @return this
         */
        public Builder maxInFlight(int n) {
            this.maxInFlight = atLeastOne(n, "maxInFlight");
            return this;
        }

        /**
         * The most requests in flight to one host and port at once.
         *
         * @param k at least 1
         * @return this
         */
        public Builder maxPerHost(int k) {
            this.maxPerHost = atLeastOne(k, "maxPerHost");
            return this;
        }

        /**
         * The deadline of each request, body included.
         *
         * @param timeout positive
         * @return this
         */
        public Builder requestTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "requestTimeout");
            if (!timeout.isPositive()) {
                throw new IllegalArgumentException("requestTimeout must be positive, was " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * The longest body kept; a longer one fails its URL.
         *
         * @param bytes 0 to {@link Integer#MAX_VALUE} - 8
         * @return this
         */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxBodyBytes must be 0.." + (Integer.MAX_VALUE - 8) + ", was "
                        + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        private static int atLeastOne(int n, String name) {
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, was " + n);
            }
            return n;
        }

        /**
         * Builds the fetcher.
         *
         * @return the fetcher
         */
        public Fetcher build() {
            return new Fetcher(this);
        }
    }
}
