package dev.go4j.examples.retry;

import dev.go4j.context.Context;
import dev.go4j.patterns.retry.Jitter;
import dev.go4j.patterns.retry.Permanent;
import dev.go4j.patterns.retry.RetryException;
import dev.go4j.patterns.retry.RetryListener;
import dev.go4j.patterns.retry.RetryPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Locale;

/**
 * The retry page in one program, with plain exponential backoff (no jitter, so the delays are fixed:
 * 1ms, 2ms, 4ms): a call that succeeds on its third attempt, one that exhausts its attempts, and a
 * {@link Permanent} failure that stops retrying at once.
 *
 * <p>Go twin: {@code Example_retry} in {@code go/retry/example_test.go}; both print the same lines.
 */
public final class RetryExample {

    private RetryExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting between attempts
     */
    public static void main(String[] args) throws InterruptedException {
        Context ctx = Context.background();
        RetryPolicy p = RetryPolicy.builder()
                .maxAttempts(4)
                .backoff(Jitter.NONE, Duration.ofMillis(1), Duration.ofMillis(4))
                .listener(new RetryListener() {
                    @Override
                    public void onRetry(int attempt, Throwable failure, Object result, Duration delay) {
                        System.out.println("attempt " + attempt + " failed (" + failure.getMessage() + "), retry in "
                                + delay.toMillis() + "ms");
                    }
                })
                .build();
        int[] calls = {0};
        p.call(ctx, c -> {
            if (++calls[0] < 3) {
                throw new ConnectException("connection refused");
            }
            return "ok";
        });
        System.out.println("result: <nil> after " + calls[0] + " attempts");

        try {
            p.call(ctx, c -> {
                throw new ConnectException("connection refused");
            });
        } catch (RetryException e) {
            System.out.println(gaveUp(e));
        }

        try {
            p.call(ctx, c -> {
                throw new Permanent(new IOException("404 not found"));
            });
        } catch (RetryException e) {
            System.out.println(gaveUp(e));
        }
    }

    /** The Go twin's line for a give-up: attempts, reason and the last failure. */
    private static String gaveUp(RetryException e) {
        return "gave up after " + e.attempts() + " attempts ("
                + e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "): " + e.getCause().getMessage();
    }
}
