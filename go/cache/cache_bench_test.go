package cache

// Cache cost, in the shape of CacheReadWriteBenchmark
// (benchmarks/src/main/java/dev/go4j/patterns/cache/): 2 goroutines share a cache holding all of
// `keys` keys (set before the timer starts, with a ttl no run outlives) and call Get or Set on keys
// drawn from a Zipf distribution, so a few keys are hot (rand.NewZipf with s = 1.01, v = 1: Go's Zipf
// needs s > 1, the closest to the 0.99 of YCSB-style generators). The draws are made before the timer
// starts; each goroutine walks the same sequence from its own offset. One op is one Get or Set; the
// two goroutines split b.N, so ns/op is wall time per op (the inverse of JMH's summed throughput).
//
//	impl=RWMUTEX_MAP  Cache: one map under one sync.RWMutex (the literal Go port)
//	impl=SHARDED      Sharded: 16 such maps, chosen by key hash
//
//	workload=READ_100           only Get
//	workload=READ_90_WRITE_10   one Set in ten ops
//	workload=READ_50_WRITE_50   one Set in two ops
//
// Run with:
//
//	go test -run XXX -bench CacheReadWrite -benchmem ./cache/
//
// (Go 1.24's b.Loop would replace the b.N loops; this module stays on 1.19.)

import (
	"fmt"
	"math/rand"
	"strconv"
	"sync"
	"testing"
	"time"
)

const (
	keys    = 1 << 16 // distinct keys, all present
	draws   = 1 << 20 // Zipf draws, walked in a ring
	threads = 2
	shards  = 16
)

type workload struct {
	name        string
	writesPer10 int // Sets among every ten ops
}

var workloads = []workload{
	{"READ_100", 0},
	{"READ_90_WRITE_10", 1},
	{"READ_50_WRITE_50", 5},
}

type cacheImpl struct {
	name string
	make func() (get func(string) (int, bool), set func(string, int), close func())
}

var cacheImpls = []cacheImpl{
	{"RWMUTEX_MAP", func() (func(string) (int, bool), func(string, int), func()) {
		c := New[int](time.Hour, time.Minute)
		return c.Get, c.Set, c.Close
	}},
	{"SHARDED", func() (func(string) (int, bool), func(string, int), func()) {
		c := NewSharded[int](shards, time.Hour, time.Minute)
		return c.Get, c.Set, c.Close
	}},
}

func BenchmarkCacheReadWrite(b *testing.B) {
	names := make([]string, keys)
	for i := range names {
		names[i] = "key-" + strconv.Itoa(i)
	}
	zipf := rand.NewZipf(rand.New(rand.NewSource(42)), 1.01, 1, keys-1)
	seq := make([]int32, draws)
	for i := range seq {
		seq[i] = int32(zipf.Uint64())
	}
	for _, im := range cacheImpls {
		for _, w := range workloads {
			im, w := im, w
			b.Run(fmt.Sprintf("impl=%s/workload=%s", im.name, w.name), func(b *testing.B) {
				get, set, closeCache := im.make()
				defer closeCache()
				for i, k := range names {
					set(k, i)
				}
				b.ReportAllocs()
				var wg sync.WaitGroup
				start := make(chan struct{})
				for g := 0; g < threads; g++ {
					n := b.N / threads
					if g == 0 {
						n += b.N % threads
					}
					at := g * draws / threads
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						misses := 0
						for i := 0; i < n; i++ {
							k := seq[(at+i)&(draws-1)]
							if i%10 < w.writesPer10 {
								set(names[k], int(k))
							} else if _, ok := get(names[k]); !ok {
								misses++
							}
						}
						if misses > 0 {
							b.Errorf("%d misses on a cache holding every key", misses)
						}
					}()
				}
				b.ResetTimer()
				close(start)
				wg.Wait()
			})
		}
	}
}
