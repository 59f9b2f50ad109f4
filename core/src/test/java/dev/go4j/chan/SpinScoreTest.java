package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The adaptive spin's state machine: spin while it pays, back off with a periodic probe when it does not. */
class SpinScoreTest {

    private static Waiter firedDuringSpin() {
        Waiter w = new Waiter();
        w.tryFire(0);
        w.await(false, 0L, 1);
        return w;
    }

    private static Waiter ranOutOfSpins() {
        Waiter w = new Waiter();
        w.await(true, System.nanoTime(), 1); // spins once, then times out in the park phase
        return w;
    }

    @Test
    void aNewOwnerSpins() {
        assertThat(SpinScore.spins(SpinScore.INITIAL)).isEqualTo(Waiter.SPINS);
    }

    @Test
    void spinsThatKeepFailingStopAndAreProbedAgainLater() {
        int score = SpinScore.INITIAL;
        int spinning = 0;
        for (int wait = 0; wait < 100; wait++) {
            int spins = SpinScore.spins(score);
            if (spins > 0) {
                spinning++;
            }
            score = SpinScore.next(score, spins, ranOutOfSpins());
        }
        // two failures to stop (score 1 -> 0 -> cool-down), then one probe in every 33 waits
        assertThat(spinning).isBetween(3, 6);
    }

    @Test
    void spinsThatPayKeepSpinningThroughAFewFailures() {
        int score = SpinScore.INITIAL;
        for (int wait = 0; wait < 20; wait++) {
            score = SpinScore.next(score, SpinScore.spins(score), firedDuringSpin());
        }
        for (int failure = 0; failure < 8; failure++) {
            assertThat(SpinScore.spins(score)).isEqualTo(Waiter.SPINS);
            score = SpinScore.next(score, Waiter.SPINS, ranOutOfSpins());
        }
        assertThat(SpinScore.spins(score)).isEqualTo(Waiter.SPINS); // the ninth failure in a row stops it
        score = SpinScore.next(score, Waiter.SPINS, ranOutOfSpins());
        assertThat(SpinScore.spins(score)).isZero();
    }
}
