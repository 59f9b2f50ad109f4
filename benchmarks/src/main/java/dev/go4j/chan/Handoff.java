package dev.go4j.chan;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TransferQueue;

/**
 * One blocking hand-off of a value between threads, as each implementation under test spells it, so
 * the producer/consumer benchmarks run the same loop over every implementation.
 *
 * <p>Each benchmark fork runs one implementation only (JMH forks per parameter combination), so every
 * call site below stays monomorphic and the interface costs nothing after inlining.
 *
 * @param <E> the element type
 */
interface Handoff<E> {

    /** Blocks until the value is accepted (buffered) or taken (unbuffered). */
    void put(E value) throws InterruptedException;

    /** Blocks until a value is available. */
    E take() throws InterruptedException;

    /** go4j: {@code ch <- v} and {@code <-ch}. */
    static <E> Handoff<E> of(Channel<E> ch) {
        return new Handoff<>() {
            @Override
            public void put(E value) throws InterruptedException {
                ch.send(value);
            }

            @Override
            public E take() throws InterruptedException {
                return ch.receive();
            }
        };
    }

    /** A JDK blocking queue: {@code put} and {@code take}. */
    static <E> Handoff<E> of(BlockingQueue<E> queue) {
        return new Handoff<>() {
            @Override
            public void put(E value) throws InterruptedException {
                queue.put(value);
            }

            @Override
            public E take() throws InterruptedException {
                return queue.take();
            }
        };
    }

    /**
     * A JDK transfer queue used as a rendezvous: {@code transfer} (waits for the consumer) and
     * {@code take}, which is what an unbuffered channel's send and receive promise.
     */
    static <E> Handoff<E> transferring(TransferQueue<E> queue) {
        return new Handoff<>() {
            @Override
            public void put(E value) throws InterruptedException {
                queue.transfer(value);
            }

            @Override
            public E take() throws InterruptedException {
                return queue.take();
            }
        };
    }

    /** jox: {@code send} and {@code receive}. */
    static <E> Handoff<E> of(com.softwaremill.jox.Channel<E> ch) {
        return new Handoff<>() {
            @Override
            public void put(E value) throws InterruptedException {
                ch.send(value);
            }

            @Override
            public E take() throws InterruptedException {
                return ch.receive();
            }
        };
    }
}
