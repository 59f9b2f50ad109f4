package dev.go4j.patterns.retry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model checking of {@link TokenRetryBudget}, the budget many callers share: every
 * interleaving of recorded successes and failures, retry checks and token reads is linearizable with
 * respect to gRPC's sequential rule (a failure costs one token, never below zero; a success earns the
 * ratio, never above the maximum; a retry is allowed while the count is above half the maximum).
 * Maximum 3, ratio 0.5, so a few operations reach both bounds and the half-way line.
 *
 * <p>Counter-example kept in this file, shown to fail: {@link ReadThenWrite}, the same rule with a
 * read and a separate write, which loses a concurrent update.
 */
@Timeout(120)
public class TokenRetryBudgetLincheckTest {

    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(20)
                .invocationsPerIteration(200)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(Model.class);
    }

    @Test
    void successesFailuresAndRetryChecksAreLinearizable() {
        options().check(Ops.class);
    }

    @Test
    void aReadThenWriteBudgetIsCaught() {
        assertThatThrownBy(() -> options().check(ReadThenWrite.class)).isInstanceOf(LincheckAssertionError.class);
    }

    /** The operations on the real budget. */
    public static class Ops {
        private final TokenRetryBudget budget = new TokenRetryBudget(3, 0.5);

        @Operation
        public void onSuccess() {
            budget.onSuccess();
        }

        @Operation
        public void onFailure() {
            budget.onFailure();
        }

        @Operation
        public boolean tryRetry() {
            return budget.tryRetry();
        }

        @Operation
        public double tokens() {
            return budget.tokens();
        }
    }

    /** gRPC's rule, sequentially, in thousandths of a token. */
    public static class Model {
        private long tokens = 3000;

        public void onSuccess() {
            tokens = Math.min(3000, tokens + 500);
        }

        public void onFailure() {
            tokens = Math.max(0, tokens - 1000);
        }

        public boolean tryRetry() {
            return tokens > 1500;
        }

        public double tokens() {
            return tokens / 1000.0;
        }
    }

    /** Broken on purpose: read, then write, so a concurrent update between the two is lost. */
    public static class ReadThenWrite {
        private final AtomicLong tokens = new AtomicLong(3000);

        @Operation
        public void onSuccess() {
            long t = tokens.get();
            tokens.set(Math.min(3000, t + 500));
        }

        @Operation
        public void onFailure() {
            long t = tokens.get();
            tokens.set(Math.max(0, t - 1000));
        }

        @Operation
        public boolean tryRetry() {
            return tokens.get() > 1500;
        }

        @Operation
        public double tokens() {
            return tokens.get() / 1000.0;
        }
    }
}
