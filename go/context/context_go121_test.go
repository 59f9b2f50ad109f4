//go:build go1.21

package context

// Rules of the context API added in Go 1.20 and 1.21; built only by Go 1.21 and newer.

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestCauseIsTheGivenCauseHereAndInEveryDescendant(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	child, cancelChild := context.WithCancel(ctx)
	defer cancelChild()
	why := errors.New("why")
	cancel(why)
	if ctx.Err() != context.Canceled || context.Cause(ctx) != why || context.Cause(child) != why {
		t.Fatal("cause lost")
	}
	cancel(errors.New("second")) // the first cause wins
	if context.Cause(ctx) != why {
		t.Fatal("second cause won")
	}
}

func TestTimeoutCauseIsTheCauseOfTheExpiry(t *testing.T) {
	slow := errors.New("backend too slow")
	ctx, cancel := context.WithTimeoutCause(context.Background(), time.Millisecond, slow)
	defer cancel()
	<-ctx.Done()
	if ctx.Err() != context.DeadlineExceeded || context.Cause(ctx) != slow {
		t.Fatal("cause lost")
	}
}

func TestWithoutCancelKeepsTheValuesButIsNeverCanceled(t *testing.T) {
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), key{"user"}, "alice"))
	detached := context.WithoutCancel(parent)
	cancel()
	if detached.Err() != nil || detached.Done() != nil || context.Cause(detached) != nil || detached.Value(key{"user"}) != "alice" {
		t.Fatal("WithoutCancel inherited the cancellation or lost the value")
	}
}

func TestAfterFuncStopBeforeCancelPreventsTheCall(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{}, 1)
	stop := context.AfterFunc(ctx, func() { ran <- struct{}{} })
	if !stop() {
		t.Fatal("stop did not stop")
	}
	cancel()
	if stop() {
		t.Fatal("second stop returned true")
	}
}

func TestAfterFuncCallsTheFunctionWhenTheContextIsCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	stop := context.AfterFunc(ctx, func() { close(ran) })
	cancel()
	<-ran
	if stop() {
		t.Fatal("stop after the call returned true")
	}
}
