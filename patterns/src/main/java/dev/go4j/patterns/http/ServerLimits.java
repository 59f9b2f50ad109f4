package dev.go4j.patterns.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The JDK server's production limits: Go's {@code http.Server{ReadTimeout, WriteTimeout, IdleTimeout}}
 * plus a cap on connections, as the {@code sun.net.httpserver.*} system properties the JDK's server
 * reads.
 *
 * <p>Those properties are read <em>once per JVM</em>, when the first {@code HttpServer} is created,
 * and apply to every server in it: call {@link #apply()} first thing in {@code main}; a later call
 * changes nothing for servers already made in this JVM. A server without them waits forever for a
 * slow client (the defaults have no request or response time limit): one slowloris client holds a
 * connection per request it trickles.
 *
 * <ul>
 *   <li>{@code maxRequestTime}: the whole request, headers and body, must arrive within it
 *       ({@code sun.net.httpserver.maxReqTime}, whole seconds).</li>
 *   <li>{@code maxResponseTime}: the response must be sent within it, measured from the end of the
 *       request ({@code sun.net.httpserver.maxRspTime}, whole seconds). It cuts long streams too: make it
 *       longer than the slowest legitimate response.</li>
 *   <li>{@code idleTimeout}: a kept-alive connection with no request is closed after it
 *       ({@code sun.net.httpserver.idleInterval}, whole seconds).</li>
 *   <li>{@code maxConnections}: connections beyond it are closed at accept
 *       ({@code jdk.httpserver.maxConnections}).</li>
 * </ul>
 *
 * <p>Thread safety: immutable.
 *
 * @param maxRequestTime the time to read a request, at least one second
 * @param maxResponseTime the time to send a response, at least one second
 * @param idleTimeout how long an idle kept-alive connection stays open, at least one second
 * @param maxConnections the most open connections, at least 1
 * @since 0.1.0
 */
public record ServerLimits(Duration maxRequestTime, Duration maxResponseTime, Duration idleTimeout,
        int maxConnections) {

    /**
     * Checks the limits.
     *
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if a duration is under one second or {@code maxConnections < 1}
     */
    public ServerLimits {
        seconds(maxRequestTime, "maxRequestTime");
        seconds(maxResponseTime, "maxResponseTime");
        seconds(idleTimeout, "idleTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
        }
    }

    /**
     * Limits for a JSON API behind a load balancer: 10 s to read a request, 30 s to answer, 60 s idle
     * (above the usual 60 s load-balancer idle timeout would let the balancer reuse a connection the
     * server is closing; keep the server's at or above the balancer's), 10 000 connections.
     *
     * @return the recommended limits
     */
    public static ServerLimits recommended() {
        return new ServerLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 10_000);
    }

    /**
     * The system properties these limits set.
     *
     * @return property name to value, in a stable order
     */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sun.net.httpserver.maxReqTime", Long.toString(maxRequestTime.toSeconds()));
        p.put("sun.net.httpserver.maxRspTime", Long.toString(maxResponseTime.toSeconds()));
        p.put("sun.net.httpserver.idleInterval", Long.toString(idleTimeout.toSeconds()));
        p.put("jdk.httpserver.maxConnections", Integer.toString(maxConnections));
        return p;
    }

    /**
     * Sets the system properties, for every JDK server created afterwards in a JVM that has not
     * created one yet.
     */
    public void apply() {
        properties().forEach(System::setProperty);
    }

    private static void seconds(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(name + " must be at least 1 second (the JDK server counts whole"
                    + " seconds), was " + d);
        }
    }
}
