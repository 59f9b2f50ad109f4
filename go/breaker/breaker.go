// Package breaker is the Go twin of dev.go4j.patterns.breaker, in sony/gobreaker's shape: Settings,
// Counts, State, Execute, ErrOpenState and ErrTooManyRequests, with a generation per state so that an
// outcome counts only in the state that admitted its call. One mutex guards the state, as in
// gobreaker; the Java twin's closed path is lock-free instead.
package breaker

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// State is a breaker state.
type State int

const (
	StateClosed State = iota
	StateHalfOpen
	StateOpen
)

func (s State) String() string {
	switch s {
	case StateClosed:
		return "closed"
	case StateHalfOpen:
		return "half-open"
	case StateOpen:
		return "open"
	}
	return fmt.Sprintf("unknown state: %d", int(s))
}

// Counts are the outcomes of the current generation.
type Counts struct {
	Requests             uint32
	TotalSuccesses       uint32
	TotalFailures        uint32
	ConsecutiveSuccesses uint32
	ConsecutiveFailures  uint32
}

// Settings configure a breaker; zero fields take gobreaker's defaults.
type Settings struct {
	Name          string
	MaxRequests   uint32               // half-open probes; 0 means 1
	Interval      time.Duration        // closed: clear the counts this often; 0 never
	Timeout       time.Duration        // open duration; 0 means 60 s
	ReadyToTrip   func(Counts) bool    // nil: more than 5 consecutive failures
	IsSuccessful  func(err error) bool // nil: err == nil
	OnStateChange func(name string, from, to State)
	Now           func() time.Time // nil: time.Now; tests pass a fake
}

var (
	// ErrOpenState is returned while the breaker is open.
	ErrOpenState = errors.New("circuit breaker is open")
	// ErrTooManyRequests is returned when the half-open probes are all taken.
	ErrTooManyRequests = errors.New("too many requests")
)

// CircuitBreaker is safe for concurrent use.
type CircuitBreaker struct {
	s Settings

	mu         sync.Mutex
	state      State
	generation uint64
	counts     Counts
	expiry     time.Time
}

// New returns a closed breaker.
func New(s Settings) *CircuitBreaker {
	if s.MaxRequests == 0 {
		s.MaxRequests = 1
	}
	if s.Timeout <= 0 {
		s.Timeout = 60 * time.Second
	}
	if s.ReadyToTrip == nil {
		s.ReadyToTrip = func(c Counts) bool { return c.ConsecutiveFailures > 5 }
	}
	if s.IsSuccessful == nil {
		s.IsSuccessful = func(err error) bool { return err == nil }
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	cb := &CircuitBreaker{s: s}
	cb.newGeneration(s.Now())
	return cb
}

// Name returns the breaker's name.
func (cb *CircuitBreaker) Name() string { return cb.s.Name }

// State returns the current state, moving an open breaker whose timeout has passed to half-open.
func (cb *CircuitBreaker) State() State {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	st, _ := cb.current(cb.s.Now())
	return st
}

// Counts returns the counts of the current generation.
func (cb *CircuitBreaker) Counts() Counts {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	return cb.counts
}

// Execute runs req if the breaker admits it and records its outcome. A panic in req counts as a
// failure and is re-raised.
func (cb *CircuitBreaker) Execute(req func() (interface{}, error)) (interface{}, error) {
	gen, err := cb.before()
	if err != nil {
		return nil, err
	}
	defer func() {
		if e := recover(); e != nil {
			cb.after(gen, false)
			panic(e)
		}
	}()
	res, err := req()
	cb.after(gen, cb.s.IsSuccessful(err))
	return res, err
}

func (cb *CircuitBreaker) before() (uint64, error) {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	st, gen := cb.current(cb.s.Now())
	if st == StateOpen {
		return gen, ErrOpenState
	}
	if st == StateHalfOpen && cb.counts.Requests >= cb.s.MaxRequests {
		return gen, ErrTooManyRequests
	}
	cb.counts.Requests++
	return gen, nil
}

func (cb *CircuitBreaker) after(before uint64, ok bool) {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	now := cb.s.Now()
	st, gen := cb.current(now)
	if gen != before {
		return
	}
	if ok {
		cb.counts.TotalSuccesses++
		cb.counts.ConsecutiveSuccesses++
		cb.counts.ConsecutiveFailures = 0
		if st == StateHalfOpen && cb.counts.ConsecutiveSuccesses >= cb.s.MaxRequests {
			cb.setState(StateClosed, now)
		}
		return
	}
	cb.counts.TotalFailures++
	cb.counts.ConsecutiveFailures++
	cb.counts.ConsecutiveSuccesses = 0
	switch st {
	case StateClosed:
		if cb.s.ReadyToTrip(cb.counts) {
			cb.setState(StateOpen, now)
		}
	case StateHalfOpen:
		cb.setState(StateOpen, now)
	}
}

func (cb *CircuitBreaker) current(now time.Time) (State, uint64) {
	switch cb.state {
	case StateClosed:
		if !cb.expiry.IsZero() && !now.Before(cb.expiry) {
			cb.newGeneration(now)
		}
	case StateOpen:
		if !now.Before(cb.expiry) {
			cb.setState(StateHalfOpen, now)
		}
	}
	return cb.state, cb.generation
}

func (cb *CircuitBreaker) setState(to State, now time.Time) {
	if cb.state == to {
		return
	}
	from := cb.state
	cb.state = to
	cb.newGeneration(now)
	if cb.s.OnStateChange != nil {
		cb.s.OnStateChange(cb.s.Name, from, to)
	}
}

func (cb *CircuitBreaker) newGeneration(now time.Time) {
	cb.generation++
	cb.counts = Counts{}
	switch cb.state {
	case StateClosed:
		if cb.s.Interval > 0 {
			cb.expiry = now.Add(cb.s.Interval)
		} else {
			cb.expiry = time.Time{}
		}
	case StateOpen:
		cb.expiry = now.Add(cb.s.Timeout)
	default:
		cb.expiry = time.Time{}
	}
}

func (cb *CircuitBreaker) String() string {
	return fmt.Sprintf("CircuitBreaker[%s, state=%v]", cb.s.Name, cb.State())
}
