package channel

// The select rules of the Go spec, one test each. The Java twin is
// core/src/test/java/dev/go4j/chan/SelectTest.java (TestSelectChoosesUniformly here,
// selectChoosesUniformly there).

import (
	"testing"
	"time"
)

// Go: if several cases are ready, one is chosen by a uniform pseudo-random selection.
// go4j: Select.run() polls the cases in a random permutation, as Go's selectgo does.
func TestSelectChoosesUniformly(t *testing.T) {
	const trials = 40000
	chans := [4]chan int{make(chan int, 1), make(chan int, 1), make(chan int, 1), make(chan int, 1)}
	for _, c := range chans {
		c <- 0
	}
	var count [4]int
	for i := 0; i < trials; i++ {
		var k int
		select {
		case <-chans[0]:
			k = 0
		case <-chans[1]:
			k = 1
		case <-chans[2]:
			k = 2
		case <-chans[3]:
			k = 3
		}
		count[k]++
		chans[k] <- 0 // stays ready
	}
	// Each count is Binomial(40000, 1/4): mean 10000, standard deviation 87. A bound of 10% is
	// more than 11 standard deviations: it never fails by chance, and it fails for any select
	// that prefers a case (source order would give 40000, 0, 0, 0).
	for k, c := range count {
		if c < trials/4*9/10 || c > trials/4*11/10 {
			t.Fatalf("case %d chosen %d times of %d: %v, want about %d each", k, c, trials, count, trials/4)
		}
	}
}

// Go: with a default case, select never blocks: default runs when no case is ready, and never
// when one is. go4j: Select.orDefault(...).
func TestSelectDefault(t *testing.T) {
	a, b := make(chan int), make(chan int, 1)
	ran := ""
	select {
	case <-a:
		ran = "a"
	case <-b:
		ran = "b"
	default:
		ran = "default"
	}
	if ran != "default" {
		t.Fatalf("no case ready: ran %s, want default", ran)
	}
	b <- 7
	select {
	case <-a:
		ran = "a"
	case v := <-b:
		ran = "b"
		if v != 7 {
			t.Fatalf("received %d", v)
		}
	default:
		ran = "default"
	}
	if ran != "b" {
		t.Fatalf("case b ready: ran %s, want b", ran)
	}
}

// Go: case <-time.After(d) fires when no other case has within d, and not before d.
// go4j: Select.onTimeout(d, ...) — no timer thread: the selecting thread parks with a deadline.
func TestSelectTimeout(t *testing.T) {
	ch := make(chan int)
	const d = 20 * time.Millisecond
	start := time.Now()
	select {
	case <-ch:
		t.Fatal("received from a channel nobody sends on")
	case <-time.After(d):
	}
	if elapsed := time.Since(start); elapsed < d {
		t.Fatalf("timeout fired after %v, before %v", elapsed, d)
	}
	// A ready case wins over a timeout that has not expired.
	ready := make(chan int, 1)
	ready <- 1
	select {
	case <-ready:
	case <-time.After(time.Hour):
		t.Fatal("timeout fired with a ready case")
	}
}

// Go: a select with no ready case and no default parks until a case becomes ready.
// go4j: Select.run() parks (no polling) and is woken by the operation that fires a case.
func TestSelectBlocksUntilACaseIsReady(t *testing.T) {
	a, b := make(chan int), make(chan int)
	got := make(chan string, 1)
	go func() {
		select {
		case v := <-a:
			got <- "a" + string(rune('0'+v))
		case v := <-b:
			got <- "b" + string(rune('0'+v))
		}
	}()
	waitBlocked(t, 1, "select")
	b <- 5 // completes only because the parked select takes it
	if g := <-got; g != "b5" {
		t.Fatalf("select fired %s, want b5", g)
	}
}

// Go: a receive case on a closed channel is always ready, with the zero value and ok == false.
// go4j: onReceive's action gets null.
func TestSelectReceiveOnClosedChannelIsReady(t *testing.T) {
	open, closed := make(chan int), make(chan int)
	close(closed)
	for i := 0; i < 100; i++ {
		select {
		case <-open:
			t.Fatal("open channel fired")
		case v, ok := <-closed:
			if ok || v != 0 {
				t.Fatalf("closed channel: %d, %v; want 0, false", v, ok)
			}
		}
	}
}

// Go: a send case on a closed channel panics when it is chosen, even with a default.
// go4j: Select.run() throws ChannelClosedException("send on closed channel").
func TestSelectSendOnClosedChannelPanics(t *testing.T) {
	ch := make(chan int, 1)
	close(ch)
	got := panicMessage(t, func() {
		select {
		case ch <- 1:
		default:
		}
	})
	if got != "send on closed channel" {
		t.Fatalf("panic %q", got)
	}
}

// Go: a case on a nil channel is never ready — the trick that disables a case in a select
// loop. go4j: pass Channel.nil() as the case's channel.
func TestNilChannelCaseNeverReady(t *testing.T) {
	var never chan int
	ready := make(chan int, 1)
	for i := 0; i < 1000; i++ {
		ready <- i
		select {
		case <-never:
			t.Fatal("receive case on a nil channel fired")
		case never <- 1:
			t.Fatal("send case on a nil channel fired")
		case v := <-ready:
			if v != i {
				t.Fatalf("received %d, want %d", v, i)
			}
		}
	}
	// The trick in use: merge two channels, switching each case off when its channel closes.
	a, b := make(chan int), make(chan int)
	go func() { a <- 1; a <- 2; close(a) }()
	go func() { b <- 10; close(b) }()
	sum := 0
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil // without this the closed channel would fire forever (a busy loop)
				continue
			}
			sum += v
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			sum += v
		}
	}
	if sum != 13 {
		t.Fatalf("merged sum %d, want 13", sum)
	}
}

// Go: select {} with no cases blocks forever. go4j: Select.blockForever() (a Select with no cases,
// no default and no timeout throws IllegalStateException instead of hanging by accident).
func TestEmptySelectBlocksForever(t *testing.T) {
	// The goroutine never ends (Go has no way to wake it); it leaks until the test binary exits.
	before := countBlocked(t.Name(), "select (no cases)") // leaked by earlier runs (-count)
	go func() { select {} }()
	waitBlocked(t, before+1, "select (no cases)")
}

// Go: the same channel may appear in two cases; each ready receive fires one case, and the
// choice between the two is random. go4j: the same (the channel is locked once).
func TestSelectSameChannelInTwoCases(t *testing.T) {
	const trials = 10000
	ch := make(chan int, 1)
	var first, second int
	for i := 0; i < trials; i++ {
		ch <- i
		select {
		case v := <-ch:
			if v != i {
				t.Fatalf("received %d, want %d", v, i)
			}
			first++
		case v := <-ch:
			if v != i {
				t.Fatalf("received %d, want %d", v, i)
			}
			second++
		}
		if len(ch) != 0 {
			t.Fatal("one select received twice")
		}
	}
	// Binomial(10000, 1/2): standard deviation 50; 40% to 60% is 20 standard deviations.
	if first < trials*4/10 || second < trials*4/10 {
		t.Fatalf("first case %d, second %d of %d: want about half each", first, second, trials)
	}
}
