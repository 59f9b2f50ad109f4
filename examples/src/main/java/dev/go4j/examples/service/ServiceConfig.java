package dev.go4j.examples.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The example service's settings, each with a default and a {@code --name=value} command-line flag.
 *
 * @param host the address to listen on
 * @param port the port; 0 picks a free one
 * @param token the bearer token that authenticates the user {@code demo}
 * @param workers background job workers
 * @param queue queued background jobs at most; a submit beyond it is refused with 503
 * @param jobTimeout how long one background job may run
 * @param requestTimeout how long one request may take (the {@code Timeout} middleware)
 * @param rate requests per second per client (the {@code RateLimit} middleware)
 * @param burst requests a client may send at once above its rate
 * @param accessLog true to log every request to the {@code System.Logger} (stderr by default)
 * @param preStopDelay how long to keep serving after readiness turns 503, before the server stops
 * @param drainTimeout the one deadline for requests in flight to finish
 * @param stepTimeout the deadline of each close step, including the drain of queued background jobs
 */
public record ServiceConfig(String host, int port, String token, int workers, int queue, Duration jobTimeout,
        Duration requestTimeout, double rate, int burst, boolean accessLog, Duration preStopDelay,
        Duration drainTimeout, Duration stepTimeout) {

    /**
     * Checks the settings.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if a number is out of range
     */
    public ServiceConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(jobTimeout, "jobTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(preStopDelay, "preStopDelay");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(stepTimeout, "stepTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive, was " + rate);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        }
    }

    /**
     * The defaults: {@code 127.0.0.1:8080}, token {@code demo-token}, 4 workers over a queue of 100,
     * 30 s per job, 5 s per request, 100 requests per second per client with a burst of 200, access
     * log on, no pre-stop delay, 20 s to drain, 10 s per close step.
     *
     * @return the defaults
     */
    public static ServiceConfig defaults() {
        return new ServiceConfig("127.0.0.1", 8080, "demo-token", 4, 100, Duration.ofSeconds(30),
                Duration.ofSeconds(5), 100, 200, true, Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(10));
    }

    /**
     * The defaults overridden by {@code --name=value} flags: {@code --host}, {@code --port},
     * {@code --token}, {@code --workers}, {@code --queue}, {@code --job-timeout},
     * {@code --request-timeout}, {@code --rate}, {@code --burst}, {@code --access-log=on|off},
     * {@code --pre-stop}, {@code --drain}, {@code --step}. Durations are in seconds ({@code 2.5}) or
     * ISO-8601 ({@code PT500MS}).
     *
     * @param args the command line
     * @return the settings
     * @throws IllegalArgumentException naming the flag that is unknown or malformed
     */
    public static ServiceConfig parse(String... args) {
        ServiceConfig d = defaults();
        Map<String, String> flags = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + a);
            }
            flags.put(a.substring(2, eq), a.substring(eq + 1));
        }
        try {
            ServiceConfig c = new ServiceConfig(
                    flags.getOrDefault("host", d.host),
                    intFlag(flags.remove("port"), d.port),
                    flags.getOrDefault("token", d.token),
                    intFlag(flags.remove("workers"), d.workers),
                    intFlag(flags.remove("queue"), d.queue),
                    durationFlag(flags.remove("job-timeout"), d.jobTimeout),
                    durationFlag(flags.remove("request-timeout"), d.requestTimeout),
                    flags.containsKey("rate") ? Double.parseDouble(flags.remove("rate")) : d.rate,
                    intFlag(flags.remove("burst"), d.burst),
                    onOff(flags.remove("access-log"), d.accessLog),
                    durationFlag(flags.remove("pre-stop"), d.preStopDelay),
                    durationFlag(flags.remove("drain"), d.drainTimeout),
                    durationFlag(flags.remove("step"), d.stepTimeout));
            flags.remove("host");
            flags.remove("token");
            if (!flags.isEmpty()) {
                throw new IllegalArgumentException("unknown flag(s) " + flags.keySet());
            }
            return c;
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("malformed flag value: " + e.getMessage(), e);
        }
    }

    private static int intFlag(String v, int dflt) {
        return v == null ? dflt : Integer.parseInt(v);
    }

    private static Duration durationFlag(String v, Duration dflt) {
        if (v == null) {
            return dflt;
        }
        if (v.startsWith("P") || v.startsWith("p")) {
            return Duration.parse(v);
        }
        return Duration.ofNanos(Math.round(Double.parseDouble(v) * 1e9));
    }

    private static boolean onOff(String v, boolean dflt) {
        if (v == null) {
            return dflt;
        }
        return switch (v) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("--access-log must be on or off, was " + v);
        };
    }
}
