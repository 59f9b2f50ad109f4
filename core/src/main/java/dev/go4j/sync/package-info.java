/**
 * Go's {@code sync} package: {@link dev.go4j.sync.WaitGroup}, {@link dev.go4j.sync.Once} with the
 * {@code OnceFunc} / {@code OnceValue} / {@code OnceValues} forms, {@link dev.go4j.sync.Pool}, and
 * {@code golang.org/x/sync/semaphore}'s weighted {@link dev.go4j.sync.Semaphore}.
 *
 * <p>Go's {@code Mutex}, {@code RWMutex}, {@code Cond} and {@code Map} have no twin here: use
 * {@link java.util.concurrent.locks.ReentrantLock}, {@link java.util.concurrent.locks.ReentrantReadWriteLock},
 * {@link java.util.concurrent.locks.Condition} and {@link java.util.concurrent.ConcurrentHashMap}, which
 * are their equals or better. Misuse that Go answers with a panic throws an unchecked exception whose
 * message is Go's.
 */
package dev.go4j.sync;
