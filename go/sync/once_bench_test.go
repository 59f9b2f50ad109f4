package sync

// Once costs, in the shapes of the JMH benchmarks in benchmarks/src/main/java/dev/go4j/sync/:
//
//	BenchmarkOnce           OnceBenchmark           read a value initialized earlier (the steady state)
//	BenchmarkOnceFirstCall  OnceFirstCallBenchmark  a new Once (or OnceValue) and its first call
//
// Java's HOLDER idiom is a package-level variable here (initialized before main), VOLATILE_READ an
// atomic.Pointer load; Go has no double-checked-locking idiom (Once is the idiom). Run with:
// go test -run XXX -bench Once -benchmem ./sync/

import (
	"sync"
	"sync/atomic"
	"testing"
)

type config struct{ n int }

var (
	sink          any
	packageVar    = &config{1} // the holder idiom's Go equivalent
	benchOnce     sync.Once
	benchOnceVal  *config
	benchValue    = OnceValue(func() *config { return &config{2} })
	benchVolatile atomic.Pointer[config]
)

func BenchmarkOnce(b *testing.B) {
	benchOnce.Do(func() { benchOnceVal = &config{3} })
	benchValue()
	benchVolatile.Store(&config{4})
	b.Run("impl=ONCE_RUN", func(b *testing.B) {
		var c *config
		for i := 0; i < b.N; i++ {
			benchOnce.Do(func() { benchOnceVal = &config{3} })
			c = benchOnceVal
		}
		sink = c
	})
	b.Run("impl=ONCE_VALUE", func(b *testing.B) {
		var c *config
		for i := 0; i < b.N; i++ {
			c = benchValue()
		}
		sink = c
	})
	b.Run("impl=HOLDER", func(b *testing.B) {
		var c *config
		for i := 0; i < b.N; i++ {
			c = packageVar
		}
		sink = c
	})
	b.Run("impl=VOLATILE_READ", func(b *testing.B) {
		var c *config
		for i := 0; i < b.N; i++ {
			c = benchVolatile.Load()
		}
		sink = c
	})
}

func BenchmarkOnceFirstCall(b *testing.B) {
	b.Run("impl=ONCE_RUN", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			once := new(sync.Once) // escapes, as Java's new Once does
			var c *config
			once.Do(func() { c = &config{i} })
			sink = c
		}
	})
	b.Run("impl=ONCE_VALUE", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			v := OnceValue(func() *config { return &config{5} })
			sink = v()
		}
	})
}
