package retry

import (
	"context"
	"testing"
	"time"
)

// RetrySuccessBenchmark's Go twin (benchmarks/src/main/java/dev/go4j/patterns/retry/): the cost of a
// retry policy on the success path (the first attempt succeeds), against a direct call.
//
//	go test -run XXX -bench RetrySuccess -benchmem ./retry/

var sink int

func BenchmarkRetrySuccess(b *testing.B) {
	ctx := context.Background()
	fn := func(context.Context) error { sink++; return nil }
	b.Run("impl=DIRECT", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = fn(ctx)
		}
	})
	p := Policy{Attempts: 3, Backoff: Backoff{Full, time.Millisecond, time.Second}}
	b.Run("impl=GO4J", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = Do(ctx, p, fn)
		}
	})
}
