//go:build go1.23

package time

// The timer rules that Go 1.23 changed, and that go4j follows; built only by Go 1.23 and newer.

import (
	"testing"
	"time"
)

func TestStopAfterFiringButBeforeReceiveReturnsTrueAndDiscardsTheValue(t *testing.T) {
	timer := time.NewTimer(time.Millisecond)
	time.Sleep(10 * time.Millisecond) // fired, not received
	if !timer.Stop() {
		t.Fatal("Stop returned false: Go 1.23 reports an unreceived value as stopped")
	}
	select {
	case <-timer.C:
		t.Fatal("stale value received after Stop")
	default:
	}
}

func TestResetDiscardsAValueFromBeforeTheReset(t *testing.T) {
	timer := time.NewTimer(time.Millisecond)
	time.Sleep(10 * time.Millisecond)
	if !timer.Reset(time.Hour) {
		t.Fatal("Reset returned false")
	}
	select {
	case <-timer.C:
		t.Fatal("stale value received after Reset")
	default:
	}
	timer.Stop()
}
