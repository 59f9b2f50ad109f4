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
