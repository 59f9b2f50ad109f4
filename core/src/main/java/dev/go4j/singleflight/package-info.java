/**
 * Go's {@code golang.org/x/sync/singleflight}: {@link dev.go4j.singleflight.SingleFlight} lets
 * concurrent callers for the same key share one execution of a function (cache fills, token
 * refreshes), with Go's {@code shared} flag, an asynchronous channel form and {@code forget}.
 */
package dev.go4j.singleflight;
