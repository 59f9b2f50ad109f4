package dev.go4j.chan;

import dev.go4j.benchmarks.Baseline;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * The unbuffered (rendezvous) hand-offs compared by {@link ChannelUnbufferedBenchmark} and
 * {@link ChannelPingPongBenchmark}: go4j first, the others are compared with it.
 */
public enum RendezvousImpl {
    /** {@code Channel.make()}. */
    @Baseline
    GO4J {
        @Override
        Handoff<Integer> create() {
            return Handoff.of(Channel.<Integer>make());
        }
    },
    /** {@code SynchronousQueue.put/take}. */
    SYNCHRONOUS_QUEUE {
        @Override
        Handoff<Integer> create() {
            return Handoff.of(new SynchronousQueue<>());
        }
    },
    /** {@code LinkedTransferQueue.transfer/take}: transfer waits for the consumer, as a send does. */
    LINKED_TRANSFER_QUEUE {
        @Override
        Handoff<Integer> create() {
            return Handoff.transferring(new LinkedTransferQueue<>());
        }
    },
    /** jox's {@code newRendezvousChannel()}. */
    JOX {
        @Override
        Handoff<Integer> create() {
            return Handoff.of(com.softwaremill.jox.Channel.<Integer>newRendezvousChannel());
        }
    };

    abstract Handoff<Integer> create();
}
