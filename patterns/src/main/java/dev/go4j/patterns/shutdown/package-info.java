/**
 * Graceful shutdown: a context cancelled by SIGINT/SIGTERM ({@link
 * dev.go4j.patterns.shutdown.SignalContext}, Go's {@code signal.NotifyContext}) and a coordinator
 * ({@link dev.go4j.patterns.shutdown.Shutdown}) that flips readiness, waits a pre-stop delay, stops
 * intake, drains under one deadline and closes the rest last-in first-out, with a report. The HTTP
 * server's own drain lives in {@link dev.go4j.patterns.http.Server#shutdown}. See
 * {@code docs/shutdown.md}.
 */
package dev.go4j.patterns.shutdown;
