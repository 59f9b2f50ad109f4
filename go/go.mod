module go4j.dev/go

go 1.19

require golang.org/x/time v0.3.0

// Debian and Ubuntu ship golang.org/x/time v0.3.0 as source (apt install golang-golang-x-time-dev),
// so the module builds offline; a replaced directory needs no go.sum entry. Elsewhere, drop this line
// (go mod edit -dropreplace golang.org/x/time) and run go mod download golang.org/x/time.
replace golang.org/x/time => /usr/share/gocode/src/golang.org/x/time
