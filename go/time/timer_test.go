package time

// Timer and ticker rules that hold on every Go from 1.19 on, named like the Java tests.

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestTimerSendsTheTimeOnceAfterItsDelay(t *testing.T) {
	start := time.Now()
	timer := time.NewTimer(10 * time.Millisecond)
	fired := <-timer.C
	if fired.Before(start.Add(10 * time.Millisecond)) {
		t.Fatalf("fired early: %v after start", fired.Sub(start))
	}
	select {
	case <-timer.C:
		t.Fatal("fired twice")
	case <-time.After(20 * time.Millisecond):
	}
}

func TestStopBeforeFiringReturnsTrueAndTheTimerNeverFires(t *testing.T) {
	timer := time.NewTimer(time.Hour)
	if !timer.Stop() {
		t.Fatal("Stop of a pending timer returned false")
	}
	if timer.Stop() {
		t.Fatal("second Stop returned true")
	}
}

func TestStopAfterTheValueWasReceivedReturnsFalse(t *testing.T) {
	timer := time.NewTimer(time.Millisecond)
	<-timer.C
	if timer.Stop() {
		t.Fatal("Stop after receive returned true")
	}
}

func TestResetAfterTheValueWasReceivedReturnsFalseAndFiresAgain(t *testing.T) {
	timer := time.NewTimer(time.Millisecond)
	<-timer.C
	if timer.Reset(time.Millisecond) {
		t.Fatal("Reset of an expired timer returned true")
	}
	<-timer.C
}

func TestAfterFuncCallsTheFunctionInItsOwnGoroutine(t *testing.T) {
	ran := make(chan struct{})
	timer := time.AfterFunc(time.Millisecond, func() { close(ran) })
	<-ran
	if timer.Stop() {
		t.Fatal("Stop after the call returned true")
	}
	if timer.C != nil {
		t.Fatal("an AfterFunc timer has a channel")
	}
}

func TestAfterFuncStopBeforeFiringReturnsTrueAndTheFunctionNeverRuns(t *testing.T) {
	timer := time.AfterFunc(time.Hour, func() { panic("ran") })
	if !timer.Stop() {
		t.Fatal("Stop of a pending AfterFunc returned false")
	}
}

func TestTickerTicksEveryPeriod(t *testing.T) {
	ticker := time.NewTicker(time.Millisecond)
	defer ticker.Stop()
	a, b := <-ticker.C, <-ticker.C
	if !b.After(a) {
		t.Fatal("ticks out of order")
	}
}

func TestSlowReceiverMissesTicks(t *testing.T) {
	ticker := time.NewTicker(time.Millisecond)
	defer ticker.Stop()
	if cap(ticker.C) != 1 {
		t.Fatalf("cap = %d", cap(ticker.C))
	}
	time.Sleep(50 * time.Millisecond) // ~50 ticks, one slot: the first stays, the others are dropped
	if age := time.Since(<-ticker.C); age < 10*time.Millisecond {
		t.Fatalf("the buffered tick is %v old: later ticks replaced it instead of being dropped", age)
	}
}

func TestNonPositivePeriodPanicsWithGosMessage(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "non-positive interval for NewTicker") {
			t.Fatalf("recovered %v", r)
		}
	}()
	time.NewTicker(0)
}

func TestTickReturnsNilForANonPositivePeriod(t *testing.T) {
	if time.Tick(0) != nil || time.Tick(-time.Second) != nil {
		t.Fatal("Tick(d <= 0) is not nil")
	}
}
