/**
 * HTTP on the JDK's own server and client: Go's {@code func(http.Handler) http.Handler} middleware
 * ({@link dev.go4j.patterns.http.Middleware}) with the standard set, a per-request context
 * ({@link dev.go4j.patterns.http.RequestExchange}), a production server set-up with a graceful
 * shutdown ({@link dev.go4j.patterns.http.Server}), and a concurrent fetcher
 * ({@link dev.go4j.patterns.http.Fetcher}). See {@code docs/http.md}.
 */
package dev.go4j.patterns.http;
