package time

// Runnable examples, checked by go test against their Output comments. The Java twin of each is a
// program in examples/src/main/java/dev/go4j/examples/ that prints the same lines.

import (
	"fmt"
	"time"
)

// The time page in one program: Stop reports whether it stopped the timer, Reset re-arms it, a
// ticker delivers ticks until stopped, AfterFunc runs a function in its own goroutine, and After is
// a one-shot channel. Java twin: examples/.../time/TimeExample.java.
func Example_time() {
	timer := time.NewTimer(time.Hour)
	fmt.Println("stop before it fires:", timer.Stop())
	fmt.Println("stop again:", timer.Stop())
	timer.Reset(time.Millisecond) // stopped and drained: safe to reset
	<-timer.C
	fmt.Println("fired after reset")

	ticker := time.NewTicker(2 * time.Millisecond)
	for i := 1; i <= 3; i++ {
		<-ticker.C
		fmt.Println("tick", i)
	}
	ticker.Stop() // releases it; C is not closed

	done := make(chan string)
	time.AfterFunc(time.Millisecond, func() { done <- "AfterFunc ran" })
	fmt.Println(<-done)

	<-time.After(time.Millisecond)
	fmt.Println("After delivered")
	// Output:
	// stop before it fires: true
	// stop again: false
	// fired after reset
	// tick 1
	// tick 2
	// tick 3
	// AfterFunc ran
	// After delivered
}
