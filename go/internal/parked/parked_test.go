package parked

import (
	"testing"
)

func TestCountAndWaitForSeeAGoroutineParkedInAReceive(t *testing.T) {
	ch := make(chan int)
	done := make(chan struct{})
	go func() { parkedReceiver(ch); close(done) }()

	WaitFor(t, 1, "parked.parkedReceiver(", "chan receive")
	if n := Count("parked.parkedReceiver(", "chan send", "select"); n != 0 {
		t.Fatalf("Count in other states = %d, want 0", n)
	}
	if n := Count("parked.noSuchFunction(", "chan receive"); n != 0 {
		t.Fatalf("Count of another function = %d, want 0", n)
	}
	ch <- 1
	<-done
	WaitFor(t, 0, "parked.parkedReceiver(", "chan receive")
}

func TestUntilReportsTheLastCountWhenItTimesOut(t *testing.T) {
	got, ok := Until(0, "parked.noSuchFunction(", []string{"chan receive"}, func(count int) bool { return count == 1 })
	if ok || got != 0 {
		t.Fatalf("Until = %d, %v; want 0, false", got, ok)
	}
}

//go:noinline
func parkedReceiver(ch <-chan int) { <-ch }
