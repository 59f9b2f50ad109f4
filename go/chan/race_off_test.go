//go:build !race

package channel

// raceEnabled reports whether the test binary was built with -race (the stdlib's internal/race
// habit). See TestCloseWakesBlockedSendersWithPanic.
const raceEnabled = false
