module go4j.dev/go

go 1.19

require (
	golang.org/x/sync v0.1.0
	golang.org/x/time v0.3.0
)

// Debian and Ubuntu ship both modules as source (apt install golang-golang-x-sync-dev
// golang-golang-x-time-dev), so the module builds offline; a replaced directory needs no go.sum entry.
// Elsewhere, drop both lines and fetch the modules once (see README.md):
// go mod edit -dropreplace golang.org/x/sync -dropreplace golang.org/x/time && go mod tidy
replace golang.org/x/sync => /usr/share/gocode/src/golang.org/x/sync

replace golang.org/x/time => /usr/share/gocode/src/golang.org/x/time
