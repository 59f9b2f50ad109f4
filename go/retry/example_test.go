package retry

// Runnable examples, checked by go test against their Output comments. The Java twin of each is a
// program in examples/src/main/java/dev/go4j/examples/ that prints the same lines.

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// The retry page in one program, with plain exponential backoff (no jitter, so the delays are
// fixed: 1ms, 2ms, 4ms): a call that succeeds on its third attempt, one that exhausts its attempts,
// and a Permanent failure that stops retrying at once. Java twin: examples/.../retry/RetryExample.java.
func Example_retry() {
	ctx := context.Background()
	p := Policy{
		Attempts: 4,
		Backoff:  Backoff{None, time.Millisecond, 4 * time.Millisecond},
		OnRetry: func(attempt int, err error, delay time.Duration) {
			fmt.Printf("attempt %d failed (%v), retry in %v\n", attempt, err, delay)
		},
	}
	calls := 0
	err := Do(ctx, p, func(context.Context) error {
		calls++
		if calls < 3 {
			return errors.New("connection refused")
		}
		return nil
	})
	fmt.Println("result:", err, "after", calls, "attempts")

	err = Do(ctx, p, func(context.Context) error { return errors.New("connection refused") })
	var gaveUp *GiveUpError
	if errors.As(err, &gaveUp) {
		fmt.Printf("gave up after %d attempts (%s): %v\n", gaveUp.Attempts, gaveUp.Reason, gaveUp.Unwrap())
	}

	err = Do(ctx, p, func(context.Context) error { return Permanent(errors.New("404 not found")) })
	if errors.As(err, &gaveUp) {
		fmt.Printf("gave up after %d attempts (%s): %v\n", gaveUp.Attempts, gaveUp.Reason, gaveUp.Unwrap())
	}
	// Output:
	// attempt 1 failed (connection refused), retry in 1ms
	// attempt 2 failed (connection refused), retry in 2ms
	// result: <nil> after 3 attempts
	// attempt 1 failed (connection refused), retry in 1ms
	// attempt 2 failed (connection refused), retry in 2ms
	// attempt 3 failed (connection refused), retry in 4ms
	// gave up after 4 attempts (exhausted): connection refused
	// gave up after 1 attempts (not retryable): 404 not found
}
