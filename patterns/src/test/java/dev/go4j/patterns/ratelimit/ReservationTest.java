package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Go's {@code rate_test.go} reservation tables ({@code TestSimpleReserve}, {@code TestCancel*},
 * {@code TestReserve*}), rewritten for the Java API: every call at a fixed instant {@code t(k)} =
 * {@code k * 100ms} of a {@link ManualClock} that never moves, and every reservation's time to act
 * checked in the same unit. Where this port answers differently from Go — only for times given out of
 * order and for a second cancel — the case says so.
 */
class ReservationTest {

    private static final long D = Duration.ofMillis(100).toNanos();
    private final ManualClock clock = new ManualClock();

    /** The instant {@code k} steps of 100 ms after the clock's start (nanoTime 0). */
    private static long t(int k) {
        return k * D;
    }

    private Limiter limiter(double perSecond, int burst) {
        return new Limiter(Limit.of(perSecond), burst, clock);
    }

    /** Reserves {@code n} at {@code t(at)} and checks it is ok and acts at {@code t(act)}. */
    private static Reservation reserve(Limiter lim, int at, int n, int act) {
        Reservation r = lim.reserveN(t(at), n);
        assertThat(r.ok()).as("reserveN(t%d, %d).ok()", at, n).isTrue();
        assertThat(r.delayFrom(t(0)).toNanos())
                .as("reserveN(t%d, %d) acts at t%d", at, n, act)
                .isCloseTo(t(act), within(1_000L));
        return r;
    }

    private static void allow(Limiter lim, int at, int n, boolean ok) {
        assertThat(lim.allowN(t(at), n)).as("allowN(t%d, %d)", at, n).isEqualTo(ok);
    }

    @Test
    void reservationsQueueBehindEachOther() { // Go: TestSimpleReserve
        Limiter lim = limiter(10, 2);
        reserve(lim, 0, 2, 0);
        reserve(lim, 0, 2, 2);
        reserve(lim, 3, 2, 4);
    }

    @Test
    void reserveAndAllowMix() { // Go: TestMix
        Limiter lim = limiter(10, 2);
        assertThat(lim.reserveN(t(0), 3).ok()).as("n > burst").isFalse();
        reserve(lim, 0, 2, 0);
        allow(lim, 1, 2, false); // not enough tokens
        reserve(lim, 1, 2, 2);
        allow(lim, 1, 1, false); // in debt
        allow(lim, 3, 1, true);
    }

    @Test
    void notOkReservationHasInfiniteDelayAndCancelsToNothing() { // Go: TestCancelInvalid
        Limiter lim = limiter(10, 2);
        reserve(lim, 0, 2, 0);
        Reservation r = lim.reserveN(t(0), 3);
        assertThat(r.ok()).isFalse();
        assertThat(r.delayFrom(t(0))).isEqualTo(Limiter.INF_DURATION);
        assertThat(r.delay()).isEqualTo(Limiter.INF_DURATION);
        r.cancelAt(t(0));
        r.cancel();
        reserve(lim, 0, 2, 2); // no extra tokens
    }

    @Test
    void cancellingTheLastReservationGivesAllItsTokensBack() { // Go: TestCancelLast
        Limiter lim = limiter(10, 2);
        reserve(lim, 0, 2, 0);
        Reservation r = reserve(lim, 0, 2, 2);
        r.cancelAt(t(1));
        reserve(lim, 1, 2, 2);
    }

    @Test
    void cancelAfterTheTimeToActDoesNothing() { // Go: TestCancelTooLate
        Limiter lim = limiter(10, 2);
        reserve(lim, 0, 2, 0);
        Reservation r = reserve(lim, 0, 2, 2);
        r.cancelAt(t(3));
        reserve(lim, 3, 2, 4);
    }

    @Test
    void cancelGivesNothingBackThatALaterReservationCountsOn() { // Go: TestCancel0Tokens
        Limiter lim = limiter(10, 2);
        reserve(lim, 0, 2, 0);
        Reservation r = reserve(lim, 0, 1, 1);
        reserve(lim, 0, 1, 2);
        r.cancelAt(t(0)); // the reservation after r took the token r would give back
        reserve(lim, 0, 1, 3);
    }

    @Test
    void cancelGivesBackWhatLaterReservationsLeft() { // Go: TestCancel1Token
        Limiter lim = limiter(10, 2);
        reserve(lim, 0, 2, 0);
        Reservation r = reserve(lim, 0, 2, 2);
        reserve(lim, 0, 1, 3);
        r.cancelAt(t(2)); // one token back
        reserve(lim, 2, 2, 4);
    }

    @Test
    void cancelsInAnyOrderGiveBackWhatNobodyElseTook() { // Go: TestCancelMulti
        Limiter lim = limiter(10, 4);
        reserve(lim, 0, 4, 0);
        Reservation a = reserve(lim, 0, 3, 3);
        reserve(lim, 0, 1, 4);
        Reservation c = reserve(lim, 0, 1, 5);
        c.cancelAt(t(1)); // 1 token back
        a.cancelAt(t(1)); // 2 back, as if c had never been reserved
        reserve(lim, 1, 3, 5);
    }

    @Test
    void cancellingTwiceGivesBackOnce() { // Go has no guard: its second CancelAt gives the tokens back again
        Limiter lim = limiter(10, 2);
        reserve(lim, 0, 2, 0);
        Reservation r = reserve(lim, 0, 2, 2);
        r.cancelAt(t(1));
        assertThat(lim.tokensAt(t(1))).isCloseTo(1.0, within(1e-9));
        r.cancelAt(t(1));
        r.cancel();
        assertThat(lim.tokensAt(t(1))).as("Go would say 2: a token from nothing").isCloseTo(1.0, within(1e-9));
    }

    @Test
    void reservationAtAnOldTimeIsTimedFromTheLatest() { // Go: TestReserveJumpBack answers t1, then t3
        Limiter lim = limiter(10, 2);
        reserve(lim, 1, 2, 1);
        reserve(lim, 0, 1, 2); // t0 is taken as t1: the token is owed from t1
        reserve(lim, 2, 2, 4);
    }

    @Test
    void cancelAtAnOldTimeIsTakenAtTheLatest() { // Go: TestReserveJumpBackCancel answers t4 at the end
        Limiter lim = limiter(10, 2);
        reserve(lim, 1, 2, 1);
        Reservation r = reserve(lim, 1, 2, 3);
        reserve(lim, 1, 1, 4);
        r.cancelAt(t(0)); // taken at t1: one token back
        reserve(lim, 1, 2, 5); // Go re-credits t0..t1 and says t4, over the limit
    }

    @Test
    void setLimitAppliesFromItsTimeOn() { // Go: TestReserveSetLimit
        Limiter lim = limiter(5, 2);
        reserve(lim, 0, 2, 0);
        reserve(lim, 0, 2, 4);
        lim.setLimitAt(t(2), Limit.of(10));
        reserve(lim, 2, 1, 4); // the reservation made at 5/s keeps its time: the new limit is exceeded
    }

    @Test
    void setBurstAppliesFromItsTimeOn() { // Go: TestReserveSetBurst reserves at t0 after t3 and says t9
        Limiter lim = limiter(5, 2);
        reserve(lim, 0, 2, 0);
        reserve(lim, 0, 2, 4);
        lim.setBurstAt(t(3), 4);
        reserve(lim, 3, 4, 12);
    }

    @Test
    void cancelUsesTheLimitTheReservationWasMadeAt() { // Go: TestReserveSetLimitCancel
        Limiter lim = limiter(5, 2);
        reserve(lim, 0, 2, 0);
        Reservation r = reserve(lim, 0, 2, 4);
        lim.setLimitAt(t(2), Limit.of(10));
        r.cancelAt(t(2)); // 2 tokens back
        reserve(lim, 2, 2, 3);
    }

    @Test
    void reservationUnderAnInfiniteLimitTookNothingAndGivesNothingBack() {
        Limiter lim = new Limiter(Limit.INF, 5, clock);
        Reservation r = lim.reserveN(t(0), 3);
        assertThat(r.ok()).isTrue();
        assertThat(r.delayFrom(t(0))).isZero();
        lim.setLimitAt(t(0), Limit.of(10));
        assertThat(lim.allowN(t(0), 5)).as("the infinite-limit reservation took nothing").isTrue();
        r.cancelAt(t(0));
        assertThat(lim.tokensAt(t(0))).as("Go would give 3 tokens back that were never taken").isZero();
    }

    @Test
    void zeroLimitReservationBeyondTheTokensIsOkButNeverComes() {
        Limiter lim = limiter(0, 1);
        reserve(lim, 0, 1, 0);
        Reservation r = lim.reserveN(t(0), 1);
        assertThat(r.ok()).as("current Go: ok, with an infinite wait").isTrue();
        assertThat(r.delayFrom(t(0))).isEqualTo(Limiter.INF_DURATION);
        assertThat(lim.tokensAt(t(1000))).isEqualTo(-1.0);
        r.cancelAt(t(5));
        assertThat(lim.tokensAt(t(1000))).as("the borrowed token came back").isZero();
    }

    @Test
    void delayCountsDownOnTheClockAndIsNeverNegative() {
        Limiter lim = limiter(10, 1);
        lim.allow();
        Reservation r = lim.reserve();
        assertThat(r.delay()).isEqualTo(Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(40));
        assertThat(r.delay()).isEqualTo(Duration.ofMillis(60));
        clock.advance(Duration.ofMillis(100));
        assertThat(r.delay()).isZero();
        assertThat(r.delayFrom(t(0))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void cancelReadsTheClock() {
        Limiter lim = limiter(10, 1);
        lim.allow();
        Reservation r = lim.reserve();
        clock.advance(Duration.ofMillis(50));
        r.cancel(); // at 50 ms: -1 + half a token earned + the reserved token back
        assertThat(lim.tokens()).isCloseTo(0.5, within(1e-9));
        clock.advance(Duration.ofMillis(200));
        Reservation late = lim.reserve();
        clock.advance(Duration.ofMillis(1));
        late.cancel(); // its time to act (now-1ms) has passed: nothing back
        assertThat(lim.tokens()).isCloseTo(0.01, within(1e-9));
    }

    @Test
    void toStringShowsTheReservation() {
        Limiter lim = limiter(10, 1);
        assertThat(lim.reserve()).hasToString("Reservation[ok, tokens=1, delay=PT0S]");
        assertThat(lim.reserveN(t(0), 2)).hasToString("Reservation[not ok]");
    }
}
