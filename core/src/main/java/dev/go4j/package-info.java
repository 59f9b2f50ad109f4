/**
 * Go's {@code go} statement: {@link dev.go4j.Go#go(dev.go4j.Go.Task) Go.go(task)} starts a task in a
 * new virtual thread, the JVM's goroutine.
 *
 * <p>As in Go the call returns at once and gives no handle to join or cancel: coordinate with a
 * {@link dev.go4j.chan.Channel}, a {@link dev.go4j.sync.WaitGroup} or an
 * {@link dev.go4j.errgroup.ErrGroup}, and stop the task through a {@link dev.go4j.context.Context}.
 * Where Go would crash the process on an unrecovered panic, a failure nobody catches goes to the
 * thread's uncaught-exception handler (or one given to the call); a task that ends with the error of
 * its done context has ended normally and is reported to nobody.
 *
 * <p>The sibling packages mirror the rest of Go's concurrency toolbox: channels and {@code select}
 * ({@link dev.go4j.chan}), {@code context} ({@link dev.go4j.context}), {@code sync} and
 * {@code x/sync/semaphore} ({@link dev.go4j.sync}), {@code x/sync/errgroup} ({@link dev.go4j.errgroup}),
 * {@code x/sync/singleflight} ({@link dev.go4j.singleflight}) and timers on an injectable clock
 * ({@link dev.go4j.time}).
 */
package dev.go4j;
