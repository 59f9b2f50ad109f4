package dev.go4j.chan;

/**
 * Whether spinning before a park has been paying off on one unbuffered channel, for its plain waiters
 * and the selects that wait on it: HotSpot's adaptive spinning for monitors, kept in one int field of
 * its owner. Spinning saves a park and an unpark when the partner runs on another core and arrives
 * within the spin; it wastes the core, and delays the partner, when the partner is not running (more
 * runnable threads than cores, or a consumer that waits long for work). The score learns which case
 * its owner is in.
 */
final class SpinScore {
    /* Implementation overview
     *
     * score >= 0: spin before parking; the higher, the more spins in a row have paid off (at most MAX).
     * score <  0: do not spin; counts up to 0, where the next wait spins once more as a probe.
     * A wait that spins and is fired during the spin: score + 1. One that spins and parks anyway:
     * score - 1, and from 0 to -COOLDOWN. So an owner whose spins keep failing spins on one wait in
     * COOLDOWN + 1, and one whose spins pay keeps spinning through MAX failures in a row.
     *
     * The owner keeps the score in a plain int field, read and written without synchronisation: a lost
     * update only shifts one step of a heuristic; it never changes what the channel does, only how long
     * a waiter spins. The functions are static so that the owner pays 4 bytes, not an object.
     */

    /** The score a new owner starts with: spin. */
    static final int INITIAL = 1;
    private static final int MAX = 8;
    private static final int COOLDOWN = 32;

    private SpinScore() {}

    /** How many rounds the next waiter should spin, given its owner's score: {@link Waiter#SPINS} or 0. */
    static int spins(int score) {
        return score >= 0 ? Waiter.SPINS : 0;
    }

    /** The owner's next score, after a wait that was given {@code spins} rounds and ended as {@code w}. */
    static int next(int score, int spins, Waiter w) {
        if (spins == 0) {
            return score < 0 ? score + 1 : score;
        }
        if (!w.parked()) {
            return score < MAX ? score + 1 : MAX;
        }
        return score > 0 ? score - 1 : -COOLDOWN;
    }
}
