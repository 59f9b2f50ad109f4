package channel

// Runnable examples, checked by go test against their Output comments. The Java twins are the
// regions of core/src/test/java/dev/go4j/chan/ChannelSnippets.java published in the Javadoc of
// Channel and Select.

import (
	"fmt"
	"time"
)

// A producer and a range loop. Java twin: ChannelSnippets, region "range".
func Example_range() {
	ch := make(chan int, 16)
	go func() {
		defer close(ch)
		for i := 0; i < 5; i++ {
			ch <- i * i
		}
	}()
	for v := range ch {
		fmt.Println(v)
	}
	// Output:
	// 0
	// 1
	// 4
	// 9
	// 16
}

// A worker loop that stops when told to. Java twin: ChannelSnippets, region "select".
func Example_select() {
	jobs := make(chan string)
	quit := make(chan bool)
	go func() {
		jobs <- "a"
		jobs <- "b"
		quit <- true
	}()
	for {
		select {
		case job := <-jobs:
			fmt.Println("processed", job)
		case <-quit:
			fmt.Println("quit")
			return
		}
	}
	// Output:
	// processed a
	// processed b
	// quit
}

// An idle timeout in a select loop. time.After allocates a new timer on every iteration (before
// Go 1.23 each one stays live until it fires, even when another case won); a loop reuses one
// timer with Stop and Reset. go4j's Select.onTimeout needs neither: it is a park deadline, with no
// timer object and no timer thread.
func Example_timeoutInLoop() {
	events := make(chan string, 2)
	events <- "e1"
	events <- "e2"
	const idle = 50 * time.Millisecond
	timer := time.NewTimer(idle)
	defer timer.Stop()
	for {
		select {
		case e := <-events:
			fmt.Println(e)
			// Reset a timer that may have fired: stop it and drain its channel first (not needed
			// from Go 1.23, where Reset discards a pending value).
			if !timer.Stop() {
				<-timer.C
			}
			timer.Reset(idle)
		case <-timer.C:
			fmt.Println("idle")
			return
		}
	}
	// Output:
	// e1
	// e2
	// idle
}

// The channels page in one program: a buffered channel, a producer that closes it when done, a
// range loop that ends at the close, the two-value receive on a closed channel, and an unbuffered
// channel used as a handshake. Java twin: examples/.../channels/ChannelsExample.java.
func Example_channels() {
	squares := make(chan int, 2) // buffered: the producer runs up to 2 values ahead
	go func() {
		defer close(squares) // the sender closes, never the receiver
		for i := 1; i <= 4; i++ {
			squares <- i * i
		}
	}()
	sum := 0
	for v := range squares { // ends when squares is closed and drained
		fmt.Println("received", v)
		sum += v
	}
	v, ok := <-squares // closed and drained: the zero value and ok == false, at once
	fmt.Println("sum", sum, "then", v, ok)

	ping, pong := make(chan string), make(chan string) // unbuffered: each send waits for its receiver
	go func() {
		for msg := range ping {
			pong <- msg + " pong"
		}
		close(pong)
	}()
	for _, msg := range []string{"one", "two"} {
		ping <- msg
		fmt.Println(<-pong)
	}
	close(ping)
	_, ok = <-pong
	fmt.Println("pong open:", ok)
	// Output:
	// received 1
	// received 4
	// received 9
	// received 16
	// sum 30 then 0 false
	// one pong
	// two pong
	// pong open: false
}

// The select page in one program: a default when nothing is ready, the one ready case firing, a
// timeout, a nil channel disabling a case, a send case, and a closed channel that is always ready.
// Java twin: examples/.../select/SelectExample.java.
func Example_selectCases() {
	fast := make(chan string, 1)
	never := make(chan string) // nobody sends on it

	select { // nothing ready: the default runs, nothing blocks
	case m := <-fast:
		fmt.Println("got", m)
	default:
		fmt.Println("nothing ready")
	}

	fast <- "fast"
	select { // one case is ready: it fires
	case m := <-fast:
		fmt.Println("got", m)
	case m := <-never:
		fmt.Println("got", m)
	}

	select { // nothing becomes ready: the timeout fires
	case m := <-never:
		fmt.Println("got", m)
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timed out")
	}

	out := make(chan int, 1)
	var disabled chan string // a nil channel: its case is never ready
	select {
	case out <- 42:
		fmt.Println("sent", <-out)
	case m := <-disabled:
		fmt.Println("got", m)
	}

	close(never)
	select { // a closed channel is always ready, with the zero value and ok == false
	case m, ok := <-never:
		fmt.Printf("closed: %q %v\n", m, ok)
	case <-time.After(time.Hour):
		fmt.Println("timed out")
	}
	// Output:
	// nothing ready
	// got fast
	// timed out
	// sent 42
	// closed: "" false
}
