package breaker

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The transitions of go4j's CircuitBreaker (dev.go4j.patterns.breaker) in gobreaker's shape, at fixed
// instants of a fake clock.

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

var errDown = errors.New("down")

func setup() (*CircuitBreaker, *fakeClock, *[]string) {
	clock := &fakeClock{time.Date(2009, 11, 10, 23, 0, 0, 0, time.UTC)}
	var changes []string
	cb := New(Settings{
		Name:        "db",
		MaxRequests: 2,
		Timeout:     30 * time.Second,
		ReadyToTrip: func(c Counts) bool { return c.Requests >= 4 && c.TotalFailures*2 >= c.Requests },
		OnStateChange: func(name string, from, to State) {
			changes = append(changes, fmt.Sprintf("%v->%v", from, to))
		},
		Now: clock.now,
	})
	return cb, clock, &changes
}

func succeed(cb *CircuitBreaker) error {
	_, err := cb.Execute(func() (interface{}, error) { return "ok", nil })
	return err
}

func fail(cb *CircuitBreaker) error {
	_, err := cb.Execute(func() (interface{}, error) { return nil, errDown })
	return err
}

func open(t *testing.T, cb *CircuitBreaker) {
	for i := 0; i < 4; i++ {
		fail(cb)
	}
	if cb.State() != StateOpen {
		t.Fatalf("state %v, want open", cb.State())
	}
}

func TestClosed_StaysClosedBelowTheMinimumNumberOfCalls(t *testing.T) {
	cb, _, _ := setup()
	fail(cb)
	fail(cb)
	fail(cb)
	if cb.State() != StateClosed {
		t.Fatal("opened too soon")
	}
}

func TestCountWindow_OpensWhenTheFailureRateReachesTheThreshold(t *testing.T) {
	cb, _, changes := setup()
	succeed(cb)
	fail(cb)
	succeed(cb)
	fail(cb)
	if cb.State() != StateOpen || fmt.Sprint(*changes) != "[closed->open]" {
		t.Fatalf("state %v, changes %v", cb.State(), *changes)
	}
}

func TestOpen_RefusesUntilTheOpenDurationHasPassed_ThenHalfOpen(t *testing.T) {
	cb, clock, _ := setup()
	open(t, cb)
	if err := succeed(cb); err != ErrOpenState {
		t.Fatalf("got %v", err)
	}
	clock.advance(30*time.Second - 1)
	if cb.State() != StateOpen {
		t.Fatal("half-open too soon")
	}
	clock.advance(1)
	if cb.State() != StateHalfOpen {
		t.Fatal("not half-open at the timeout")
	}
}

func TestHalfOpen_AdmitsExactlyItsProbes_ThenClosesWhenTheyPass(t *testing.T) {
	cb, clock, changes := setup()
	open(t, cb)
	clock.advance(30 * time.Second)
	release := make(chan struct{})
	var wg sync.WaitGroup
	var admitted, refused int32
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := cb.Execute(func() (interface{}, error) { <-release; return nil, nil })
			if err == ErrTooManyRequests {
				atomic.AddInt32(&refused, 1)
			} else {
				atomic.AddInt32(&admitted, 1)
			}
		}()
	}
	for atomic.LoadInt32(&refused) < 6 {
		time.Sleep(time.Millisecond) // wait for the six refusals; the two probes block on release
	}
	close(release)
	wg.Wait()
	if admitted != 2 || cb.State() != StateClosed {
		t.Fatalf("admitted %d, state %v", admitted, cb.State())
	}
	if fmt.Sprint(*changes) != "[closed->open open->half-open half-open->closed]" {
		t.Fatalf("changes %v", *changes)
	}
}

func TestHalfOpen_ReopensWhenAProbeFails(t *testing.T) {
	cb, clock, _ := setup()
	open(t, cb)
	clock.advance(30 * time.Second)
	fail(cb)
	if cb.State() != StateOpen {
		t.Fatal("a failed probe did not reopen it")
	}
}

func TestOutcomeOfAnEarlierGeneration_IsNotCounted(t *testing.T) {
	cb, clock, _ := setup()
	gen, _ := cb.before()
	open(t, cb)
	clock.advance(30 * time.Second)
	cb.State()
	cb.after(gen, true)
	cb.after(gen, true)
	if cb.State() != StateHalfOpen {
		t.Fatal("a late outcome moved the half-open breaker")
	}
}
