/**
 * Worker pools in two flavours: {@link dev.go4j.patterns.workerpool.Workers}, Go's canonical pool line
 * for line on channels (a jobs channel, {@code n} workers, a results channel closed when the last
 * worker is done), and {@link dev.go4j.patterns.workerpool.WorkerPool}, the production pool on virtual
 * threads (bounded queue with back-pressure, per-task handles and deadlines, failure isolation, groups
 * with errgroup semantics, graceful and immediate stop, resize, counters). See
 * {@code docs/workerpool.md} for which one to ship and the measured trade-offs.
 */
package dev.go4j.patterns.workerpool;
