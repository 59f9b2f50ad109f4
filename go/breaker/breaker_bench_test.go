package breaker

import "testing"

// BreakerClosedBenchmark's Go twin (benchmarks/src/main/java/dev/go4j/patterns/breaker/): the cost of
// a closed breaker around a call that succeeds, against a direct call.
//
//	go test -run XXX -bench BreakerClosed -benchmem ./breaker/

var sink int

func BenchmarkBreakerClosed(b *testing.B) {
	req := func() (interface{}, error) { sink++; return nil, nil }
	b.Run("impl=DIRECT", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_, _ = req()
		}
	})
	cb := New(Settings{Name: "bench"})
	b.Run("impl=GO4J", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_, _ = cb.Execute(req)
		}
	})
	b.Run("impl=GO4J_PARALLEL", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_, _ = cb.Execute(req)
			}
		})
	})
}
