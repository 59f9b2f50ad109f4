package dev.go4j.chan;

/**
 * The producer/consumer workload shared by the channel benchmarks: move a fixed array of pre-boxed
 * messages from producers to consumers through one {@link Handoff}, and prove every message arrived
 * exactly once with a checksum.
 */
final class Transfer {

    private Transfer() {}

    /** The messages {@code 0, 1, ..., n - 1}, boxed once so that boxing is not measured. */
    static Integer[] messages(int n) {
        Integer[] m = new Integer[n];
        for (int i = 0; i < n; i++) {
            m[i] = i;
        }
        return m;
    }

    /**
     * The tasks of one transfer: producer {@code p} sends its contiguous share of {@code messages},
     * each consumer receives {@code messages.length / consumers} of them and returns their sum.
     *
     * @throws IllegalArgumentException if a side count is not positive or does not divide the messages
     */
    static Workers.Task[] tasks(Handoff<Integer> handoff, int producers, int consumers, Integer[] messages) {
        int n = messages.length;
        if (producers <= 0 || consumers <= 0 || n % producers != 0 || n % consumers != 0) {
            throw new IllegalArgumentException("producers (" + producers + ") and consumers (" + consumers
                    + ") must be positive and divide the message count " + n);
        }
        Workers.Task[] tasks = new Workers.Task[producers + consumers];
        int share = n / producers;
        for (int p = 0; p < producers; p++) {
            int from = p * share;
            tasks[p] = () -> {
                for (int i = from, to = from + share; i < to; i++) {
                    handoff.put(messages[i]);
                }
                return 0L;
            };
        }
        int quota = n / consumers;
        for (int c = 0; c < consumers; c++) {
            tasks[producers + c] = () -> {
                long sum = 0L;
                for (int i = 0; i < quota; i++) {
                    sum += handoff.take();
                }
                return sum;
            };
        }
        return tasks;
    }

    /**
     * Returns {@code sum} if it is the sum of the messages {@code 0 .. n - 1}.
     *
     * @throws IllegalStateException otherwise: a message was lost, duplicated or corrupted
     */
    static long verify(long sum, int n) {
        long expected = (long) n * (n - 1) / 2;
        if (sum != expected) {
            throw new IllegalStateException("checksum " + sum + " != " + expected
                    + ": a message was lost, duplicated or corrupted");
        }
        return sum;
    }
}
