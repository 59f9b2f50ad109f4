package context

// The context rules, one test each, named like the Java tests of ContextTest.java
// (TestCancelSetsErrToCanceledAndClosesDone here, cancelSetsErrToCanceledAndClosesDone there).

import (
	"context"
	"errors"
	"testing"
	"time"
)

type key struct{ name string }

func TestBackgroundIsNeverCanceledHasNoDeadlineAndNoValues(t *testing.T) {
	bg := context.Background()
	if bg.Err() != nil || bg.Done() != nil {
		t.Fatal("background can be canceled")
	}
	if _, ok := bg.Deadline(); ok {
		t.Fatal("background has a deadline")
	}
	if bg.Value(key{"k"}) != nil {
		t.Fatal("background has a value")
	}
	if s := bg.(interface{ String() string }).String(); s != "context.Background" {
		t.Fatalf("String() = %q", s)
	}
}

func TestCancelSetsErrToCanceledAndClosesDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := ctx.Done()
	if ctx.Err() != nil {
		t.Fatal("err before cancel")
	}
	cancel()
	<-done // closed: does not block
	if !errors.Is(ctx.Err(), context.Canceled) || ctx.Err().Error() != "context canceled" {
		t.Fatalf("err = %v", ctx.Err())
	}
	if ctx.Done() != done {
		t.Fatal("Done returned another channel")
	}
}

func TestCancelReachesEveryDescendantBeforeItReturns(t *testing.T) {
	root, cancel := context.WithCancel(context.Background())
	var all []context.Context
	for i := 0; i < 10; i++ {
		a, ca := context.WithCancel(root)
		defer ca()
		v := context.WithValue(a, key{"k"}, i)
		b, cb := context.WithTimeout(v, time.Hour)
		defer cb()
		all = append(all, a, v, b)
	}
	cancel()
	for _, c := range all {
		if c.Err() != context.Canceled {
			t.Fatalf("%v not canceled when cancel returned", c)
		}
	}
}

func TestCancelOfAChildDoesNotCancelItsParent(t *testing.T) {
	parent, cancelParent := context.WithCancel(context.Background())
	defer cancelParent()
	_, cancelChild := context.WithCancel(parent)
	cancelChild()
	if parent.Err() != nil {
		t.Fatal("parent canceled by its child")
	}
}

func TestChildOfACanceledParentIsBornCanceled(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	cancel()
	child, cancelChild := context.WithCancel(context.WithValue(parent, key{"k"}, "v"))
	defer cancelChild()
	if child.Err() != context.Canceled {
		t.Fatalf("child err = %v", child.Err())
	}
}

func TestTimeoutExpiresWithDeadlineExceeded(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	<-ctx.Done()
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) || ctx.Err().Error() != "context deadline exceeded" {
		t.Fatalf("err = %v", ctx.Err())
	}
}

func TestADeadlineInThePastIsBornExpired(t *testing.T) {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	if ctx.Err() != context.DeadlineExceeded {
		t.Fatalf("err = %v", ctx.Err())
	}
}

func TestAChildsDeadlineIsNeverLaterThanItsParents(t *testing.T) {
	parent, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	child, cancelChild := context.WithTimeout(parent, 10*time.Hour)
	defer cancelChild()
	pd, _ := parent.Deadline()
	cd, _ := child.Deadline()
	if !cd.Equal(pd) {
		t.Fatalf("child deadline %v, parent %v", cd, pd)
	}
}

func TestValueIsLookedUpThroughTheChainAndTheNearestBindingWins(t *testing.T) {
	user := key{"user"}
	a := context.WithValue(context.Background(), user, "alice")
	b, cancel := context.WithCancel(context.WithValue(a, key{"attempt"}, 1))
	defer cancel()
	c := context.WithValue(b, user, "bob")
	if a.Value(user) != "alice" || b.Value(user) != "alice" || c.Value(user) != "bob" || b.Value(key{"attempt"}) != 1 {
		t.Fatal("wrong lookup")
	}
}

func TestKeysWithTheSameNameDoNotCollide(t *testing.T) {
	// Go: keys are compared with ==; two unexported types never collide. Java: Context.Key identity.
	type mine struct{}
	type theirs struct{}
	ctx := context.WithValue(context.Background(), mine{}, "mine")
	if ctx.Value(theirs{}) != nil {
		t.Fatal("collision")
	}
}

func TestToStringIsGosForm(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if s := ctx.(interface{ String() string }).String(); s != "context.Background.WithCancel" {
		t.Fatalf("String() = %q", s)
	}
}
