package sync

// The Pool rules, one test each. The Java twin is core/src/test/java/dev/go4j/sync/PoolTest.java.

import (
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
)

// Go: Get "selects an arbitrary item from the Pool, removes it from the Pool, and returns it to the
// caller ... If Get would otherwise return nil and p.New is non-nil, Get returns the result of
// calling p.New." Right after Put on the same goroutine, with no GC in between, the item comes back.
func TestPoolGetReturnsPutObjectOrNew(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes Pool drop a random share of Puts")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(-1)) // a GC would empty the pool
	made := 0
	p := sync.Pool{New: func() any { made++; return made }}
	x := "put"
	p.Put(x)
	if got := p.Get(); got != x {
		t.Fatalf("Get after Put = %v", got)
	}
	if got := p.Get(); got != 1 {
		t.Fatalf("Get on an empty pool = %v, want New's 1", got)
	}
}

func TestZeroPoolReturnsNilWhenEmpty(t *testing.T) {
	var p sync.Pool
	if got := p.Get(); got != nil {
		t.Fatalf("Get = %v", got)
	}
}

// Go: Put(nil) returns at once ("if x == nil { return }").
func TestPutNilIsIgnored(t *testing.T) {
	var p sync.Pool
	p.Put(nil)
	if got := p.Get(); got != nil {
		t.Fatalf("Get = %v", got)
	}
}

func TestNewFailurePropagatesFromGet(t *testing.T) {
	p := sync.Pool{New: func() any { panic("no memory for you") }}
	if got := panicMessage(t, func() { p.Get() }); got != "no memory for you" {
		t.Fatalf("panic %q", got)
	}
}

// Go's pool is emptied by the garbage collector (after one GC in the victim cache, after two for good);
// go4j's by the JVM's collector clearing its SoftReference (poolIsEmptiedWhenTheCollectorClearsItsStorage).
func TestPoolIsEmptiedByTheCollector(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes Pool drop a random share of Puts")
	}
	p := sync.Pool{New: func() any { return "new" }}
	p.Put("old")
	runtime.GC()
	runtime.GC()
	if got := p.Get(); got != "new" {
		t.Fatalf("Get after two GCs = %v", got)
	}
}
