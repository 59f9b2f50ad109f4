package dev.go4j.chan;

/**
 * Whether spinning before a park has been paying off on one channel (or one select): HotSpot's
 * adaptive spinning for monitors, in one int. Spinning saves a park and an unpark when the partner
 * runs on another core and arrives within the spin; it wastes the core, and delays the partner, when
 * the partner is not running (more runnable threads than cores, or a consumer that waits long for
 * work). The score learns which case this channel is in.
 */
final class SpinScore {
    /* Implementation overview
     *
     * score >= 0: spin before parking; the higher, the more spins in a row have paid off (at most MAX).
     * score <  0: do not spin; counts up to 0, where the next wait spins once more as a probe.
     * A wait that spins and is fired during the spin: score + 1. One that spins and parks anyway:
     * score - 1, and from 0 to -COOLDOWN. So a channel whose spins keep failing spins on one wait in
     * COOLDOWN + 1, and one whose spins pay keeps spinning through MAX failures in a row.
     *
     * The field is a plain int read and written without synchronisation: a lost update only shifts one
     * step of a heuristic, and it never affects what the channel does, only how long a waiter spins.
     */

    private static final int MAX = 8;
    private static final int COOLDOWN = 32;

    private int score = 1;

    /** How many rounds the next waiter should spin: {@link Waiter#SPINS} or 0. */
    int spins() {
        int s = score;
        if (s < 0) {
            score = s + 1;
            return 0;
        }
        return Waiter.SPINS;
    }

    /** Records how a wait that was given {@code spins} rounds ended. */
    void record(int spins, Waiter w) {
        if (spins == 0) {
            return;
        }
        int s = score;
        if (!w.parked()) {
            score = s < MAX ? s + 1 : MAX;
        } else {
            score = s > 0 ? s - 1 : -COOLDOWN;
        }
    }
}
