package dev.go4j.chan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.function.Supplier;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes per empty channel: what each new go4j channel, unbuffered and of capacity {@value #CAPACITY},
 * costs on the heap, beside the JDK's equivalents and jox's channels, with Go's figure for reference.
 *
 * <p>Measured with JOL's {@link GraphLayout#totalSize()} on the running JVM (its header size,
 * compressed references and alignment): everything reachable from a new, empty instance, except
 * objects that all instances share, which are not charged to each one.
 *
 * <p>Go ({@code runtime/chan.go}, amd64): {@code make(chan T)} allocates one {@code hchan} of
 * {@value #GO_HCHAN_BYTES} bytes (Go 1.19 to 1.22; later releases added a timer and a synctest pointer,
 * which puts it in the 112-byte size class). A buffered {@code chan int} or {@code chan *T} of 16 adds
 * 16 elements of 8 bytes: {@value #GO_HCHAN_BYTES} + 128 = 224 bytes (one allocation when the element
 * holds no pointers, two otherwise). An {@code any} element is 16 bytes.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.go4j.chan.ChannelFootprint}; the
 * comparison ({@code ./mvnw -Pbench}) prints the same table.
 */
public final class ChannelFootprint {

    /** The capacity of the buffered channels measured. */
    public static final int CAPACITY = 16;
    /** {@code unsafe.Sizeof(hchan{})} on 64-bit Go 1.19 to 1.22. */
    public static final int GO_HCHAN_BYTES = 96;
    /** Go's {@code make(chan int, 16)}: the hchan plus 16 eight-byte elements. */
    public static final int GO_BUFFERED_INT_BYTES = GO_HCHAN_BYTES + CAPACITY * 8;

    /**
     * One measured channel.
     *
     * @param kind "unbuffered" or "buffered(16)"
     * @param implementation the name used in the benchmarks' {@code impl} parameter
     * @param bytes the heap bytes a new, empty instance adds
     */
    public record Row(String kind, String implementation, long bytes) {}

    static {
        // JOL's exact object model needs no agent; skip its attach attempt (and warning) unless the
        // user enabled self-attach to compare with Instrumentation's sizes.
        if (System.getProperty("jdk.attach.allowAttachSelf") == null) {
            System.setProperty("jol.skipDynamicAttach", "true");
        }
    }

    private ChannelFootprint() {}

    /** Measures every implementation; the go4j row comes first in each kind. */
    public static List<Row> measure() {
        String unbuffered = "unbuffered";
        String buffered = "buffered(" + CAPACITY + ")";
        List<Row> rows = new ArrayList<>();
        add(rows, unbuffered, "GO4J", Channel::make);
        add(rows, unbuffered, "SYNCHRONOUS_QUEUE", SynchronousQueue::new);
        add(rows, unbuffered, "LINKED_TRANSFER_QUEUE", LinkedTransferQueue::new);
        add(rows, unbuffered, "JOX", com.softwaremill.jox.Channel::newRendezvousChannel);
        add(rows, buffered, "GO4J", () -> Channel.make(CAPACITY));
        add(rows, buffered, "ARRAY_BLOCKING_QUEUE", () -> new ArrayBlockingQueue<>(CAPACITY));
        add(rows, buffered, "LINKED_BLOCKING_QUEUE", () -> new LinkedBlockingQueue<>(CAPACITY));
        add(rows, buffered, "JOX", () -> com.softwaremill.jox.Channel.newBufferedChannel(CAPACITY));
        return rows;
    }

    /** Go's figures for the same two channels, as text lines. */
    public static List<String> goReference() {
        return List.of(
                "Go make(chan int):      " + GO_HCHAN_BYTES + " bytes (the hchan; Go 1.19-1.22, amd64;"
                        + " Go 1.23+ adds a timer pointer: 112-byte size class)",
                "Go make(chan int, " + CAPACITY + "): " + GO_BUFFERED_INT_BYTES + " bytes (" + GO_HCHAN_BYTES
                        + " + " + CAPACITY + " x 8-byte elements, one allocation; chan *T the same in two)");
    }

    private static void add(List<Row> rows, String kind, String implementation, Supplier<?> factory) {
        rows.add(new Row(kind, implementation, bytesPerInstance(factory)));
    }

    /**
     * What one more instance costs: the graph of two instances minus the graph of one, so that an
     * object every instance shares (jox's rendezvous channels point at one static sentinel segment) is
     * not charged to each channel.
     */
    static long bytesPerInstance(Supplier<?> factory) {
        Object first = factory.get();
        Object second = factory.get();
        return GraphLayout.parseInstance(first, second).totalSize() - GraphLayout.parseInstance(first).totalSize();
    }

    /**
     * Prints the table.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        List<Row> rows = measure();
        System.out.printf("%-14s %-22s %8s%n", "channel", "implementation", "bytes");
        for (Row r : rows) {
            System.out.printf("%-14s %-22s %8d%n", r.kind(), r.implementation(), r.bytes());
        }
        goReference().forEach(System.out::println);
    }
}
