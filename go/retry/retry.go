// Package retry is the Go twin of dev.go4j.patterns.retry: the classic Retry(ctx, attempts, base, fn)
// with full jitter, and a Policy with the four strategies of "Exponential Backoff and Jitter" (AWS
// Architecture Blog, 2015), bounded by a context, with Permanent errors and a retry-after hint.
package retry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"strings"
	"time"
)

// Jitter selects a backoff strategy.
type Jitter int

const (
	// None is plain exponential backoff: min(cap, base*2^k).
	None Jitter = iota
	// Full draws uniformly in [0, min(cap, base*2^k)].
	Full
	// Equal is half the exponential delay plus a uniform draw in the other half.
	Equal
	// Decorrelated draws in [base, 3*previous], capped.
	Decorrelated
)

// Backoff is a strategy with its base and cap.
type Backoff struct {
	Jitter    Jitter
	Base, Cap time.Duration
}

// expo is min(cap, base*2^retry), saturating instead of overflowing.
func expo(base, cap time.Duration, retry int) time.Duration {
	if base <= 0 {
		return 0
	}
	if retry >= 63 || base > cap>>uint(retry) {
		return cap
	}
	if d := base << uint(retry); d < cap {
		return d
	}
	return cap
}

// uniform draws in [lo, hi] with rnd(n) in [0, n).
func uniform(rnd func(int64) int64, lo, hi time.Duration) time.Duration {
	span := int64(hi - lo)
	if span <= 0 {
		return lo
	}
	if span == math.MaxInt64 {
		return lo + time.Duration(rnd(span))
	}
	return lo + time.Duration(rnd(span+1))
}

// Delay is the wait before retry number retry (from 0); prev is the previous delay (0 for none).
// rnd(n) must return a value in [0, n). The result lies in [0, Cap]; it never overflows.
func (b Backoff) Delay(retry int, prev time.Duration, rnd func(int64) int64) time.Duration {
	base, cap := b.Base, b.Cap
	if base < 0 {
		base = 0
	}
	if cap < 0 {
		cap = 0
	}
	switch b.Jitter {
	case Full:
		return uniform(rnd, 0, expo(base, cap, retry))
	case Equal:
		t := expo(base, cap, retry)
		half := t / 2
		return half + uniform(rnd, 0, t-half)
	case Decorrelated:
		if prev < base {
			prev = base
		}
		hi := time.Duration(math.MaxInt64)
		if prev <= math.MaxInt64/3 {
			hi = prev * 3
		}
		if d := uniform(rnd, base, hi); d < cap {
			return d
		}
		return cap
	default:
		return expo(base, cap, retry)
	}
}

type permanent struct{ err error }

func (p *permanent) Error() string { return p.err.Error() }
func (p *permanent) Unwrap() error { return p.err }

// Permanent wraps err so that retrying stops at once (cenkalti/backoff's idiom).
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanent{err}
}

// RetryAfter is implemented by an error that carries a server's hint (HTTP Retry-After).
type RetryAfter interface {
	RetryAfter() time.Duration
}

// GiveUpError is returned when retrying stops on failures: Unwrap gives the last one, Errs all of them
// (errors.Join's shape, kept to Go 1.19).
type GiveUpError struct {
	Attempts int
	Reason   string
	Errs     []error
}

func (e *GiveUpError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "retry: gave up after %d attempt", e.Attempts)
	if e.Attempts != 1 {
		b.WriteString("s")
	}
	fmt.Fprintf(&b, " (%s): %v", e.Reason, e.Errs[len(e.Errs)-1])
	return b.String()
}

// Unwrap returns the last failure, so errors.Is and errors.As see through to it.
func (e *GiveUpError) Unwrap() error { return e.Errs[len(e.Errs)-1] }

// Policy configures Do. The zero Policy makes one attempt.
type Policy struct {
	Attempts          int
	Backoff           Backoff
	PerAttemptTimeout time.Duration    // 0: none
	Retryable         func(error) bool // nil: every error
	OnRetry           func(attempt int, err error, delay time.Duration)
	Rand              func(n int64) int64                  // nil: math/rand's Int63n
	After             func(time.Duration) <-chan time.Time // nil: time.After; tests pass a fake
	Now               func() time.Time                     // nil: time.Now
}

// Retry runs fn up to attempts times with full jitter from base, capped at 100*base, until it
// succeeds, the context is done, or fn returns a Permanent error. The classic helper.
func Retry(ctx context.Context, attempts int, base time.Duration, fn func(ctx context.Context) error) error {
	cap := base * 100
	if base > math.MaxInt64/100 {
		cap = math.MaxInt64
	}
	return Do(ctx, Policy{Attempts: attempts, Backoff: Backoff{Full, base, cap}}, fn)
}

// Do runs fn under p. It returns nil on success, ctx.Err() when the context ends the retries, and a
// *GiveUpError otherwise.
func Do(ctx context.Context, p Policy, fn func(ctx context.Context) error) error {
	rnd := p.Rand
	if rnd == nil {
		rnd = rand.Int63n
	}
	after := p.After
	if after == nil {
		after = time.After
	}
	now := p.Now
	if now == nil {
		now = time.Now
	}
	attempts := p.Attempts
	if attempts < 1 {
		attempts = 1
	}
	var errs []error
	var prev time.Duration
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := once(ctx, p.PerAttemptTimeout, fn)
		if err == nil {
			return nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		var perm *permanent
		if errors.As(err, &perm) {
			return &GiveUpError{n, "not retryable", append(errs, perm.err)}
		}
		errs = append(errs, err)
		if p.Retryable != nil && !p.Retryable(err) {
			return &GiveUpError{n, "not retryable", errs}
		}
		if n >= attempts {
			return &GiveUpError{n, "exhausted", errs}
		}
		delay := p.Backoff.Delay(n-1, prev, rnd)
		var ra RetryAfter
		if errors.As(err, &ra) && ra.RetryAfter() >= 0 {
			delay = ra.RetryAfter()
		}
		if dl, ok := ctx.Deadline(); ok && !now().Add(delay).Before(dl) {
			return &GiveUpError{n, "deadline", errs}
		}
		if p.OnRetry != nil {
			p.OnRetry(n, err, delay)
		}
		if delay > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-after(delay):
			}
		}
		prev = delay
	}
}

func once(ctx context.Context, timeout time.Duration, fn func(ctx context.Context) error) error {
	if timeout <= 0 {
		return fn(ctx)
	}
	c, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return fn(c)
}
