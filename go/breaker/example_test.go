package breaker

// Runnable examples, checked by go test against their Output comments. The Java twin of each is a
// program in examples/src/main/java/dev/go4j/examples/ that prints the same lines.

import (
	"errors"
	"fmt"
	"time"
)

// The breaker page in one program, on a clock that moves only when told: three failures in a row
// open the breaker, an open breaker refuses at once, and after the open timeout one probe is let
// through and its success closes the breaker again. Java twin: examples/.../breaker/BreakerExample.java,
// configured to trip at the same call (a window of 3 calls, all failed).
func Example_breaker() {
	now := time.Date(2009, 11, 10, 23, 0, 0, 0, time.UTC)
	cb := New(Settings{
		Name:        "payments",
		MaxRequests: 1,                // one half-open probe
		Timeout:     30 * time.Second, // how long it stays open
		ReadyToTrip: func(c Counts) bool { return c.ConsecutiveFailures >= 3 },
		OnStateChange: func(name string, from, to State) {
			fmt.Println(name+":", from, "->", to)
		},
		Now: func() time.Time { return now },
	})
	call := func(fail bool) {
		_, err := cb.Execute(func() (interface{}, error) {
			if fail {
				return nil, errors.New("upstream timeout")
			}
			return "ok", nil
		})
		switch {
		case errors.Is(err, ErrOpenState):
			fmt.Println("refused:", cb.Name()+":", err)
		case err != nil:
			fmt.Println("failed:", err)
		default:
			fmt.Println("ok")
		}
	}
	call(false)
	call(true)
	call(true)
	call(true) // the third failure in a row trips it
	call(false)
	now = now.Add(30 * time.Second) // the open timeout has passed: the next call is a probe
	call(false)
	fmt.Println("state:", cb.State())
	// Output:
	// ok
	// failed: upstream timeout
	// failed: upstream timeout
	// payments: closed -> open
	// failed: upstream timeout
	// refused: payments: circuit breaker is open
	// payments: open -> half-open
	// payments: half-open -> closed
	// ok
	// state: closed
}
