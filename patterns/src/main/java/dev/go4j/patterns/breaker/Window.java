package dev.go4j.patterns.breaker;

/**
 * A rolling window of call outcomes in the closed state. Outcome bits: {@link #FAILURE}, {@link #SLOW}.
 */
abstract class Window {
    static final int FAILURE = 1;
    static final int SLOW = 2;

    /** When the window's rates open the breaker. */
    record Thresholds(int minCalls, float failureRate, float slowRate) {
        /** Whether {@code calls} outcomes with these failures and slow calls reach a threshold. */
        boolean reached(long calls, long failures, long slow) {
            return calls >= minCalls && calls > 0
                    && (failures * 100f >= failureRate * calls || slow * 100f >= slowRate * calls);
        }
    }

    /** Records one outcome at monotonic time {@code now}; whether the window now reaches {@code t}. */
    abstract boolean record(int outcome, long now, Thresholds t);

    /** {@return {@code {calls, failures, slow}} at {@code now}} */
    abstract long[] snapshot(long now);
}
